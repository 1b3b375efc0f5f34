import type { FoundCopyView, FoundPlace, KnownCopy } from '../scan/found-copies-plan'
import type { Db } from './db'

interface RawFoundCopy {
  id: number
  token_id: string
  path: string
  git_commit: string
  place: string
  line: number
  cell: number | null
  session: number | null
  key: string | null
  form: string
  fingerprint: string
  commit_date: string | null
  first_found_at: number
  last_seen_at: number
  gone_at: number | null
}

/** A recorded copy: its view (state present or gone) and the fingerprint of the secret it held. */
export type FoundCopyRow = FoundCopyView & { fingerprint: string }

const fromRaw = (r: RawFoundCopy): FoundCopyRow => ({
  path: r.path,
  line: r.line,
  ...(r.cell !== null ? { cell: r.cell } : {}),
  ...(r.session !== null ? { session: r.session } : {}),
  ...(r.key !== null ? { key: r.key } : {}),
  form: r.form,
  ...(r.git_commit !== '' ? { commit: r.git_commit } : {}),
  ...(r.commit_date !== null ? { commitDate: r.commit_date } : {}),
  firstFoundAt: r.first_found_at,
  lastSeenAt: r.last_seen_at,
  state: r.gone_at === null ? 'present' : 'gone',
  ...(r.gone_at !== null ? { goneAt: r.gone_at } : {}),
  fingerprint: r.fingerprint,
})

/** The found_copies table (migration 12): where tokendesk scan found held secrets. */
export class FoundCopyRepo {
  constructor(private readonly db: Db) {}

  /** A token's found copies, present first, then by file and place. */
  forToken(tokenId: string): FoundCopyRow[] {
    return this.db
      .prepare<[string], RawFoundCopy>('SELECT * FROM found_copies WHERE token_id = ? ORDER BY gone_at IS NOT NULL, path, git_commit, line, place')
      .all(tokenId)
      .map(fromRaw)
  }

  /** Every recorded copy with what identifies it, for a scan's plan. */
  known(): KnownCopy[] {
    return this.db
      .prepare<[], { id: number; token_id: string; path: string; git_commit: string; place: string; gone_at: number | null; fingerprint: string }>(
        'SELECT id, token_id, path, git_commit, place, gone_at, fingerprint FROM found_copies',
      )
      .all()
      .map((r) => ({ id: r.id, tokenId: r.token_id, path: r.path, commit: r.git_commit, place: r.place, goneAt: r.gone_at, fingerprint: r.fingerprint }))
  }

  /** A scan's result, in one transaction: each place seen is present (recorded if new), the gone ones marked. */
  apply(seen: readonly (FoundPlace & { place: string })[], gone: readonly number[], now: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO found_copies (token_id, path, git_commit, place, line, cell, session, key, form, fingerprint, commit_date, first_found_at, last_seen_at, gone_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL WHERE EXISTS (SELECT 1 FROM tokens WHERE id = ?)
       ON CONFLICT (token_id, path, git_commit, place) DO UPDATE SET line = excluded.line, cell = excluded.cell, session = excluded.session,
         key = excluded.key, form = excluded.form, fingerprint = excluded.fingerprint, commit_date = excluded.commit_date,
         last_seen_at = excluded.last_seen_at, gone_at = NULL`,
    )
    const markGone = this.db.prepare('UPDATE found_copies SET gone_at = ? WHERE id = ? AND gone_at IS NULL')
    this.db.transaction(() => {
      // A token deleted while the scan ran has no row to hang its copies on: they are not recorded.
      for (const s of seen) upsert.run(s.tokenId, s.path, s.commit, s.place, s.line, s.cell ?? null, s.session ?? null, s.key ?? null, s.form, s.fingerprint, s.commitDate ?? null, now, now, s.tokenId)
      for (const id of gone) markGone.run(now, id)
    }).immediate()
  }

  /** A .env entry TokenDesk itself turned into a reference (where --to-references): its found copies there are gone from now. */
  markGoneAt(tokenId: string, path: string, key: string, now: number): void {
    this.db.prepare("UPDATE found_copies SET gone_at = ? WHERE token_id = ? AND path = ? AND key = ? AND git_commit = '' AND gone_at IS NULL").run(now, tokenId, path, key)
  }
}
