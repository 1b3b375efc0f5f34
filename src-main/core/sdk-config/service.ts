import os from 'node:os'
import { invalid } from '../errors'
import type { Vault } from '../vault'
import { FORMAT_INFO, formatsForPlatform, type ConfigTarget, type FileFormat, type FormatInfo } from './catalog'
import { entryForToken } from './formats'
import { previewConfigWrite, writeConfig, type ConfigPreview } from './write'

export { ConfigTargetSchema, type ConfigTarget } from './catalog'

export interface ConfigWriteOutcome {
  path: string
  created: boolean
  changed: boolean
  backupPath: string | null
}

export interface SdkConfigDeps {
  vault: Vault
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

  async preview(target: ConfigTarget): Promise<ConfigPreview> {
    const row = this.check(target)
    const secret = await this.deps.vault.peekSecret(row.id)
    return previewConfigWrite(this.request(target, row, secret))
  }

  async write(target: ConfigTarget): Promise<ConfigWriteOutcome> {
    const row = this.check(target)
    // Validate the target (path, options, a parsable existing file) before recording a use.
    await this.preview(target)
    const secret = await this.deps.vault.reveal(row.id)
    const r = writeConfig(this.request(target, row, secret))
    return { path: r.path, created: r.created, changed: r.changed, backupPath: r.backupPath }
  }
}
