import type { FileFormat } from '../sdk-config/catalog'
import type { Db } from './db'

export interface PlacementRow {
  id: number
  tokenId: string
  path: string
  format: FileFormat
  entry: string
  writtenAt: number
  fingerprint: string
  /** While a write is in flight (or was killed): the fingerprint of what it replaces. */
  previousFingerprint?: string | null
  /** What TokenDesk wrote there: the secret, or a reference to it (migration 11). */
  holds?: 'secret' | 'reference'
}

interface RawPlacement {
  id: number
  token_id: string
  path: string
  format: FileFormat
  entry: string
  written_at: number
  fingerprint: string
  previous_fingerprint: string | null
  holds: 'secret' | 'reference'
}

const fromRaw = (r: RawPlacement): PlacementRow => ({
  id: r.id,
  tokenId: r.token_id,
  path: r.path,
  format: r.format,
  entry: r.entry,
  writtenAt: r.written_at,
  fingerprint: r.fingerprint,
  previousFingerprint: r.previous_fingerprint,
  holds: r.holds,
})

/** The placements table (migration 6): where tokens were written into files. */
export class PlacementRepo {
  constructor(private readonly db: Db) {}

  forToken(tokenId: string): PlacementRow[] {
    return this.db.prepare<[string], RawPlacement>('SELECT * FROM placements WHERE token_id = ? ORDER BY path, entry').all(tokenId).map(fromRaw)
  }

  tokensIn(path: string): string[] {
    return this.db.prepare<[string], { t: string }>('SELECT DISTINCT token_id AS t FROM placements WHERE path = ?').all(path).map((r) => r.t)
  }

  at(path: string, format: FileFormat, entry: string): PlacementRow | undefined {
    const r = this.db.prepare<[string, string, string], RawPlacement>('SELECT * FROM placements WHERE path = ? AND format = ? AND entry = ?').get(path, format, entry)
    return r ? fromRaw(r) : undefined
  }

  /** Records (or moves to this token) the placement at path/format/entry. */
  record(p: Omit<PlacementRow, 'id'>): void {
    this.db
      .prepare(
        `INSERT INTO placements (token_id, path, format, entry, written_at, fingerprint) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (path, format, entry) DO UPDATE SET token_id = excluded.token_id, written_at = excluded.written_at, fingerprint = excluded.fingerprint,
           previous_fingerprint = NULL, holds = 'secret'`,
      )
      .run(p.tokenId, p.path, p.format, p.entry, p.writtenAt, p.fingerprint)
  }

  /**
   * Before a write swaps the file in: the placement takes the new fingerprint and keeps the
   * fingerprint of what the entry holds now (`previousFingerprint`; null when it holds nothing).
   * Returns the placement as it was, for `undo`.
   */
  begin(p: Omit<PlacementRow, 'id'>): PlacementRow | undefined {
    return this.db.transaction(() => {
      const before = this.at(p.path, p.format, p.entry)
      this.db
        .prepare(
          `INSERT INTO placements (token_id, path, format, entry, written_at, fingerprint, previous_fingerprint, holds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (path, format, entry) DO UPDATE SET token_id = excluded.token_id, written_at = excluded.written_at,
             fingerprint = excluded.fingerprint, previous_fingerprint = excluded.previous_fingerprint, holds = excluded.holds`,
        )
        .run(p.tokenId, p.path, p.format, p.entry, p.writtenAt, p.fingerprint, p.previousFingerprint ?? null, p.holds ?? 'secret')
      return before
    }).immediate() // read then write: a deferred transaction would fail at once (SQLITE_BUSY_SNAPSHOT) when another process wrote in between
  }

  /** The write landed: the entry holds the new fingerprint's secret, not the one it replaced. */
  landed(path: string, format: FileFormat, entry: string): void {
    this.db.prepare('UPDATE placements SET previous_fingerprint = NULL WHERE path = ? AND format = ? AND entry = ?').run(path, format, entry)
  }

  /** The write failed (an error, not a kill): the placement is again what `begin` found. */
  undo(path: string, format: FileFormat, entry: string, before: PlacementRow | undefined): void {
    if (before === undefined) return this.forget(path, format, entry)
    this.db
      .prepare('UPDATE placements SET token_id = ?, written_at = ?, fingerprint = ?, previous_fingerprint = ?, holds = ? WHERE path = ? AND format = ? AND entry = ?')
      .run(before.tokenId, before.writtenAt, before.fingerprint, before.previousFingerprint ?? null, before.holds ?? 'secret', path, format, entry)
  }

  /** Forgets the placement at path/format/entry (its entry was removed from the file). */
  forget(path: string, format: FileFormat, entry: string): void {
    this.db.prepare('DELETE FROM placements WHERE path = ? AND format = ? AND entry = ?').run(path, format, entry)
  }

  remove(id: number): void {
    this.db.prepare('DELETE FROM placements WHERE id = ?').run(id)
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM placements').get() as { n: number }).n
  }
}
