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
}

interface RawPlacement {
  id: number
  token_id: string
  path: string
  format: FileFormat
  entry: string
  written_at: number
  fingerprint: string
}

const fromRaw = (r: RawPlacement): PlacementRow => ({
  id: r.id,
  tokenId: r.token_id,
  path: r.path,
  format: r.format,
  entry: r.entry,
  writtenAt: r.written_at,
  fingerprint: r.fingerprint,
})

/** The placements table (migration 6): where tokens were written into files. */
export class PlacementRepo {
  constructor(private readonly db: Db) {}

  forToken(tokenId: string): PlacementRow[] {
    return this.db.prepare<[string], RawPlacement>('SELECT * FROM placements WHERE token_id = ? ORDER BY path, entry').all(tokenId).map(fromRaw)
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
         ON CONFLICT (path, format, entry) DO UPDATE SET token_id = excluded.token_id, written_at = excluded.written_at, fingerprint = excluded.fingerprint`,
      )
      .run(p.tokenId, p.path, p.format, p.entry, p.writtenAt, p.fingerprint)
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
