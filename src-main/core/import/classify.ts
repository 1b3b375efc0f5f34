import { PLATFORM_ENV, platformOfSecretVariable } from '../sdk-config/env-names'
import type { TokenKind } from '../model'
import type { FileFormat } from '../sdk-config/catalog'
import type { FileCredential } from '../sdk-config/read-entries'

/**
 * What a credential found in a file is: which kind of token, for which platform or provider, with
 * which non-secret fields. Pure. Variables of .env files are recognised by the names the SDKs read
 * (docs/user-guide.md, "SDK configs"); any other variable is not a credential TokenDesk knows, and is skipped.
 */
export interface Classified {
  kind: TokenKind
  platform: string
  fields: Record<string, string>
  /** A reason it should not be imported as it is (e.g. a retired qiskit channel); shown, not imported. */
  problem?: string
  /** A credential_process line of TokenDesk's own: the token it names (already held, never imported). */
  heldRef?: string
}

export const RETIRED_QISKIT_CHANNEL = 'ibm_quantum'

export function classify(format: FileFormat, c: FileCredential, sameFile: readonly FileCredential[]): Classified | null {
  switch (format) {
    case 'planqk-json':
      return { kind: 'personal', platform: 'planqk', fields: {} }
    case 'qualytics-yaml':
      return { kind: 'personal', platform: 'qualytics', fields: c.identifiers }
    case 'aws-credentials-ini':
      return { kind: 'provider', platform: 'aws-braket', fields: c.identifiers }
    case 'aws-credential-process': {
      // No secret in it: TokenDesk's own line names the token it runs for (held, never imported);
      // another tool's credential_process (aws-vault, SSO helpers) is not a credential to import.
      const ref = /(?:^|\s)credential-process\s+aws\s+(\S+)\s*$/.exec(c.secret)?.[1]
      return ref ? { kind: 'provider', platform: 'aws-braket', fields: {}, heldRef: ref } : null
    }
    case 'hf-stored-tokens':
    case 'hf-token-file':
      return { kind: 'personal', platform: 'huggingface', fields: {} }
    case 'qiskit-ibm-json': {
      const fields = c.identifiers
      if (fields.channel === RETIRED_QISKIT_CHANNEL) {
        return { kind: 'provider', platform: 'ibm-quantum', fields, problem: 'uses the retired channel ibm_quantum, which IBM shut down and current qiskit-ibm-runtime rejects; not imported' }
      }
      return { kind: 'provider', platform: 'ibm-quantum', fields }
    }
    case 'dotenv': {
      // One table of variable names per platform (sdk-config/env-names.ts), shared with env and the writers.
      const known = platformOfSecretVariable(c.entry)
      if (!known) return null
      const fields: Record<string, string> = {}
      for (const [variable, field] of Object.entries(PLATFORM_ENV[known.platform]?.fields ?? {})) {
        if (field === 'aws_session_token') continue // a session token is short-lived: not a field to keep
        const v = sameFile.find((x) => x.entry === variable)?.secret
        if (v) fields[field] = v
      }
      if (known.platform === 'aws-braket' && !fields.aws_access_key_id) return { ...known, fields, problem: 'has no AWS_ACCESS_KEY_ID beside it; not imported' }
      return { ...known, fields }
    }
  }
}

/** A valid, unused token name from a file entry: lowercase, hyphens, at most 64, numbered on a clash. */
export function suggestName(base: string, taken: (name: string) => boolean): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'imported'
  if (!taken(slug)) return slug
  for (let n = 2; ; n++) if (!taken(`${slug}-${n}`)) return `${slug}-${n}`
}

/** At most the last 4 characters, so a person can tell two tokens apart; short secrets show nothing. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••'
}
