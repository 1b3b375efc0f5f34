import type { Db } from './db'

/**
 * Whether another process (a `tokendesk` CLI run, a second app) committed to the database since
 * the last look. SQLite's `PRAGMA data_version` changes for commits made through any other
 * connection and never for this connection's own, so the app's own writes (which announce
 * themselves) are not counted twice. One pragma read per look: no list is re-read on a timer.
 */
export class OutsideChanges {
  private last: number

  constructor(private readonly db: Db) {
    this.last = this.version()
  }

  private version(): number {
    return this.db.pragma('data_version', { simple: true }) as number
  }

  /** True once per batch of outside commits. */
  changed(): boolean {
    const v = this.version()
    if (v === this.last) return false
    this.last = v
    return true
  }
}
