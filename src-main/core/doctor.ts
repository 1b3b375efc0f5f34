import type { AuditEvent } from './model'

/**
 * Keychain entries that belong to no token or connection: what a deleted or zero-byte database
 * (a new vault started over an old keychain), or an old crash, leaves behind. Pure: the service
 * (vault.ts: orphans, adopt, purge) gathers the refs and the audit history.
 *
 * An entry is reclaimable — removed without asking — only when the audit log proves its token was
 * deleted. Every other orphan may be the only copy of a secret, so it is reported with two
 * choices: adopt it as a token (the secret is kept) or purge it (confirmed).
 */
export interface Orphan {
  /** The keychain account, e.g. "<token id>.2" or "connection-<id>.1". */
  ref: string
  /** The token it was written for, when the ref names one. */
  tokenId: string | null
  /** What the audit log knows of that token: its last name, and when it was deleted. */
  lastName: string | null
  deletedAt: number | null
}

export interface OrphanReport {
  /** Proved deleted by the audit log: reconcile/doctor remove these. */
  reclaimable: Orphan[]
  /** Possibly the only copy of a secret: adopt or purge, never removed unasked. */
  unknown: Orphan[]
}

/** "<uuid>.<generation>" → the uuid; connection refs and foreign accounts → null. */
export function tokenIdOfRef(ref: string): string | null {
  const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.\d+$/i.exec(ref)
  return m ? m[1]!.toLowerCase() : null
}

export function findOrphans(input: {
  keychainRefs: readonly string[]
  /** Every ref the database points at: tokens' current, pending and stale refs, connections' refs. */
  knownRefs: ReadonlySet<string>
  history: (tokenId: string) => readonly AuditEvent[]
}): OrphanReport {
  const report: OrphanReport = { reclaimable: [], unknown: [] }
  for (const ref of [...input.keychainRefs].sort()) {
    if (input.knownRefs.has(ref)) continue
    const tokenId = tokenIdOfRef(ref)
    const events = tokenId ? input.history(tokenId) : []
    const deleted = events.find((e) => e.action === 'deleted')
    const orphan: Orphan = { ref, tokenId, lastName: events[0]?.tokenName ?? null, deletedAt: deleted?.at ?? null }
    ;(deleted ? report.reclaimable : report.unknown).push(orphan)
  }
  return report
}
