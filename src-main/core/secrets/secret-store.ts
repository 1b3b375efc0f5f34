import { TokenDeskError, invalid } from '../errors'
import { MAX_SECRET_LENGTH } from '../model'
import type { VaultIdentity } from './namespace'

/**
 * Where secrets live. The real implementation is the OS keychain; there is deliberately no
 * file-backed implementation, so nothing can "fall back" to plaintext on disk.
 * `ref` is an opaque account name chosen by the vault (never the secret, never user input).
 */
export interface SecretStore {
  /** Human-readable name of the backend, for messages ("Secret Service", "macOS Keychain"). */
  readonly description: string
  set(ref: string, secret: string): Promise<void>
  get(ref: string): Promise<string | null>
  /** Resolves false when there was nothing to delete. */
  delete(ref: string): Promise<boolean>
  /** Every ref this store holds (for `tokendesk doctor`); secrets are never returned. */
  refs(): Promise<string[]>
  /** Scopes the store to one data folder's entries (secrets/namespace.ts); stores without namespaces ignore it. */
  bindToFolder?(identity: VaultIdentity | null): void
}

export class KeychainUnavailableError extends TokenDeskError {
  constructor(
    backend: string,
    why: string,
    /** True when the failure came before any request reached the keychain, so nothing can have been written. */
    readonly nothingSent = false,
  ) {
    super('keychain_unavailable', `the OS keychain (${backend}) is not available: ${why}. Nothing was changed; unlock or start it and try again`)
  }
}

export function keychainUnavailable(backend: string, why: string, nothingSent = false): KeychainUnavailableError {
  return new KeychainUnavailableError(backend, why, nothingSent)
}

/**
 * Checks a secret before it goes anywhere. Errors describe the problem, never echo the value.
 */
export function validateSecret(secret: string): string {
  if (typeof secret !== 'string' || secret.length === 0) throw invalid('the secret is empty')
  if (secret.length > MAX_SECRET_LENGTH) {
    throw invalid(`the secret is too long (${secret.length} characters; at most ${MAX_SECRET_LENGTH})`)
  }
  if (/[\u0000-\u0008\u000e-\u001f\u007f\ufffd]/.test(secret)) {
    throw invalid('the secret contains binary or control characters; paste the token text only')
  }
  if (secret.trim() !== secret) throw invalid('the secret starts or ends with white space; paste the token text only')
  return secret
}
