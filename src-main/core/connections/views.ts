import type { Org } from '../model'
import type { Capabilities, CheckResult } from '../connectors/types'
import type { ConnectorKind } from '../vocabulary'

// The connections' results as the bridge carries them, apart from the service (which reaches the
// database and the network) so the contract and the renderer import only these shapes.

/** What a connection is, as stored and as shown (store/connection-repo.ts adds its state and keychain ref). */
export interface ConnectionFields {
  id: string
  kind: ConnectorKind
  name: string
  baseUrl: string
  /** Who the management token belongs to (who-am-I), when the platform documents that. */
  account: string | null
  createdAt: number
  lastSyncAt: number | null
  lastSyncError: string | null
}

/** A connection without its management token (the keychain keeps that). */
export interface ConnectionView extends ConnectionFields {
  capabilities: Capabilities
  tokenCount: number
}

export interface ConnectResult extends ConnectionView {
  /** Organizations (and your role) the platform reported and the vault now knows. */
  importedOrgs: Org[]
}

export interface RemoteSummary {
  remoteId: string
  name: string
  active: boolean
  createdAt: number
  expiresAt: number | null
}

export interface SyncResult {
  connectionId: string
  connection: string
  ok: boolean
  error: string | null
  /** Set when the platform documents no token list, so there was nothing to sync. */
  skipped: string | null
  /** Local tokens whose status or expiry changed, with what changed. */
  updated: { id: string; name: string; changes: string[] }[]
  /** Tokens on the platform that TokenDesk does not have (no secret, so they are not imported). */
  unknownOnPlatform: RemoteSummary[]
  /**
   * Platform tokens that are TokenDesk's own though no token points at them: the old token of a
   * rotation in its grace period, one a rotation retired, the successor of an interrupted rotation.
   */
  ownOnPlatform: (RemoteSummary & { tokenName: string; state: OwnRemoteState })[]
}

export const OWN_REMOTE_WORDS = {
  'in-grace': 'the old token of a rotation, revoked when its grace period ends',
  retired: 'replaced by a rotation and revoked by TokenDesk',
  interrupted: 'made by a rotation that was interrupted; TokenDesk revokes it',
} as const
export type OwnRemoteState = keyof typeof OWN_REMOTE_WORDS

export interface SyncReport {
  at: number
  results: SyncResult[]
}

export interface CheckOutcome extends CheckResult {
  tokenId: string
  /** The connection asked; null for a platform checked with the token alone (IonQ, Hugging Face). */
  connectionId: string | null
  checkedAt: number
}

