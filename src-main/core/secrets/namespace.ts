/**
 * Which keychain service name a data folder's entries live under. Pure and dependency-free: the
 * lean `tokendesk get` path and the core store both use it.
 *
 * Every data folder made by this version has a service of its own, `TokenDesk/<folder id>`, so
 * a second data folder — or a backup of one restored into another — never reads, deletes or
 * lists as stranded the first one's entries (before, all shared `TokenDesk`, and `doctor` in one
 * folder removed a secret another still used). A vault that existed before keeps `TokenDesk`
 * ('legacy'): moving its entries would copy every secret through this process for no gain to
 * that vault, and another legacy folder may share an entry with it. `TOKENDESK_KEYCHAIN_SERVICE`
 * pins the name exactly (the tests, and anyone who chooses a namespace on purpose).
 */
export const DEFAULT_KEYCHAIN_SERVICE = 'TokenDesk'

export interface VaultIdentity {
  folderId: string
  keychain: 'own' | 'legacy'
}

export function keychainServiceFor(identity: VaultIdentity | null, env: Readonly<Record<string, string | undefined>>): string {
  if (env.TOKENDESK_KEYCHAIN_SERVICE) return env.TOKENDESK_KEYCHAIN_SERVICE
  if (identity === null || identity.keychain === 'legacy') return DEFAULT_KEYCHAIN_SERVICE
  return `${DEFAULT_KEYCHAIN_SERVICE}/${identity.folderId}`
}
