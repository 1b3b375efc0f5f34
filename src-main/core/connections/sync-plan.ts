import type { RemoteToken } from '../connectors/types'
import { DELETED_ON_PLATFORM } from '../vocabulary'

/** The local side of a synced token: what the plan compares with the platform's answer. */
export interface LocalTokenState {
  revokedAt: number | null
  expiresAt: number | null
  lastUsedAt: number | null
  problem: string | null
}

export interface TokenSyncChange {
  /** The fields to write (empty when nothing changes). */
  patch: Partial<LocalTokenState>
  /** What the user is told, and the audit records; last use alone changes quietly. */
  changes: string[]
}

const iso = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString().slice(0, 10))

/**
 * What one sync does to one token: the platform's record (undefined when the platform no longer
 * lists it) against the local state, at `now`. Pure, like reminders/plan.ts; the service runs it
 * inside the transaction and writes the patch.
 *  - gone from the platform: marked deleted there, and revoked if it was not
 *  - inactive there (and not merely expired): revoked here; active again: restored
 *  - the platform's expiry wins; last use only moves forward
 */
export function planTokenSync(local: LocalTokenState, remote: RemoteToken | undefined, now: number): TokenSyncChange {
  const patch: Partial<LocalTokenState> = {}
  const changes: string[] = []
  if (remote === undefined) {
    if (local.problem !== DELETED_ON_PLATFORM) {
      patch.problem = DELETED_ON_PLATFORM
      changes.push('deleted on the platform')
      if (local.revokedAt === null) patch.revokedAt = now
    }
    return { patch, changes }
  }
  const expiredThere = remote.expiresAt !== null && remote.expiresAt <= now
  if (!remote.active && !expiredThere && local.revokedAt === null) {
    patch.revokedAt = now
    changes.push('revoked on the platform')
  } else if (remote.active && local.revokedAt !== null) {
    patch.revokedAt = null
    changes.push('restored on the platform')
  }
  if (remote.expiresAt !== local.expiresAt) {
    patch.expiresAt = remote.expiresAt
    changes.push(`expiry is now ${iso(remote.expiresAt)}`)
  }
  if (local.problem === DELETED_ON_PLATFORM) {
    patch.problem = null
    changes.push('found on the platform again')
  }
  // Last use is kept quietly up to date: not worth an audit entry on every sync.
  if (remote.lastUsedAt !== null && (local.lastUsedAt === null || remote.lastUsedAt > local.lastUsedAt)) patch.lastUsedAt = remote.lastUsedAt
  return { patch, changes }
}
