import os from 'node:os'
import { invalid, refused } from '../errors'
import type { PlacementService } from '../placements/service'
import type { Vault } from '../vault'
import { FORMAT_INFO, formatsForPlatform, type ConfigTarget, type FileFormat, type FormatInfo } from './catalog'
import { entryForToken, resolveConfigPath } from './formats'
import { entryKeyOf, readCredential, SINGLE_ENTRY } from './read-entries'
import { previewConfigWrite, readConfigText, writeConfig } from './write'

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
  /** Where the previous versions of written files are kept: the data folder's file-backups/. */
  backupRoot: string
  /** The user's home for the default paths: os.homedir() in the app, a temp dir in tests. */
  home?: string
  /** Where the SDKs' own path overrides (AWS_SHARED_CREDENTIALS_FILE, ...) are read. */
  env?: Readonly<Record<string, string | undefined>>
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
    return FORMAT_INFO.map((f) => ({ ...f, options: [...f.options], platforms: [...f.platforms] }))
  }

  private check(t: ConfigTarget) {
    const row = this.deps.vault.resolve(t.id)
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

  /** What the entry holds now, compared with what the write puts there. */
  private async change(t: ConfigTarget, row: ReturnType<Vault['resolve']>, secret: string): Promise<EntryChange & { file: string }> {
    const req = this.request(t, row, secret)
    const file = resolveConfigPath(req.entry.format, req)
    const entry = entryKeyOf(req.entry)
    const found = readCredential(t.format, readConfigText(file), entry, file)
    if (found === null) return { file, entry, secret: 'new', identifiers: {}, foreign: false }
    if (found.secret === secret) return { file, entry, secret: 'same', identifiers: found.identifiers, foreign: false }
    const ours = await this.deps.placements.wroteThere(row.id, file, t.format, entry, found.secret)
    return { file, entry, secret: 'different', identifiers: found.identifiers, foreign: !ours }
  }

  async preview(target: ConfigTarget): Promise<ConfigPreviewView> {
    const row = this.check(target)
    const secret = await this.deps.vault.peekSecret(row.id)
    const { file: _file, ...change } = await this.change(target, row, secret)
    return { ...previewConfigWrite(this.request(target, row, secret)), change }
  }

  async write(target: ConfigTarget): Promise<ConfigWriteOutcome> {
    const row = this.check(target)
    // Validate the target (path, options, a parsable existing file) before recording a use.
    const preview = await this.preview(target)
    if (preview.change.foreign && !target.replace) throw foreignEntry(preview.path, preview.change, row.name)
    const secret = await this.deps.vault.reveal(row.id)
    // Recorded before the file is swapped in (what it replaces kept until it lands): a kill in
    // between leaves an entry TokenDesk still knows as its own, not one it would call foreign.
    const replacing = readCredential(target.format, readConfigText(preview.path), preview.change.entry, preview.path)?.secret ?? null
    const placed = await this.deps.placements.begin(row.id, preview.path, target.format, preview.change.entry, secret, replacing)
    let r: ReturnType<typeof writeConfig>
    try {
      r = writeConfig(this.request(target, row, secret), this.deps.backupRoot)
    } catch (e) {
      placed.failed()
      throw e
    }
    placed.landed()
    return { path: r.path, created: r.created, changed: r.changed, backupPath: r.backupPath }
  }
}

/** The refusal to overwrite someone else's credential, naming what is there (never its secret). */
export function foreignEntry(file: string, c: EntryChange, tokenName: string) {
  const what = c.entry === SINGLE_ENTRY ? 'a credential' : `the entry "${c.entry}"`
  const ids = Object.entries(c.identifiers).map(([k, v]) => `${k} ${v}`).join(', ')
  return refused(
    `${file} already holds ${what} with another secret${ids ? ` (${ids})` : ''} that TokenDesk did not write for ${tokenName}; nothing was written. Pass --replace to overwrite it, or choose another ${c.entry === SINGLE_ENTRY ? 'file' : 'entry'}`,
  )
}
