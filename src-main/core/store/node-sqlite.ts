import type { DatabaseSync } from 'node:sqlite'
import type { Db } from './db'

/**
 * Node's own SQLite (`node:sqlite`, in the binary since Node 22.5, without a warning since 24) as
 * the subset of better-sqlite3's Database that the hot commands' TokenRepo calls use: prepare
 * (get/all/run with positional or named parameters), transaction (deferred or `.immediate()`),
 * pragma and close. Why: loading better-sqlite3 — its JavaScript, then dlopen of the addon —
 * took 6–9 ms of `tokendesk get`'s start and node:sqlite under 1 ms (2-core machine, Node 24;
 * docs/development.md "Performance"). The rest of the core keeps better-sqlite3: it has no such
 * budget, and the app's driver is chosen per OS and CPU (shell/native.ts).
 * Tested by lean-vault.spec.ts through the repo calls the hot commands make, on a real file.
 */
export function nodeSqliteDb(db: DatabaseSync): Db {
  let depth = 0
  const transaction = (fn: (...args: unknown[]) => unknown) => {
    const run = (begin: string) => (...args: unknown[]) => {
      // Nested calls run inside the outer transaction, as better-sqlite3's savepoints would let them.
      if (depth > 0) return fn(...args)
      db.exec(begin)
      depth++
      try {
        const r = fn(...args)
        db.exec('COMMIT')
        return r
      } catch (e) {
        if (db.isTransaction) db.exec('ROLLBACK')
        throw e
      } finally {
        depth--
      }
    }
    return Object.assign(run('BEGIN'), { deferred: run('BEGIN DEFERRED'), immediate: run('BEGIN IMMEDIATE'), exclusive: run('BEGIN EXCLUSIVE') })
  }
  const adapter = {
    prepare: (sql: string) => {
      const st = db.prepare(sql)
      // better-sqlite3 names `@x` parameters by `x` in an object: node:sqlite allows the bare name too.
      return {
        get: (...p: unknown[]) => st.get(...(p as never[])),
        all: (...p: unknown[]) => st.all(...(p as never[])),
        run: (...p: unknown[]) => {
          const r = st.run(...(p as never[]))
          return { changes: Number(r.changes), lastInsertRowid: r.lastInsertRowid }
        },
      }
    },
    transaction,
    pragma: (source: string, opts?: { simple?: boolean }) => {
      const rows = db.prepare(`PRAGMA ${source}`).all() as Record<string, unknown>[]
      return opts?.simple ? (rows[0] ? Object.values(rows[0])[0] : undefined) : rows
    },
    exec: (sql: string) => db.exec(sql),
    close: () => db.close(),
    get open() {
      return db.isOpen
    },
  }
  return adapter as unknown as Db
}
