import { createHash } from 'node:crypto'
import { chmodSync, realpathSync, statfsSync } from 'node:fs'
import { dirname, join, resolve as resolvePath } from 'node:path'
import Database from 'better-sqlite3'
import { TokenDeskError } from '../errors'
import { prepareDataDir } from './data-dir-check'
import { driverRuntimeProblem } from './driver-runtime'
import { DB_FILE } from './db-file'
import { MIGRATIONS, type Migration } from './migrations'

export type Db = Database.Database

export { DB_FILE }

export interface OpenDbOptions {
  /** The driver file the app chose (src-main/shell/native.ts); the CLI and tests let better-sqlite3 choose. */
  nativeBinding?: string
  migrations?: readonly Migration[]
  readonly?: boolean
}

/**
 * Opens (creating if needed) the metadata database in `dataDir` and brings its schema up to date.
 * A damaged or foreign file is reported and left untouched, so the user can recover it.
 */
export function openDb(dataDir: string, opts: OpenDbOptions = {}): Db {
  const runtime = driverRuntimeProblem(process.versions)
  if (runtime) throw new TokenDeskError('storage', runtime)
  prepareDataDir(dataDir)
  const file = join(dataDir, DB_FILE)
  let db: Db | undefined
  try {
    db = new Database(file, { nativeBinding: opts.nativeBinding, readonly: opts.readonly ?? false })
    db.pragma('busy_timeout = 5000')
    if (!opts.readonly) {
      switchToWal(db)
      db.pragma('synchronous = NORMAL')
    }
    db.pragma('foreign_keys = ON')
    // Reading the schema is where SQLite notices a file that is not a database. A full
    // quick_check would read every page (tens of ms at 50,000 tokens) on every open; damage deeper
    // in the file surfaces as SQLITE_CORRUPT on the query that meets it, reported like this.
    db.prepare('SELECT count(*) FROM sqlite_schema').get()
    migrate(db, opts.migrations ?? MIGRATIONS)
    if (process.platform !== 'win32') chmodSync(file, 0o600)
    return db
  } catch (e) {
    db?.close()
    if (e instanceof TokenDeskError) throw e
    throw openFailure(file, e, freeBytes(dataDir))
  }
}

/**
 * Sets WAL mode. On a brand-new file opened by many processes at once (the first-run race), the
 * switch needs an exclusive lock, and SQLite answers SQLITE_BUSY at once, without its busy
 * handler, to a connection that would otherwise deadlock with another one switching too; so the
 * switch is tried again for as long as busy_timeout would have waited. Once the file is in WAL
 * mode the pragma takes no lock at all.
 */
function switchToWal(db: Db): void {
  const deadline = Date.now() + 5_000
  for (let attempt = 0; ; attempt++) {
    try {
      db.pragma('journal_mode = WAL')
      return
    } catch (e) {
      const busy = String((e as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')
      if (!busy || Date.now() >= deadline) throw e
      // A short, growing pause: the other process's switch takes milliseconds.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(10 * (attempt + 1), 100))
    }
  }
}

/** Free bytes on the file system holding `dir`, or null when the OS cannot say. */
function freeBytes(dir: string): number | null {
  try {
    const st = statfsSync(dir)
    return st.bavail * st.bsize
  } catch {
    return null
  }
}

/** Below this much free space an I/O error while opening is taken for a full disk. */
const NEARLY_FULL_BYTES = 1024 * 1024

/**
 * Why the database could not be opened, with advice that fits: a full disk loses nothing and
 * needs space, not a new vault; a damaged file is left as it is for the user to move aside.
 */
export function openFailure(file: string, e: unknown, free: number | null): TokenDeskError {
  const code = String((e as { code?: unknown }).code ?? '')
  const full = code.startsWith('SQLITE_FULL') || (code.startsWith('SQLITE_IOERR') && free !== null && free < NEARLY_FULL_BYTES)
  if (full) {
    return new TokenDeskError(
      'storage',
      `the disk holding ${dirname(file)} is full, so the TokenDesk database cannot be written; nothing was lost. Free some space and try again.`,
    )
  }
  return new TokenDeskError(
    'storage',
    `the TokenDesk database ${file} cannot be opened (${sqliteReason(e)}); it was left as it is. ` +
      'Move it aside to start with an empty list; your secrets stay in the OS keychain.',
  )
}

/** Databases this process made from nothing (a new or zero-byte file): their vault is new. */
const CREATED = new WeakSet<Db>()
export const wasCreatedHere = (db: Db): boolean => CREATED.has(db)

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const latest = migrations.at(-1)?.version ?? 0
  const version = () => db.pragma('user_version', { simple: true }) as number
  const tooNew = (current: number) =>
    new TokenDeskError('storage', `the database was written by a newer TokenDesk (schema ${current}, this version knows ${latest}); update TokenDesk`)
  // The common case reads without a lock: the schema is current.
  const seen = version()
  if (seen > latest) throw tooNew(seen)
  if (seen === latest) return
  // Several processes may open a new or old vault at once (the app and CLI runs): take the write
  // lock first (BEGIN IMMEDIATE waits up to busy_timeout for another migrating process), then read
  // the version again inside it, so exactly one process migrates and the others see it done.
  // A table rebuild needs foreign keys off, and that pragma is a no-op inside a transaction: it is
  // switched before the transaction and back after it, whatever happens.
  const fkOff = migrations.some((m) => m.version > seen && m.foreignKeysOff)
  if (fkOff) db.pragma('foreign_keys = OFF')
  // Many processes opening a new vault at once queue for this lock behind each other's first
  // writes; on a busy 2-core machine that queue passed the usual 5 s once (CI). A migration runs
  // once per version, so it may wait longer before "database is locked".
  const busy = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma(`busy_timeout = ${Math.max(busy, MIGRATION_BUSY_MS)}`)
  // Migration 11 names the data folder by its path (the folder this database file is in).
  db.function('tokendesk_folder_id', { deterministic: true }, () => folderIdOf(db.name))
  try {
    db.transaction(() => {
      const current = version()
      if (current > latest) throw tooNew(current)
      if (current === 0) CREATED.add(db)
      for (const m of migrations) {
        if (m.version <= current) continue
        db.exec(m.sql)
        if (m.foreignKeysOff && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new TokenDeskError('storage', `migration ${m.version} (${m.description}) would break a link between tables; nothing was changed`)
        }
        db.pragma(`user_version = ${m.version}`)
      }
    }).immediate()
  } finally {
    if (fkOff) db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${busy}`)
  }
}

/** A data folder's id: from the real path of the folder the database file is in (16 hex digits). */
export function folderIdOf(dbFile: string): string {
  let dir = dirname(resolvePath(dbFile))
  try {
    dir = realpathSync(dir)
  } catch {
    // an in-memory database or a folder gone meanwhile: the path as given
  }
  return createHash('sha256').update(dir).digest('hex').slice(0, 16)
}

/** How long a migration waits for another process's write lock. */
const MIGRATION_BUSY_MS = 30_000

function sqliteReason(e: unknown): string {
  const code = (e as { code?: string }).code
  if (code === 'SQLITE_NOTADB') return 'the file is not a database or is encrypted'
  if (code === 'SQLITE_CORRUPT') return 'the file is damaged'
  if (code === 'SQLITE_CANTOPEN') return 'it cannot be opened: check the folder exists and is writable'
  if (code === 'SQLITE_READONLY') return 'it is read-only'
  const msg = e instanceof Error ? e.message : String(e)
  return msg.slice(0, 200)
}
