import fs from 'node:fs'
import path from 'node:path'
import type { TokenKind } from '../model'
import { TokenDeskError, type ErrorCode } from '../errors'
import type { PlacementService } from '../placements/service'
import { resolveConfigPath } from '../sdk-config/formats'
import { FORMAT_TABLE } from '../sdk-config/format-table'
import type { FileFormat } from '../sdk-config/catalog'
import type { ImportChoice } from './choice'
import { readCredentials, SINGLE_ENTRY, type FileCredential } from '../sdk-config/read-entries'
import { MAX_CONFIG_BYTES, readConfigText } from '../sdk-config/write'
import { readBounded } from '../files/read-bounded'
import { envFilesUnder } from './walk'
import { NotReadLog } from './not-read'
import type { Vault } from '../vault'
import { classify, maskSecret, suggestName } from './classify'

export type { FoundCredential, ScanReport } from './choice'
import type { FoundCredential, ScanReport } from './choice'


/**
 * `tokendesk import` and "Import tokens from this computer": finds the credentials already in the
 * SDK locations TokenDesk knows (or in given files and folders), says which TokenDesk already
 * holds, and imports the others with a placement each (state current). Secrets stay in-process;
 * what is returned carries them masked.
 */
export class ImportService {
  constructor(
    private readonly deps: {
      vault: Vault
      placements: PlacementService
      home: string
      env: Readonly<Record<string, string | undefined>>
    },
  ) {}

  /** The SDK files TokenDesk knows, where they are on this computer (env overrides honoured). */
  knownLocations(): { file: string; format: FileFormat }[] {
    const ctx = { home: this.deps.home, env: this.deps.env }
    // Every format whose module names a location of its own (format-table.ts).
    return Object.values(FORMAT_TABLE)
      .filter((m) => m.knownLocation)
      .map((m) => ({ file: resolveConfigPath(m.format, ctx), format: m.format }))
  }

  /** Files named on the command line, and the .env files under folders named there; what was passed over in `log`. */
  filesIn(paths: readonly string[], log: NotReadLog = new NotReadLog()): { file: string; format: FileFormat }[] {
    const out: { file: string; format: FileFormat }[] = []
    for (const raw of paths) {
      const p = path.resolve(raw)
      let st: fs.Stats
      try {
        st = fs.statSync(p)
      } catch {
        out.push({ file: p, format: 'dotenv' }) // reported as unreadable below
        continue
      }
      if (st.isDirectory()) {
        const found: string[] = []
        envFilesUnder(p, found, log)
        for (const file of found) out.push({ file, format: 'dotenv' })
      } else out.push({ file: p, format: detectFormat(p) })
    }
    return out
  }

  /**
   * Without paths, the known locations; with paths, those files and folders (their absence is
   * reported). `withKnown` adds the known locations to named paths (the app's "Also look in").
   */
  async scan(paths?: readonly string[], opts: { withKnown?: boolean } = {}): Promise<ScanReport> {
    const named = paths !== undefined && paths.length > 0
    if (!named) return this.scanFiles(this.knownLocations())
    const known = opts.withKnown ? this.knownLocations() : []
    const log = new NotReadLog()
    // A named path that is not there is reported; a known location that is not there is not.
    const extra = this.filesIn(paths, log)
      .filter((f) => !known.some((k) => k.file === f.file))
      .map((f) => ({ ...f, named: true }))
    return { ...(await this.scanFiles([...known, ...extra])), notRead: log.list() }
  }

  /**
   * Imports the credentials the user ticked, under the names they chose: the files are read again
   * (secret and fields come from the file, never from the caller), so a choice that no longer
   * matches what the file holds fails by itself.
   */
  async importChosen(choices: readonly ImportChoice[]): ReturnType<ImportService['importFound']> {
    const files = [...new Map(choices.map((c) => [`${c.format}\u0000${c.file}`, { file: c.file, format: c.format }])).values()]
    const scan = await this.scanFiles(files.map((f) => ({ ...f, named: true })))
    const picked: FoundCredential[] = []
    const failed: { name: string; reason: string }[] = []
    for (const c of choices) {
      const f = scan.found.find((x) => x.file === c.file && x.format === c.format && x.entry === c.entry)
      if (!f) failed.push({ name: c.name, reason: `${c.file} no longer has the entry "${c.entry}"` })
      else if (f.heldBy) failed.push({ name: c.name, reason: `already held as ${f.heldBy}` })
      else if (f.problem) failed.push({ name: c.name, reason: f.problem })
      else picked.push({ ...f, name: c.name })
    }
    // The copies of a picked credential elsewhere in these files are recorded with it.
    const copies = scan.found.filter((g) => picked.some((f) => isCopyOf(g, f)))
    const r = await this.importFound([...picked, ...copies], { userNamed: new Set(choices.map((c) => c.name)) })
    return { imported: r.imported, failed: [...failed, ...r.failed] }
  }

  private async scanFiles(files: readonly { file: string; format: FileFormat; named?: boolean }[]): Promise<ScanReport> {
    const report: ScanReport = { found: [], unreadable: [], notRead: [] }
    const names = new Set(this.deps.vault.allReady().map((t) => `${t.kind}\u0000${t.platform}\u0000${t.name}`))
    const held = new HeldSecrets(this.deps.vault)
    // Compared in-process only, like `held`: the first credential with each secret in this scan.
    const firstWith = new Map<string, FoundCredential>()
    for (const { file, format, named } of files) {
      let creds: FileCredential[]
      try {
        const text = readConfigText(file)
        if (text === null) {
          if (named) report.unreadable.push({ file, reason: 'no such file' })
          continue
        }
        creds = readCredentials(format, text, file)
      } catch (e) {
        report.unreadable.push({ file, reason: e instanceof Error ? e.message : 'unreadable' })
        continue
      }
      for (const c of creds) {
        const k = classify(format, c, creds)
        if (!k) continue
        const base = format === 'dotenv' ? `${path.basename(path.dirname(file))}-${k.platform}` : c.entry === SINGLE_ENTRY ? k.platform : c.entry
        const first = firstWith.get(`${k.kind}\u0000${k.platform}\u0000${c.secret}`)
        const name = first ? first.name : suggestName(base, (n) => names.has(`${k.kind}\u0000${k.platform}\u0000${n}`))
        names.add(`${k.kind}\u0000${k.platform}\u0000${name}`)
        const found: FoundCredential = {
          file,
          format,
          entry: c.entry,
          kind: k.kind,
          platform: k.platform,
          fields: k.fields,
          name,
          masked: k.heldRef ? '' : maskSecret(c.secret),
          heldBy: k.heldRef ? this.heldByRef(k.heldRef) : await held.holder(k.kind, k.platform, c.secret),
          ...(k.problem ? { problem: k.problem } : {}),
          ...(k.heldRef && !this.heldByRef(k.heldRef) ? { problem: `runs tokendesk credential-process for "${k.heldRef}", which TokenDesk does not have; write the profile again with tokendesk config write` } : {}),
        }
        if (first && !found.heldBy && !k.problem) {
          found.sameAs = { file: first.file, entry: first.entry }
          found.problem = `the same token as ${first.file}${first.entry === SINGLE_ENTRY ? '' : ` (${first.entry})`}; imported once, with this copy recorded`
        }
        if (!first) firstWith.set(`${k.kind}\u0000${k.platform}\u0000${c.secret}`, found)
        report.found.push(found)
      }
    }
    return report
  }

  /** The token a credential_process line of TokenDesk's names, by name (null when it names none). */
  private heldByRef(ref: string): string | null {
    try {
      return this.deps.vault.resolve(ref).name
    } catch {
      return null
    }
  }

  /**
   * Imports what a scan found and TokenDesk does not hold yet (names may be changed by the caller),
   * each with a placement, so `where` knows the copy. The secret is read from the file again, so it
   * never travels through the caller.
   */
  async importFound(found: readonly FoundCredential[], opts: { userNamed?: ReadonlySet<string> } = {}): Promise<{ imported: { name: string; id: string; file: string; entry: string }[]; failed: ImportFailure[] }> {
    const imported: { name: string; id: string; file: string; entry: string }[] = []
    const failed: ImportFailure[] = []
    for (const f of found) {
      if (f.heldBy || f.problem) continue
      let secret: string | null = null
      try {
        const cred = readCredentials(f.format, readConfigText(f.file) ?? '', f.file).find((c) => c.entry === f.entry)
        if (!cred) throw new Error(`${f.file} no longer has the entry "${f.entry}"`)
        secret = cred.secret
        const t = await this.deps.vault.add(
          // The platform's own expiry is not in the file: provider keys do not expire by themselves;
          // a personal token gets 90 days, the usual longest lifetime, until the user edits it.
          { kind: f.kind, platform: f.platform, name: f.name, fields: f.fields, expires: f.kind === 'provider' ? 'never' : '90d', note: `imported from ${f.file}` },
          cred.secret,
        )
        await this.deps.placements.record(t.id, f.file, f.format, f.entry, cred.secret)
        imported.push({ name: t.name, id: t.id, file: f.file, entry: f.entry })
        for (const copy of found.filter((g) => isCopyOf(g, f))) {
          const again = readCredentials(copy.format, readConfigText(copy.file) ?? '', copy.file).find((c) => c.entry === copy.entry)
          if (again?.secret === cred.secret) await this.deps.placements.record(t.id, copy.file, copy.format, copy.entry, cred.secret)
        }
      } catch (e) {
        // Another process (a second import, the app) imported the same credential at the same
        // moment: the name is taken and the secret is held now. Said as what happened, refused.
        const clash = secret !== null && e instanceof TokenDeskError && (e.code === 'conflict' || e.code === 'rule_refused')
        const raced = clash ? await new HeldSecrets(this.deps.vault).holder(f.kind, f.platform, secret!) : null
        if (raced) failed.push({ name: f.name, reason: `another TokenDesk process imported it at the same moment (held as ${raced}); nothing was added`, code: 'rule_refused' })
        // The scan chose a free name; taken now, it was taken since: by another process adding it (still under way).
        else if (clash && !opts.userNamed?.has(f.name)) failed.push({ name: f.name, reason: `another TokenDesk process added "${f.name}" since this import looked (importing the same credential, most likely); nothing was added`, code: 'rule_refused' })
        // A refusal (a role, say) keeps its code, so the CLI can say "refused" (exit 4) rather than "failed" (exit 1).
        else failed.push({ name: f.name, reason: e instanceof Error ? e.message : 'unexpected error', ...(e instanceof TokenDeskError ? { code: e.code } : {}) })
      }
    }
    return { imported, failed }
  }
}

/** A credential that was not imported, and why (the core's error code where there was one). */
export interface ImportFailure {
  name: string
  reason: string
  code?: ErrorCode
}

/** Whether `g` is a later copy, in this scan, of the credential `f` (the same secret found twice). */
const isCopyOf = (g: FoundCredential, f: Pick<FoundCredential, 'file' | 'entry'>): boolean => g.sameAs?.file === f.file && g.sameAs.entry === f.entry

/** Which token holds a secret: the vault's tokens of one kind and platform, read once per scan. */
class HeldSecrets {
  private readonly byPlatform = new Map<string, Promise<Map<string, string>>>()
  constructor(private readonly vault: Vault) {}

  async holder(kind: TokenKind, platform: string, secret: string): Promise<string | null> {
    const key = `${kind}\u0000${platform}`
    let m = this.byPlatform.get(key)
    if (!m) {
      m = (async () => {
        const out = new Map<string, string>()
        for (const t of this.vault.allReady().filter((x) => x.kind === kind && x.platform === platform)) {
          try {
            out.set(await this.vault.peekSecret(t.id), t.name)
          } catch {
            // a token whose secret is missing holds nothing
          }
        }
        return out
      })()
      this.byPlatform.set(key, m)
    }
    return (await m).get(secret) ?? null
  }
}

/** The format of a file named on the command line, by its name, else by what it holds. */
export function detectFormat(file: string): FileFormat {
  const base = path.basename(file)
  if (base === 'credentials' || base.endsWith('.ini')) return 'aws-credentials-ini'
  if (base === 'qiskit-ibm.json') return 'qiskit-ibm-json'
  if (base === 'stored_tokens') return 'hf-stored-tokens'
  if (base === 'token' && path.basename(path.dirname(file)).includes('huggingface')) return 'hf-token-file'
  if (base.endsWith('.yaml') || base.endsWith('.yml')) return 'qualytics-yaml'
  if (base.endsWith('.json')) {
    try {
      // Bounded and kind-checked like every read (a FIFO or a link to /dev/zero named x.json used
      // to hang or fill the memory here); whatever it is, the scan then reports it.
      const r = readBounded(file, { maxBytes: MAX_CONFIG_BYTES, noFollow: true })
      const o = JSON.parse(r === null ? '' : r.bytes.toString('utf8')) as Record<string, unknown>
      return o && typeof o === 'object' && 'auth' in o ? 'planqk-json' : 'qiskit-ibm-json'
    } catch {
      return 'planqk-json'
    }
  }
  return 'dotenv'
}
