import type { Clock } from './clock'
import { systemClock } from './clock'
import { defaultDataDir } from './data-dir-location'
import { KeyringSecretStore } from './secrets/keyring-store'
import type { SecretStore } from './secrets/secret-store'
import { type Db, openDb } from './store/db'
import { TokenRepo } from './store/token-repo'
import { readVaultIdentity } from './store/vault-identity'
import { Vault } from './vault'
import { fileBackupRoot, purgeTokenBackups } from './sdk-config/file-backups'

export interface OpenVaultOptions {
  dataDir?: string
  secrets?: SecretStore
  clock?: Clock
  actor: string
  nativeBinding?: string
}

export interface OpenedVault {
  vault: Vault
  repo: TokenRepo
  db: Db
  dataDir: string
  /** The keychain the vault uses (services built on the vault share it). */
  secrets: SecretStore
  close(): void
}

/** Wires the real stores together; used by the CLI, the Electron shell and integration tests. */
export function openVault(opts: OpenVaultOptions): OpenedVault {
  const dataDir = opts.dataDir ?? defaultDataDir()
  const db = openDb(dataDir, { nativeBinding: opts.nativeBinding })
  const repo = new TokenRepo(db)
  // A store made here is ended here (its broker process); a store passed in belongs to the caller.
  const own = opts.secrets ? undefined : new KeyringSecretStore()
  // The keychain entries of this data folder, and no other's (secrets/namespace.ts).
  ;(opts.secrets ?? own!).bindToFolder?.(readVaultIdentity(db))
  const vault = new Vault({
    repo,
    secrets: opts.secrets ?? own!,
    clock: opts.clock ?? systemClock,
    actor: opts.actor,
    // Earlier versions of files that held the deleted token's entries go with it (file-backups.ts).
    onDeleted: (tokenId) => void purgeTokenBackups(fileBackupRoot(dataDir), tokenId),
  })
  return {
    vault,
    repo,
    db,
    dataDir,
    secrets: opts.secrets ?? own!,
    close: () => {
      db.close()
      own?.close()
    },
  }
}
