import { randomUUID } from 'node:crypto'
import type { Clock } from '../clock'
import { TokenDeskError, invalid } from '../errors'
import type { SecretStore } from '../secrets/secret-store'
import type { Vault } from '../vault'
import type { BackupCrypt } from './age-crypt'
import { BACKUP_FORMAT, BACKUP_VERSION, BackupContentSchema, MAX_BACKUP_BYTES, type BackupContent, type BackupToken } from './format'
import { planRestore } from './restore-plan'
import { checkBackupTarget, readBackupFile, writeBackupFile } from './backup-file'

export type { BackupReport, RestoreReport } from './requests'
import type { BackupReport, RestoreReport } from './requests'

export interface BackupDeps {
  vault: Vault
  secrets: SecretStore
  clock: Clock
  crypt: BackupCrypt
}

const label = (t: { name: string; platform: string; org: string | null }) => `${t.name} (${t.platform}${t.org ? `, ${t.org}` : ''})`

/**
 * Encrypted backup and restore of the whole vault: every ready token with its secret, the
 * organizations, and each token's history. The plaintext exists only in memory, between the
 * keychain and the age encryption; the file (backup-file.ts) is written 0600.
 */
export class BackupService {
  constructor(private readonly deps: BackupDeps) {}

  async create(passphrase: string): Promise<{ sealed: Uint8Array; report: BackupReport }> {
    const { vault, secrets } = this.deps
    const tokens: BackupToken[] = []
    const missingSecrets: string[] = []
    const audit: BackupContent['audit'] = []
    for (const t of vault.allReady()) {
      const secret = await secrets.get(t.secretRef)
      if (secret === null) {
        missingSecrets.push(label(t))
        continue
      }
      tokens.push({
        id: t.id,
        kind: t.kind,
        platform: t.platform,
        org: t.org,
        name: t.name,
        scopes: t.scopes,
        fields: t.fields,
        note: t.note,
        createdAt: t.createdAt,
        expiresAt: t.expiresAt,
        revokedAt: t.revokedAt,
        lastUsedAt: t.lastUsedAt,
        secret,
      })
      for (const e of vault.history(t.id).reverse()) {
        audit.push({ tokenId: t.id, tokenName: e.tokenName, action: e.action, at: e.at, actor: e.actor, detail: e.detail })
      }
    }
    const content: BackupContent = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: this.deps.clock(), orgs: vault.orgs(), tokens, audit }
    const plain = new TextEncoder().encode(JSON.stringify(content))
    try {
      const sealed = await this.deps.crypt.seal(plain, passphrase)
      return { sealed, report: { tokens: tokens.length, missingSecrets } }
    } finally {
      plain.fill(0) // the secrets' bytes do not outlive the encryption in this buffer
    }
  }

  /** create(), written to `file` (0600, atomic; an existing file only with `overwrite`). */
  async writeTo(file: string, passphrase: string, opts: { overwrite: boolean }): Promise<BackupReport & { file: string }> {
    const target = checkBackupTarget(file, opts) // refused before the slow part
    const { sealed, report } = await this.create(passphrase)
    writeBackupFile(target, sealed, opts)
    return { ...report, file: target }
  }

  /** restore() from `file`; a file that cannot be a backup is refused before it is read whole. */
  restoreFrom(file: string, passphrase: string, opts: { rename: boolean }): Promise<RestoreReport> {
    return this.restore(readBackupFile(file), passphrase, opts)
  }

  /** Decrypts and checks the whole file before anything is written: a bad file changes nothing. */
  async read(sealed: Uint8Array, passphrase: string): Promise<BackupContent> {
    if (sealed.length > MAX_BACKUP_BYTES + MAX_BACKUP_BYTES / 1024 + 4096) {
      throw invalid(`the file is too large for a TokenDesk backup (${Math.round(sealed.length / 2 ** 20)} MiB; at most ${MAX_BACKUP_BYTES / 2 ** 20} MiB); nothing was changed`)
    }
    const plain = await this.deps.crypt.open(sealed, passphrase)
    let json: unknown
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain))
    } catch {
      throw invalid('the file decrypts, but what it holds is not a TokenDesk backup; nothing was changed')
    } finally {
      plain.fill(0)
    }
    const parsed = BackupContentSchema.safeParse(json)
    if (!parsed.success) {
      const v = (json as { format?: unknown; version?: unknown } | null) ?? {}
      if (v.format === BACKUP_FORMAT && v.version !== BACKUP_VERSION) {
        throw invalid(`this backup has format version ${String(v.version)}, which this TokenDesk does not know (it reads version ${BACKUP_VERSION}); nothing was changed`)
      }
      const issue = parsed.error.issues[0]
      throw invalid(`the file decrypts, but it is not a valid TokenDesk backup (${issue?.path.join('.') || 'content'}: ${issue?.message ?? 'invalid'}); nothing was changed`)
    }
    return parsed.data
  }

  async restore(sealed: Uint8Array, passphrase: string, opts: { rename: boolean }): Promise<RestoreReport> {
    const content = await this.read(sealed, passphrase)
    const { vault } = this.deps
    const known = new Set(vault.orgs().map((o) => o.name))
    for (const o of content.orgs) if (!known.has(o.name)) vault.setOrg(o.name, o.role)
    const existing = vault.allReady()
    const plan = planRestore(content.tokens, existing, { rename: opts.rename, newId: randomUUID })
    const history = new Map<string, BackupContent['audit']>()
    for (const e of content.audit) {
      const list = history.get(e.tokenId)
      if (list) list.push(e)
      else history.set(e.tokenId, [e])
    }
    const made = new Date(content.createdAt).toISOString().slice(0, 16).replace('T', ' ')
    const report: RestoreReport = { createdAt: content.createdAt, restored: [], skipped: [], failed: [] }
    for (const step of plan) {
      if (step.action === 'skip') {
        report.skipped.push({ name: label(step.token), reason: step.reason })
        continue
      }
      const { secret, ...meta } = step.token
      try {
        await vault.importToken({ ...meta, id: step.id, name: step.name }, secret, history.get(step.token.id) ?? [], `from a backup made ${made} UTC`)
        report.restored.push({ name: label({ ...meta, name: step.name }), from: step.token.name })
      } catch (e) {
        // A keychain that fails stops the restore: every later token would fail the same way.
        if (e instanceof TokenDeskError && e.code === 'keychain_unavailable') throw restoreStopped(report, e)
        report.failed.push({ name: label(step.token), reason: e instanceof TokenDeskError ? e.message : 'unexpected error' })
      }
    }
    return report
  }
}

function restoreStopped(report: RestoreReport, cause: TokenDeskError): TokenDeskError {
  const done = report.restored.length
  return new TokenDeskError(
    'keychain_unavailable',
    `${cause.message.replace(/\. Nothing was changed;.*$/, '')}. ${done} token${done === 1 ? ' was' : 's were'} restored before it stopped; run the restore again once the keychain works (restored ones are then skipped as already there)`,
  )
}
