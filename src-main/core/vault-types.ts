import type { Clock } from './clock'
import type { AuditEvent, Token, TokenView } from './model'
import type { SecretStore } from './secrets/secret-store'
import type { TokenRepo } from './store/token-repo'

/** The shapes the vault takes and gives, apart from its class (vault.ts) so its parts share them. */

/** A token as a backup holds it (without its secret), for Vault.importToken. */
export type ImportedToken = Pick<Token, 'id' | 'kind' | 'platform' | 'org' | 'name' | 'scopes' | 'fields' | 'note' | 'createdAt' | 'expiresAt' | 'revokedAt' | 'lastUsedAt'>
export type ImportedEvent = Pick<AuditEvent, 'tokenName' | 'action' | 'at' | 'actor' | 'detail'>

export interface TokenDetail {
  token: TokenView
  audit: AuditEvent[]
}

export interface VaultDeps {
  repo: TokenRepo
  secrets: SecretStore
  clock: Clock
  /** Who is acting, for the audit log ("cli", "app"). */
  actor: string
  /** After a token is deleted: what else held its secret goes too (the sealed file versions, open-vault.ts). */
  onDeleted?: (tokenId: string) => void
}
