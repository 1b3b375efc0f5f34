import type { VaultIdentity } from '../secrets/namespace'
import type { Db } from './db'

/** This data folder's identity (migration 11); null for a database older than that. */
export function readVaultIdentity(db: Db): VaultIdentity | null {
  try {
    const r = db.prepare<[], { folder_id: string; keychain: 'own' | 'legacy' }>('SELECT folder_id, keychain FROM vault_identity WHERE one = 1').get()
    return r ? { folderId: r.folder_id, keychain: r.keychain } : null
  } catch {
    return null
  }
}
