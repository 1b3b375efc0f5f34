import os from 'node:os'
import { invalid, refused, TokenDeskError } from '../errors'
import { referenceTo } from '../references/grammar'
import { credentialProcessCommand } from './aws-config-process'
import type { PlacementService } from '../placements/service'
import type { Vault } from '../vault'
import { FORMAT_INFO, formatsForPlatform, REFERENCE_FORMATS, type ConfigTarget, type FileFormat, type FormatInfo } from './catalog'
import { entryForToken, resolveConfigPath } from './formats'
import type { FileLocks } from '../files/file-lock'
import type { FileBackups } from './file-backups'
import { entryKeyOf, readCredential, SINGLE_ENTRY } from './read-entries'
import { FileChangedError, planRemoval, planWrite, type EntryRemoval, type Planned, prepareConfigDir, previewConfigWrite, readConfigFile, replaceFile, type ConfigSnapshot } from './write'

export { ConfigTargetSchema, type ConfigTarget } from './catalog'

export interface ConfigWriteOutcome {
  path: string
  created: boolean
  changed: boolean
  backupPath: string | null
}

export type { ConfigPreviewView, EntryChange } from './preview'
import type { ConfigPreviewView, EntryChange } from './preview'

export interface SdkConfigDeps {
  vault: Vault
  /** Records each write; tells entries TokenDesk wrote from someone else's. */
  placements: PlacementService
  /** Where the previous versions of written files are kept, sealed: the data folder's file-backups/. */
  backups: FileBackups
  /** Serializes TokenDesk's writers of one file (the vault's file_locks). */
  locks: FileLocks
  /** The user's home for the default paths: os.homedir() in the app, a temp dir in tests. */
  home?: string
  /** Where the SDKs' own path overrides (AWS_SHARED_CREDENTIALS_FILE, ...) are read. */
  env?: Readonly<Record<string, string | undefined>>
  /**
   * The absolute command that runs this installation's CLI (node and the CLI entry): what an AWS
   * profile's credential_process line invokes. Absent where there is no CLI to point at.
   */
  selfCommand?: readonly string[]
}

/** The home directory default paths are resolved against: $HOME when set, else the OS answer. */
export function homeDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.HOME || os.homedir()
}

/**
 * Writes vault tokens into SDK config files and environments. The preview reads the secret only
 * to mask it and to tell whether the file changes (no use is recorded); the write and the env
 * record a use through vault.reveal. Neither ever returns the secret.
 */
export class SdkConfigService {
  private readonly home: string
  private readonly env: Readonly<Record<string, string | undefined>>

  constructor(private readonly deps: SdkConfigDeps) {
    this.env = deps.env ?? process.env
    this.home = deps.home ?? homeDir(this.env)
  }

  formats(): FormatInfo[] {
    // A credential_process profile points at a CLI installation: offered only where there is one.
    return FORMAT_INFO.filter((f) => f.format !== 'aws-credential-process' || this.deps.selfCommand !== undefined).map((f) => ({ ...f, options: [...f.options], platforms: [...f.platforms] }))
  }

  private check(t: ConfigTarget) {
    const row = this.deps.vault.resolve(t.id)
    if (t.reference && t.format !== 'dotenv') {
      throw invalid(`a reference is written into a .env file (for tokendesk run); for AWS profiles use --format aws-credential-process, which keeps no key on disk`)
    }
    const allowed = formatsForPlatform(row.platform)
    if (!allowed.includes(t.format)) {
      throw invalid(`a ${row.platform} token cannot be written as ${t.format}; use ${allowed.join(' or ')}`)
    }
    return row
  }

  private request(t: ConfigTarget, row: ReturnType<Vault['resolve']>, secret: string) {
    const entry = entryForToken(t.format as FileFormat, row, secret, { profile: t.profile, envKey: t.envKey })
    return { entry, home: this.home, env: this.env, ...(t.path !== undefined ? { path: t.path } : {}) }
  }

  /**
   * What the entry's value is to be: the secret, or (target.reference) the reference that names
   * the token — its name when that finds it alone, else PLATFORM/NAME, else its id.
   */
  private valueFor(t: ConfigTarget, row: ReturnType<Vault['resolve']>, secret: string): string {
    if (t.format === 'aws-credential-process') {
      if (!this.deps.selfCommand) throw invalid('an AWS credential_process profile is written with the tokendesk CLI (it points at that installation): tokendesk config write REF --format aws-credential-process --profile P')
      return credentialProcessCommand([...this.deps.selfCommand, 'credential-process', 'aws', this.nameFor(row)])
    }
    if (!t.reference) return secret
    return referenceTo(this.nameFor(row))
  }

  /** How a file names the token: its name when that finds it alone, else PLATFORM/NAME, else its id. */
  private nameFor(row: ReturnType<Vault['resolve']>): string {
    const finds = (ref: string) => {
      try {
        return this.deps.vault.resolve(ref).id === row.id
      } catch {
        return false
      }
    }
    return finds(row.name) ? row.name : finds(`${row.platform}/${row.name}`) ? `${row.platform}/${row.name}` : row.id
  }

  /**
   * For an AWS credential_process profile: the static keys of the same profile in the shared
   * credentials file, which the SDKs use before credential_process (their resolution order), so
   * they must go. `ours` when TokenDesk wrote them for this token (they are removed with the write);
   * someone else's are removed only with --replace. Null when there are none.
   */
  async staticKeys(t: ConfigTarget): Promise<{ path: string; profile: string; ours: boolean } | null> {
    if (t.format !== 'aws-credential-process') return null
    const row = this.check(t)
    const path = resolveConfigPath('aws-credentials-ini', { home: this.home, env: this.env })
    const profile = t.profile ?? 'default'
    const found = readCredential('aws-credentials-ini', readConfigFile(path).text, profile, path)
    if (found === null) return null
    let current: string | null = null
    try {
      current = await this.deps.vault.peekSecret(row.id)
    } catch (e) {
      if (!(e instanceof TokenDeskError && e.code === 'not_found')) throw e
    }
    return { path, profile, ours: await this.deps.placements.holdsOwn(row.id, path, 'aws-credentials-ini', profile, found.secret, current) }
  }

  /**
   * What the entry holds in `snap`, compared with `value` (what the write puts there); `replacing`
   * is what it holds now (null: nothing). One rule decides whose the entry is (placements.holdsOwn).
   */
  private async change(t: ConfigTarget, row: ReturnType<Vault['resolve']>, value: string, snap: ConfigSnapshot, secret: string): Promise<EntryChange & { replacing: string | null }> {
    const req = this.request(t, row, value)
    const entry = entryKeyOf(req.entry)
    const found = readCredential(t.format, snap.text, entry, snap.file)
    if (found === null) return { entry, secret: 'new', identifiers: {}, foreign: false, replacing: null }
    if (found.secret === value) return { entry, secret: 'same', identifiers: found.identifiers, foreign: false, replacing: found.secret }
    const ours = await this.deps.placements.holdsOwn(row.id, snap.file, t.format, entry, found.secret, secret)
    return { entry, secret: 'different', identifiers: found.identifiers, foreign: !ours, replacing: found.secret }
  }

  private fileOf(t: ConfigTarget, row: ReturnType<Vault['resolve']>): string {
    const req = this.request(t, row, '')
    return resolveConfigPath(req.entry.format, req)
  }

  async preview(target: ConfigTarget): Promise<ConfigPreviewView> {
    const row = this.check(target)
    const secret = await this.deps.vault.peekSecret(row.id)
    const value = this.valueFor(target, row, secret)
    const req = this.request(target, row, value)
    const snap = readConfigFile(this.fileOf(target, row))
    const { replacing: _r, ...change } = await this.change(target, row, value, snap, secret)
    return { ...previewConfigWrite(req, planWrite(req, snap)), change }
  }

  /**
   * One read-plan-write under the file's lock: the file is read once, the foreign check and the
   * new text both come from that read, and the rename happens only if the file is still exactly
   * that (write.ts); when another program changed it meanwhile, the whole step starts over from
   * a new read, a few times, then gives up with nothing written.
   */
  async write(target: ConfigTarget): Promise<ConfigWriteOutcome> {
    const row = this.check(target)
    const statics = await this.staticKeys(target)
    if (statics && !statics.ours && !target.replace) throw staticKeysRefusal(statics, row.name)
    const outcome = await this.writeEntry(target, row)
    // The profile's static keys go after the credential_process line is in place (the SDKs would
    // use them first); under the credentials file's own lock, the same one-read removal as any.
    if (statics) await this.removeOwnEntry(row.id, { path: statics.path, format: 'aws-credentials-ini', entry: statics.profile }, { force: target.replace === true })
    return outcome
  }

  private async writeEntry(target: ConfigTarget, row: ReturnType<Vault['resolve']>): Promise<ConfigWriteOutcome> {
    const file = this.fileOf(target, row)
    prepareConfigDir(file)
    const holds = target.reference || REFERENCE_FORMATS.includes(target.format) ? 'reference' : 'secret'
    return this.deps.locks.with(file, async () => {
      let used = false
      const tags = [...this.deps.placements.tokensIn(file), row.id]
      await this.deps.backups.prepare(file, tags, Date.now())
      for (let attempt = 1; ; attempt++) {
        const secret = await this.deps.vault.peekSecret(row.id)
        const value = this.valueFor(target, row, secret)
        const req = this.request(target, row, value)
        const snap = readConfigFile(file)
        // Validates the target (options, a parsable existing file) before a use is recorded.
        const planned = planWrite(req, snap)
        const change = await this.change(target, row, value, snap, secret)
        if (change.foreign && !target.replace) throw foreignEntry(file, change, row.name)
        // A reference hands out no secret: no use to record.
        if (!used && holds === 'secret') {
          await this.deps.vault.reveal(row.id)
          used = true
        }
        // Recorded before the file is swapped in (what it replaces kept until it lands): a kill in
        // between leaves an entry TokenDesk still knows as its own, not one it would call foreign.
        const sealed = await this.sealOld(planned)
        const placed = await this.deps.placements.begin(row.id, file, target.format, change.entry, value, change.replacing, holds)
        try {
          const r = replaceFile(planned, () => this.deps.backups.keep(file, sealed!, Date.now(), tags))
          placed.landed()
          return { path: file, ...r }
        } catch (e) {
          placed.failed()
          if (e instanceof FileChangedError && attempt < WRITE_ATTEMPTS) continue
          throw e
        }
      }
    })
  }

  /** The old bytes a change replaces, sealed before the lock-held swap (sealing is asynchronous, the swap is not). */
  private async sealOld(p: Planned): Promise<Uint8Array | null> {
    return p.old !== null && p.oldText !== p.newText ? this.deps.backups.seal(p.old) : null
  }

  /**
   * Takes token `tokenId`'s entry out of its file, under the file's lock and from one read: only
   * when the entry holds what is the token's own (the same rule as a write's foreign check,
   * placements.holdsOwn); an entry someone changed is left as it is ('foreign'), one that is no
   * longer there is 'gone'. Starts over when another program changes the file meanwhile.
   */
  async removeOwnEntry(tokenId: string, r: EntryRemoval, opts: { force?: boolean } = {}): Promise<{ outcome: EntryRemovalOutcome; backupPath: string | null }> {
    let current: string | null = null
    try {
      current = await this.deps.vault.peekSecret(tokenId)
    } catch (e) {
      if (!(e instanceof TokenDeskError && e.code === 'not_found')) throw e
    }
    return this.deps.locks.with(r.path, async () => {
      const tags = [...this.deps.placements.tokensIn(r.path), tokenId]
      await this.deps.backups.prepare(r.path, tags, Date.now())
      for (let attempt = 1; ; attempt++) {
        const snap = readConfigFile(r.path)
        const found = readCredential(r.format, snap.text, r.entry, r.path)
        if (found === null) return { outcome: 'gone' as const, backupPath: null }
        if (!opts.force && !(await this.deps.placements.holdsOwn(tokenId, r.path, r.format, r.entry, found.secret, current))) return { outcome: 'foreign' as const, backupPath: null }
        const planned = planRemoval(r, snap)
        if (planned === null) return { outcome: 'gone' as const, backupPath: null }
        const sealed = await this.sealOld(planned)
        try {
          return { outcome: 'removed' as const, backupPath: replaceFile(planned, () => this.deps.backups.keep(r.path, sealed!, Date.now(), tags)).backupPath }
        } catch (e) {
          if (e instanceof FileChangedError && attempt < WRITE_ATTEMPTS) continue
          throw e
        }
      }
    })
  }
}

export type EntryRemovalOutcome = 'removed' | 'gone' | 'foreign'

/** How often a write starts over when another program keeps changing the file under it. */
export const WRITE_ATTEMPTS = 5

/** The refusal to leave static keys someone else wrote in front of a credential_process profile. */
export function staticKeysRefusal(s: { path: string; profile: string }, tokenName: string) {
  return refused(
    `${s.path} holds static keys for the profile "${s.profile}" that TokenDesk did not write for ${tokenName}; the AWS SDKs use those before credential_process, so it would never run. Nothing was written. Pass --replace to remove them, or choose another --profile`,
  )
}

/** The refusal to overwrite someone else's credential, naming what is there (never its secret). */
export function foreignEntry(file: string, c: EntryChange, tokenName: string) {
  const what = c.entry === SINGLE_ENTRY ? 'a credential' : `the entry "${c.entry}"`
  const ids = Object.entries(c.identifiers).map(([k, v]) => `${k} ${v}`).join(', ')
  return refused(
    `${file} already holds ${what} with another secret${ids ? ` (${ids})` : ''} that TokenDesk did not write for ${tokenName}; nothing was written. Pass --replace to overwrite it, or choose another ${c.entry === SINGLE_ENTRY ? 'file' : 'entry'}`,
  )
}
