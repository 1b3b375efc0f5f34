import type { Db } from './db'

/** Who holds a config file's lock: its process and the nonce of that one hold. */
export interface FileLockHolder {
  pid: number
  nonce: string
  takenAt: number
}

/**
 * The file_locks table (migration 11). Each call is one short write transaction (BEGIN
 * IMMEDIATE), so taking over a dead holder's row and taking a free one are atomic across
 * processes; nothing waits inside SQLite.
 */
export class FileLockRepo {
  constructor(private readonly db: Db) {}

  /**
   * Takes the lock of `path` for this hold unless a live holder has it; `alive` decides for the
   * holder found. Returns null when taken, else the holder that keeps it.
   */
  tryTake(path: string, me: FileLockHolder, alive: (h: FileLockHolder) => boolean): FileLockHolder | null {
    // A look without the write lock first: waiters poll, and each poll taking the database's
    // write lock would starve the holder's own writes (its placement, its audit event).
    const seen = this.holder(path)
    if (seen && alive(seen)) return seen
    return this.db.transaction((): FileLockHolder | null => {
      const holder = this.holder(path)
      if (holder && alive(holder)) return holder
      this.db
        .prepare('INSERT INTO file_locks (path, pid, nonce, taken_at) VALUES (?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET pid = excluded.pid, nonce = excluded.nonce, taken_at = excluded.taken_at')
        .run(path, me.pid, me.nonce, me.takenAt)
      return null
    }).immediate()
  }

  private holder(path: string): FileLockHolder | undefined {
    const cur = this.db.prepare<[string], { pid: number; nonce: string; taken_at: number }>('SELECT pid, nonce, taken_at FROM file_locks WHERE path = ?').get(path)
    return cur && { pid: cur.pid, nonce: cur.nonce, takenAt: cur.taken_at }
  }

  /** Gives the lock back, only if this hold still has it. */
  release(path: string, nonce: string): void {
    this.db.prepare('DELETE FROM file_locks WHERE path = ? AND nonce = ?').run(path, nonce)
  }
}
