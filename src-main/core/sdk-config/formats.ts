import path from 'node:path'
import { invalid } from '../errors'
import type { Token } from '../model'
import { AWS_DEFAULT_FILE, renderAwsCredentials, type AwsEntry } from './aws-credentials-ini'
import { renderDotenv, type DotenvEntry } from './dotenv'
import { AWS_CONFIG_DEFAULT_FILE, renderAwsCredentialProcess, type AwsProcessEntry } from './aws-config-process'
import { HF_STORED_TOKENS_DEFAULT, HF_TOKEN_DEFAULT, hfStoredTokensPath, hfTokenPath, renderHfStoredTokens, renderHfTokenFile, type HfStoredEntry, type HfTokenFileEntry } from './huggingface'
import { PLANQK_DEFAULT_FILE, renderPlanqkConfig, type PlanqkEntry } from './planqk-json'
import { QISKIT_DEFAULT_FILE, renderQiskitIbmConfig, type QiskitEntry } from './qiskit-ibm-json'
import { QUALYTICS_DEFAULT_FILE, renderQualyticsConfig, type QualyticsEntry } from './qualytics-yaml'
import type { FileFormat } from './catalog'

// The names live in catalog.ts (no renderer code) so the bridge contract can import them.
export { FILE_FORMATS, FileFormatSchema, type FileFormat } from './catalog'

export type ConfigEntry =
  | ({ format: 'planqk-json' } & PlanqkEntry)
  | ({ format: 'qualytics-yaml' } & QualyticsEntry)
  | ({ format: 'qiskit-ibm-json' } & QiskitEntry)
  | ({ format: 'aws-credentials-ini' } & AwsEntry)
  | ({ format: 'aws-credential-process' } & AwsProcessEntry)
  | ({ format: 'hf-stored-tokens' } & HfStoredEntry)
  | ({ format: 'hf-token-file' } & HfTokenFileEntry)
  | ({ format: 'dotenv' } & DotenvEntry)

/** Dispatches to the pure renderer of the entry's format. */
export function renderConfig(existing: string | null, entry: ConfigEntry, file: string): { text: string } {
  switch (entry.format) {
    case 'planqk-json':
      return renderPlanqkConfig(existing, entry, file)
    case 'qualytics-yaml':
      return renderQualyticsConfig(existing, entry, file)
    case 'qiskit-ibm-json':
      return renderQiskitIbmConfig(existing, entry, file)
    case 'aws-credentials-ini':
      return renderAwsCredentials(existing, entry, file)
    case 'aws-credential-process':
      return renderAwsCredentialProcess(existing, entry, file)
    case 'hf-stored-tokens':
      return renderHfStoredTokens(existing, entry, file)
    case 'hf-token-file':
      return renderHfTokenFile(existing, entry)
    case 'dotenv':
      return renderDotenv(existing, entry, file)
  }
}

/** The secret values an entry writes: what a preview must mask. */
export function entrySecrets(entry: ConfigEntry): string[] {
  switch (entry.format) {
    case 'aws-credentials-ini':
      return [entry.secretAccessKey, ...(entry.sessionToken ? [entry.sessionToken] : [])]
    case 'dotenv':
      // A reference (tokendesk://NAME) is no secret: shown in the preview as it is.
      return entry.value.startsWith('tokendesk://') ? [] : [entry.value]
    case 'aws-credential-process':
      return [] // a command that names the token: no secret in it
    default:
      return [entry.token]
  }
}

export interface EntryOptions {
  /** Qiskit account name or AWS profile. */
  profile?: string
  /** The variable name for dotenv. */
  envKey?: string
}

/** Builds a format's entry from a vault token, its secret and the user's options. */
export function entryForToken(format: FileFormat, token: Pick<Token, 'name' | 'fields'>, secret: string, opts: EntryOptions = {}): ConfigEntry {
  const f = token.fields
  switch (format) {
    case 'planqk-json':
      return { format, token: secret }
    case 'qualytics-yaml':
      return { format, token: secret, ...(f.url ? { url: f.url } : {}) }
    case 'qiskit-ibm-json':
      return {
        format,
        token: secret,
        ...(opts.profile ? { name: opts.profile } : {}),
        ...(f.channel ? { channel: f.channel as QiskitEntry['channel'] } : {}),
        ...(f.instance ? { instance: f.instance } : {}),
        ...(f.url ? { url: f.url } : {}),
      }
    case 'aws-credentials-ini':
      if (!f.aws_access_key_id) throw invalid(`token ${token.name} needs the field aws_access_key_id to be written to AWS credentials`)
      return {
        format,
        accessKeyId: f.aws_access_key_id,
        secretAccessKey: secret,
        ...(f.aws_session_token ? { sessionToken: f.aws_session_token } : {}),
        ...(opts.profile ? { profile: opts.profile } : {}),
      }
    case 'aws-credential-process':
      // `secret` is the credential_process command here (SdkConfigService builds it): no key on disk.
      if (!f.aws_access_key_id) throw invalid(`token ${token.name} needs the field aws_access_key_id for AWS to use it`)
      return { format, command: secret, ...(opts.profile ? { profile: opts.profile } : {}) }
    case 'hf-stored-tokens':
      // Stored under the token's own name unless the user names another (hf auth switch picks by it).
      return { format, name: opts.profile ?? token.name, token: secret }
    case 'hf-token-file':
      return { format, token: secret }
    case 'dotenv':
      if (!opts.envKey) throw invalid('choose the variable name to write to .env')
      return { format, key: opts.envKey, value: secret }
  }
}

const DISPLAY_DEFAULT: Record<Exclude<FileFormat, 'dotenv'>, string> = {
  'planqk-json': PLANQK_DEFAULT_FILE,
  'qualytics-yaml': QUALYTICS_DEFAULT_FILE,
  'qiskit-ibm-json': QISKIT_DEFAULT_FILE,
  'aws-credentials-ini': AWS_DEFAULT_FILE,
  'aws-credential-process': AWS_CONFIG_DEFAULT_FILE,
  'hf-stored-tokens': HF_STORED_TOKENS_DEFAULT,
  'hf-token-file': HF_TOKEN_DEFAULT,
}

/** Environment overrides the SDKs themselves honour, so we write where they will read. */
const ENV_OVERRIDE: Partial<Record<FileFormat, string | readonly string[]>> = {
  // Kipu Quantum Hub's SDK reads KQH_CONFIG_FILE_PATH; the legacy PlanQK tools PLANQK_CONFIG_FILE_PATH.
  'planqk-json': ['KQH_CONFIG_FILE_PATH', 'PLANQK_CONFIG_FILE_PATH'],
  'aws-credentials-ini': 'AWS_SHARED_CREDENTIALS_FILE',
  'aws-credential-process': 'AWS_CONFIG_FILE',
}

export interface PathContext {
  home: string
  env: Readonly<Record<string, string | undefined>>
  /** Explicit target; required for dotenv (a project's .env), optional elsewhere. */
  path?: string
}

/**
 * Resolves the file a format is written to from a passed-in home and environment, never from the
 * real process state, so tests and the CLI's --home stay hermetic.
 */
export function resolveConfigPath(format: FileFormat, ctx: PathContext): string {
  const expand = (p: string) => (p === '~' ? ctx.home : p.startsWith('~/') ? path.join(ctx.home, p.slice(2)) : p)
  let p: string | undefined = ctx.path
  if (p === undefined) {
    const names = ENV_OVERRIDE[format]
    const fromEnv = (typeof names === 'string' ? [names] : (names ?? [])).map((n) => ctx.env[n]).find((v) => !!v)
    if (fromEnv) p = fromEnv
    else if (format === 'hf-token-file') p = hfTokenPath(ctx.env)
    else if (format === 'hf-stored-tokens') p = hfStoredTokensPath(ctx.env)
    else if (format === 'dotenv') throw invalid('choose the .env file to write (e.g. the project folder\'s .env)')
    else p = DISPLAY_DEFAULT[format]
  }
  const resolved = expand(p)
  if (!path.isAbsolute(resolved)) throw invalid(`the config path must be absolute: ${p}`)
  return path.normalize(resolved)
}
