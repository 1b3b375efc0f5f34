import { openVault, type OpenedVault } from '../core/open-vault'
import { DEFAULT_KEYCHAIN_TIMEOUT_MS, KeyringSecretStore } from '../core/secrets/keyring-store'
import type { SecretStore } from '../core/secrets/secret-store'
import { CLI_ACTOR } from './actor'
import { keychainTimeoutMs } from './keychain-timeout'
import type { Io } from './io'

export { CLI_ACTOR } from './actor'

export function cliSecretStore(env: NodeJS.ProcessEnv): SecretStore {
  const timeoutMs = keychainTimeoutMs(env) ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
  // The store checks the Secret Service answers before its first call and fails fast after a
  // failed check, so `add` on a dead keychain costs one deadline, not two.
  return new KeyringSecretStore({ timeoutMs })
}

/**
 * Opens the vault the app uses (TOKENDESK_HOME or the app's data folder) and first finishes or
 * rolls back whatever an earlier run left half done. That only touches unfinished rows, so it is
 * cheap; if the keychain is unavailable it is retried on the next run rather than blocking reads.
 */
export async function openCliVault(io: Io): Promise<OpenedVault> {
  const opened = openVault({ actor: CLI_ACTOR, secrets: cliSecretStore(io.env) })
  try {
    await opened.vault.reconcile()
  } catch (e) {
    const msg = e instanceof Error && e.name === 'TokenDeskError' ? e.message : 'unexpected error'
    io.stderr.write(`tokendesk: warning: could not finish an interrupted operation (${msg}); it will be retried next time\n`)
  }
  return opened
}

/** Runs a command body with an open vault and always closes the database. */
export async function withVault<T>(io: Io, fn: (o: OpenedVault) => Promise<T> | T): Promise<T> {
  const opened = await openCliVault(io)
  try {
    return await fn(opened)
  } finally {
    opened.close()
  }
}
