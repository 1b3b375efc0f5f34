import path from 'node:path'
import Database from 'better-sqlite3'
import { defaultDataDir } from '../../core/data-dir-location'
import { DB_FILE } from '../../core/store/db'
import type { Io } from '../io'

/**
 * `tokendesk __complete-refs`: the names and PLATFORM/NAME refs of ready tokens, one a line, for the
 * completion scripts. Read from SQLite only, read-only, on the names' index: it never touches the
 * keychain, never migrates, and says nothing (a completion must not print errors) — no vault, no names.
 */
export async function run(args: string[], io: Io): Promise<number> {
  // The word being completed: names that start with it (or PLATFORM/ and names after it), on the names' index.
  const prefix = args[0] ?? ''
  const slash = prefix.indexOf('/')
  let db: Database.Database | undefined
  try {
    db = new Database(path.join(defaultDataDir(io.env), DB_FILE), { readonly: true, fileMustExist: true })
    const like = (slash > 0 ? prefix.slice(slash + 1) : prefix).replace(/[\\%_]/g, (c) => `\\${c}`) + '%'
    const rows = db
      .prepare<[string], { name: string; platform: string }>("SELECT name, platform FROM tokens WHERE state = 'ready' AND name LIKE ? ESCAPE '\\' ORDER BY name")
      .all(like)
      .filter((r) => slash <= 0 || r.platform === prefix.slice(0, slash))
    const out = new Set<string>()
    for (const r of rows) {
      out.add(r.name)
      out.add(`${r.platform}/${r.name}`)
    }
    io.stdout.write(out.size > 0 ? `${[...out].join('\n')}\n` : '')
  } catch {
    // no vault yet, or one being created: nothing to offer
  } finally {
    db?.close()
  }
  return 0
}
