import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { defaultDataDir } from '../core/data-dir-location'
import { TokenDeskError } from '../core/errors'
import type { Db } from '../core/store/db'
import { DB_FILE } from '../core/store/db-file'
import { nodeSqliteDb } from '../core/store/node-sqlite'
import { driverRuntimeProblem } from '../core/store/driver-runtime'
import { MIGRATIONS } from '../core/store/migrations'
import type { TokenRow } from '../core/store/token-repo'
import { TokenRepo } from '../core/store/token-repo'
import { readVaultIdentity } from '../core/store/vault-identity'
import { SECRET_MISSING } from '../core/vocabulary'
import { CLI_ACTOR } from './actor'
import { type LeanSecretReader, leanSecretStore, warmSecretService } from './lean-keyring'

/**
 * The vault as the hot commands need it — `get`, `run`, `credential-process`, which start before
 * every script, job or AWS command: the database opened without the full check (a current
 * schema read fast, anything unusual by the careful path), this data folder's keychain reader
 * without the native addon, and the two vault rules they need (a missing secret is marked, a use
 * is recorded). No zod, no reconcile; a test keeps the rules in step with the vault.
 */
export interface LeanVault {
  repo: TokenRepo
  secrets: LeanSecretReader
  /** The token's secret; a missing one is marked on the row and said as the vault says it. */
  secretOf(row: TokenRow): Promise<string>
  /** One "used" event per token, in one transaction. */
  recordUse(rows: readonly TokenRow[], now?: number): void
  close(): void
}

export async function openLeanVault(env: NodeJS.ProcessEnv): Promise<LeanVault> {
  // The bus connection first; one turn of the event loop sends its handshake, which the bus and
  // the keychain daemon then answer while this process opens the database.
  const bus = warmSecretService(env)
  if (bus) await new Promise((resolve) => setImmediate(resolve))
  const db = await openFast(env)
  const repo = new TokenRepo(db)
  const secrets = leanSecretStore(env, readVaultIdentity(db), bus)
  return {
    repo,
    secrets,
    async secretOf(row) {
      const secret = await secrets.get(row.secretRef)
      if (secret !== null) return secret
      repo.update(row.id, { problem: SECRET_MISSING })
      throw new TokenDeskError('not_found', `the secret of "${row.name}" is missing from the ${secrets.description}; it may have been removed outside TokenDesk. Add it again`)
    },
    recordUse(rows, now = Date.now()) {
      const once = [...new Map(rows.map((r) => [r.id, r])).values()]
      repo.transaction(() => {
        for (const r of once) {
          repo.update(r.id, { lastUsedAt: now, problem: null })
          repo.audit(r.id, r.name, 'used', now, CLI_ACTOR)
        }
      })
    },
    close: () => db.close(),
  }
}

/**
 * Opens an existing, current database without openDb's full integrity check, which reads every
 * page. Anything unusual (no file yet, another schema version, damage) takes the normal path so
 * the user gets the same create/migrate behaviour and the same error messages. better-sqlite3 and
 * db.ts (with node:crypto) load only on those paths or on a Node without node:sqlite: together
 * they were 8–9 ms of `get`'s start (docs/development.md "Performance").
 */
async function openFast(env: NodeJS.ProcessEnv): Promise<Db> {
  const dir = defaultDataDir(env)
  const file = join(dir, DB_FILE)
  const current = MIGRATIONS.at(-1)?.version
  const careful = async () => (await import('../core/store/db')).openDb(dir)
  const fast = openBuiltin(file)
  if (fast) {
    if (fast.pragma('user_version', { simple: true }) === current) return fast
    fast.close()
    return careful()
  }
  // As openDb: an older Node-API crashes inside the driver instead of failing (driver-runtime.ts).
  const runtime = driverRuntimeProblem(process.versions)
  if (runtime) throw new TokenDeskError('storage', runtime)
  let db: Db | undefined
  try {
    const { default: Database } = await import('better-sqlite3')
    db = new Database(file, { fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL') // as openDb: WAL without an fsync per commit
    if (db.pragma('user_version', { simple: true }) === current) return db
  } catch {
    // fall through to the careful path
  }
  db?.close()
  return careful()
}

/**
 * The database through Node's own SQLite (store/node-sqlite.ts) on Node 24 and later, where it
 * loads in under 1 ms and without a warning; null (better-sqlite3 then) on an older Node, when
 * the file is not there yet, or when it cannot be opened — the careful path says why.
 */
function openBuiltin(file: string): Db | null {
  // node:sqlite makes a missing file; the careful path decides what a missing database means.
  if (Number(process.versions.node.split('.')[0]) < 24 || !existsSync(file)) return null
  try {
    const { DatabaseSync } = require('node:sqlite') as typeof import('node:sqlite')
    const raw = new DatabaseSync(file, { open: true, readOnly: false, enableForeignKeyConstraints: true })
    const db = nodeSqliteDb(raw)
    try {
      db.pragma('busy_timeout = 5000')
      db.pragma('synchronous = NORMAL')
      return db
    } catch {
      db.close()
      return null
    }
  } catch {
    return null
  }
}
