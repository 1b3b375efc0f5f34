import { openVault, type OpenedVault } from '../core/open-vault'
import { wasCreatedHere } from '../core/store/db'
import { TokenRepo } from '../core/store/token-repo'
import { ConnectionRepo } from '../core/store/connection-repo'
import { FINGERPRINT_KEY_REF } from '../core/placements/fingerprint'
import { FILE_BACKUP_KEY_REF } from '../core/sdk-config/backup-sealer'
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
  await sayIfStranded(io, opened)
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

/**
 * Once, in the process that made a new vault (no database, or a zero-byte one): if this data
 * folder's keychain namespace already holds entries, a database was lost or reset and those
 * secrets are stranded. Said, never acted on: `tokendesk doctor` lists them.
 */
export async function sayIfStranded(io: Io, opened: Pick<OpenedVault, 'db' | 'secrets'>): Promise<void> {
  if (!wasCreatedHere(opened.db)) return
  try {
    // The keychain first, then the database (as doctor): an entry another process is adding now
    // has its row already, so only entries no token or connection points at are counted.
    const refs = await opened.secrets.refs()
    const known = new Set([...new TokenRepo(opened.db).allSecretRefs(), ...new ConnectionRepo(opened.db).allSecretRefs(), FINGERPRINT_KEY_REF, FILE_BACKUP_KEY_REF])
    const n = refs.filter((r) => !known.has(r)).length
    if (n > 0) {
      io.stderr.write(`tokendesk: this vault is new, but the keychain already holds ${n} ${n === 1 ? 'entry' : 'entries'} of this data folder (a lost or reset database?); run \`tokendesk doctor\` to see ${n === 1 ? 'it' : 'them'}\n`)
    }
  } catch {
    // A keychain that cannot list says so on the command's own keychain call.
  }
}
