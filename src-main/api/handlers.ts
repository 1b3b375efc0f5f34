import type { BackupService } from '../core/backup/service'
import type { ClipboardGuard } from '../core/clipboard-guard'
import type { DesktopInbox } from '../core/desktop-inbox'
import { catalogEntry } from '../core/platform-catalog'
import { invalid } from '../core/errors'
import type { DoctorService } from '../core/doctor-service'
import type { PlacementService } from '../core/placements/service'
import type { ImportService } from '../core/import/service'
import type { CopiesService } from '../core/placements/copies'
import type { ConnectionService } from '../core/connections/service'
import type { ReminderService } from '../core/reminders/service'
import type { SdkConfigService } from '../core/sdk-config/service'
import type { Vault } from '../core/vault'
import type { ScanService } from '../core/scan/service'
import type { FoundCopies } from '../core/scan/found-copies'
import { refused } from '../core/errors'
import type { Handlers } from '../../src-preload/contract/types'
import type { EventName } from '../../src-preload/contract/types'

/** How many tokens needing attention, and how many due reminders, the UI receives (soonest first). */
const ATTENTION_SHOWN = 50

export interface HandlerDeps {
  vault: Vault
  /** Platform connections; connected tokens are revoked/restored/deleted on the platform first. */
  connections: ConnectionService
  clipboard: ClipboardGuard
  /** Reminder ledger and planner (src-main/core/services.ts builds both services). */
  reminders: ReminderService
  /** SDK config files; its home is injected so tests never touch the real one. */
  sdkConfig: SdkConfigService
  /** What the shell holds for the window (a token to open, notices). */
  inbox: DesktopInbox
  /** Keychain entries without a token: reclaim, adopt, purge. */
  doctor: DoctorService
  /** Where tokens were written into files. */
  placements: PlacementService
  /** Updating and removing those copies. */
  copies: CopiesService
  /** The credentials already in files on this computer, and their import. */
  imports: ImportService
  /** Encrypted backup and restore of the vault. */
  backup: BackupService
  /** Scans for plaintext copies of the held secrets (a worker thread in the app). */
  scan: ScanService
  /** The copies scan found, with their state now. */
  foundCopies: FoundCopies
  /** The user's home folder, where a new backup is suggested. */
  home: string
  /** Pushes an event to the renderer (IPC in the app, the loopback stream in browser tests). */
  emit: (event: EventName, payload: unknown) => void
  /** Opens a URL in the system browser (shell.openExternal in the app; recorded in browser tests). */
  openExternal: (url: string) => Promise<void>
}

/**
 * The bridge's handlers: thin adapters from contract calls to the vault. Every rule lives in the
 * vault; these only shape results and announce changes.
 */
export function createHandlers({ vault, connections, clipboard, reminders, sdkConfig, inbox, doctor, placements, copies, imports, backup, scan, foundCopies, home, emit, openExternal }: HandlerDeps): Handlers {
  const changed = (ids: string[]) => emit('tokensChanged', { ids })
  /** The scan running now, if any: one at a time, so Cancel knows what it ends. */
  let scanning: AbortController | null = null
  return {
    tokens: {
      list: (q) => vault.list(q),
      show: ({ id }) => vault.show(id),
      expiring: () => vault.attention(ATTENTION_SHOWN),
      add: async ({ token, secret }) => {
        const t = await vault.add(token, secret)
        changed([t.id])
        return t
      },
      checkNew: ({ kind, platform, secret }) => connections.checkUnsaved({ kind, platform }, secret),
      revoke: async ({ id }) => {
        const t = await connections.revoke(id)
        changed([t.id])
        return t
      },
      restore: async ({ id }) => {
        const t = await connections.restore(id)
        changed([t.id])
        return t
      },
      delete: async ({ id }) => {
        const { token } = vault.show(id)
        await connections.delete(id)
        changed([token.id])
        return { deleted: true as const }
      },
      reveal: async ({ id }) => {
        const secret = await vault.reveal(id)
        changed([vault.resolve(id).id])
        return { secret }
      },
      copy: async ({ id }) => {
        const secret = await vault.reveal(id)
        const seconds = vault.settings().clipboardClearSeconds
        await clipboard.copy(secret, seconds)
        changed([vault.resolve(id).id])
        return { clearsAfterSeconds: seconds }
      },
      generate: async ({ connectionId, ...input }) => {
        const r = await connections.generate(connectionId, input)
        changed([r.token.id])
        return r
      },
      rotate: async ({ id, secret }) => {
        const t = await vault.rotate(id, secret)
        changed([t.id])
        return t
      },
      rotateOnPlatform: async ({ id, grace }) => {
        const r = await connections.rotateOnPlatform(id, { grace })
        changed([r.token.id])
        return r
      },
      edit: async ({ id, ...input }) => {
        const r = vault.edit(id, input)
        if (r.changes.length > 0) changed([r.token.id])
        if (input.name === undefined || r.changes.length === 0) return r
        // References name the token: each one TokenDesk wrote is rewritten to the new name (as the CLI's edit does).
        const refs = await copies.renameReferences(r.token.id)
        return { ...r, changes: [...r.changes, ...refs.failed.map((f) => `the reference in ${f.copy.path} still names the old name (${f.why})`)] }
      },
      check: async ({ id }) => {
        const r = await connections.check(id)
        changed([r.tokenId])
        return r
      },
    },
    connections: {
      list: () => connections.list(),
      connect: async ({ managementToken, ...input }) => {
        const c = await connections.connect(input, managementToken)
        emit('connectionsChanged', {})
        return c
      },
      disconnect: async ({ id }) => {
        const r = await connections.disconnect(id)
        emit('connectionsChanged', {})
        if (r.unlinkedTokens > 0) changed([])
        return r
      },
      sync: async ({ id }) => {
        const report = await connections.sync(id)
        const ids = report.results.flatMap((r) => r.updated.map((u) => u.id))
        if (ids.length > 0) changed(ids)
        return report
      },
    },
    orgs: {
      list: () => vault.orgs(),
      set: ({ name, role }) => vault.setOrg(name, role),
    },
    settings: {
      get: () => vault.settings(),
      update: (patch) => {
        const next = vault.updateSettings(patch)
        emit('settingsChanged', next)
        return next
      },
    },
    reminders: {
      snooze: ({ key, choice }) => {
        const r = reminders.snooze(key, choice)
        emit('remindersChanged', {})
        return r
      },
      due: () => reminders.dueHead(ATTENTION_SHOWN),
    },
    placements: {
      list: async ({ id }) => ({ placements: (await placements.list(id)).placements }),
      update: async ({ id, replace, only }) => {
        const r = await copies.update(id, { replace, ...(only ? { only } : {}) })
        if (r.written.length > 0) changed([vault.resolve(id).id]) // each write records a use
        return r
      },
      remove: ({ id, only }) => copies.remove(id, only ? { only } : {}),
      toReferences: async ({ id }) => {
        const r = await copies.toReferences(id)
        if (r.written.length > 0) changed([vault.resolve(id).id])
        return r
      },
    },
    scan: {
      run: async ({ paths, git, tokenId }) => {
        if (scanning) throw refused('a scan is already running; wait for it to finish or cancel it')
        const ctrl = new AbortController()
        scanning = ctrl
        try {
          const r = await scan.scan(paths, { git, ...(tokenId !== undefined ? { tokenId } : {}), signal: ctrl.signal, onProgress: (p) => emit('scanProgress', p) })
          // Found copies are part of each token's details: the panels showing them reload.
          const ids = [...new Set(r.findings.map((f) => f.token.id))]
          if (ids.length > 0 || (r.recorded?.gone ?? 0) > 0) changed(tokenId !== undefined ? [tokenId] : ids)
          return r
        } finally {
          scanning = null
        }
      },
      cancel: () => {
        const had = scanning !== null
        scanning?.abort()
        return { cancelled: had }
      },
      found: async ({ id }) => ({ found: await foundCopies.list(vault.resolve(id).id) }),
    },
    imports: {
      // The app always shows the usual places, and a folder the user names besides them.
      scan: ({ paths }) => imports.scan(paths, { withKnown: true }),
      apply: async ({ items }) => {
        const r = await imports.importChosen(items)
        if (r.imported.length > 0) changed(r.imported.map((t) => t.id))
        return r
      },
    },
    doctor: {
      orphans: async () => {
        const { reclaimed, unknown } = await doctor.reclaim()
        return { orphans: unknown, reclaimed: reclaimed.length }
      },
      adopt: async ({ ref, token }) => {
        const t = await doctor.adopt(ref, token)
        changed([t.id])
        return t
      },
      purge: async ({ ref }) => {
        await doctor.purge(ref)
        return { purged: true as const }
      },
    },
    backup: {
      suggestPath: () => ({ path: suggestedBackupPath(home, Date.now()) }),
      create: ({ path, passphrase, overwrite }) => backup.writeTo(path, passphrase, { overwrite }),
      restore: async ({ path, passphrase, rename }) => {
        const r = await backup.restoreFrom(path, passphrase, { rename })
        if (r.restored.length > 0) changed([])
        return r
      },
    },
    desktop: {
      pending: () => inbox.take(),
      openCreatePage: async ({ platform }) => {
        // Only the catalog's own https page of a known platform: the renderer names a platform, never a URL.
        const url = catalogEntry(platform)?.createAt?.url
        if (!url || !url.startsWith('https://')) throw invalid(`TokenDesk knows no page where ${platform} tokens are made`)
        await openExternal(url)
        return { url }
      },
    },
    sdkConfig: {
      formats: () => sdkConfig.formats(),
      preview: (target) => sdkConfig.preview(target),
      write: async (target) => {
        const r = await sdkConfig.write(target)
        changed([vault.resolve(target.id).id]) // lastUsedAt changed
        return r
      },
    },
  }
}

/** `~/tokendesk-backup-YYYY-MM-DD.age`, in the platform's separator. */
export function suggestedBackupPath(home: string, now: number): string {
  const sep = home.includes('\\') && !home.includes('/') ? '\\' : '/'
  return `${home.replace(/[\\/]+$/, '')}${sep}tokendesk-backup-${new Date(now).toISOString().slice(0, 10)}.age`
}
