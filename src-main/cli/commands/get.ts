import path from 'node:path'
import { SECRET_MISSING } from '../../core/vocabulary'
import Database from 'better-sqlite3'
import { defaultDataDir } from '../../core/data-dir'
import { TokenDeskError, invalid, notFound } from '../../core/errors'
import { DB_FILE, type Db, openDb } from '../../core/store/db'
import { driverRuntimeProblem } from '../../core/store/driver-runtime'
import { MIGRATIONS } from '../../core/store/migrations'
import { TokenRepo } from '../../core/store/token-repo'
import { readVaultIdentity } from '../../core/store/vault-identity'
import { resolveRef } from '../../core/resolve-ref'
import { UsageError } from '../exit'
import { type Io, stdoutIsTTY, writeStdoutFast } from '../io'
import { CLI_ACTOR } from '../actor'
import { leanSecretStore } from '../lean-keyring'
import { checkUsable } from '../usable'

/**
 * `tokendesk get REF`: the hot path of scripts (`export X="$(tokendesk get ...)"`), so it must
 * start about as fast as bare node. It therefore skips reconcile and the vault module (which
 * pulls in zod) and repeats the two rules it needs from Vault.resolve/Vault.reveal; a test keeps
 * them in step with the vault.
 */
export async function run(args: string[], io: Io): Promise<number> {
  // Hand-parsed (no parseArgs) to keep this path lean: REF and an optional --force, in any order.
  const force = args.includes('--force')
  const rest = args.filter((a) => a !== '--force')
  if (rest.length !== 1 || rest[0]!.startsWith('-')) {
    if (rest[0] === '--') return run([...rest.slice(1), ...(force ? ['--force'] : [])], io)
    throw new UsageError(rest.length === 0 ? 'missing REF (a token id or name)' : 'get takes exactly one REF', 'get')
  }
  const ref = rest[0]!
  const db = openFast(io.env)
  try {
    const secrets = leanSecretStore(io.env, readVaultIdentity(db))
    const repo = new TokenRepo(db)
    const row = resolveRef(repo, ref)
    checkUsable(row, force)
    const secret = await secrets.get(row.secretRef)
    if (secret === null) {
      repo.update(row.id, { problem: SECRET_MISSING })
      throw new TokenDeskError(
        'not_found',
        `the secret of "${row.name}" is missing from the ${secrets.description}; it may have been removed outside TokenDesk. Add it again`,
      )
    }
    const now = Date.now()
    repo.transaction(() => {
      repo.update(row.id, { lastUsedAt: now, problem: null })
      repo.audit(row.id, row.name, 'used', now, CLI_ACTOR)
    })
    writeStdoutFast(stdoutIsTTY() ? `${secret}\n` : secret)
    return 0
  } finally {
    db.close()
  }
}


/**
 * Opens an existing, current database without openDb's full integrity check, which reads every
 * page. Anything unusual (no file yet, another schema version, damage) takes the normal path so
 * the user gets the same create/migrate behaviour and the same error messages.
 */
function openFast(env: NodeJS.ProcessEnv): Db {
  const dir = defaultDataDir(env)
  // As openDb: an older Node-API crashes inside the driver instead of failing (driver-runtime.ts).
  const runtime = driverRuntimeProblem(process.versions)
  if (runtime) throw new TokenDeskError('storage', runtime)
  let db: Db | undefined
  try {
    db = new Database(path.join(dir, DB_FILE), { fileMustExist: true })
    db.pragma('busy_timeout = 5000')
    db.pragma('synchronous = NORMAL') // as openDb: WAL without an fsync per commit
    if (db.pragma('user_version', { simple: true }) === MIGRATIONS.at(-1)?.version) return db
  } catch {
    // fall through to the careful path
  }
  db?.close()
  return openDb(dir)
}
