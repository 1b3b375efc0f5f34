import { DatabaseSync } from 'node:sqlite'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir'
import { DB_FILE, openDb, type Db } from './db'
import { MIGRATIONS } from './migrations'
import { nodeSqliteDb } from './node-sqlite'
import { TokenRepo } from './token-repo'

// The hot commands read and write through node:sqlite (lean-vault.ts): the TokenRepo calls they
// make answer exactly as over better-sqlite3, on the same real database file.
let tmp: ReturnType<typeof tempDir>
let careful: Db
let fast: Db

beforeEach(() => {
  tmp = tempDir()
  careful = openDb(tmp.dir)
  const repo = new TokenRepo(careful)
  for (const [i, name] of ['alpha', 'beta', 'alpha'].entries()) {
    const id = `0000000${i}-aaaa-4aaa-8aaa-00000000000${i}`
    repo.insertPending({ id, kind: 'personal', platform: i === 2 ? 'qualytics' : 'planqk', org: null, name, scopes: ['a', 'b'], fields: { url: 'https://x' }, note: null, createdAt: 1000 + i, expiresAt: 5000, secretRef: `${id}.1` })
    repo.update(id, { state: 'ready', opPid: null })
  }
  fast = nodeSqliteDb(new DatabaseSync(path.join(tmp.dir, DB_FILE)))
})
afterEach(() => {
  fast.close()
  careful.close()
  tmp.cleanup()
})

describe('node:sqlite behind the hot commands', () => {
  it('reads what better-sqlite3 reads: by id, by name, by id prefix, the schema version', () => {
    const a = new TokenRepo(careful)
    const b = new TokenRepo(fast)
    const id = '00000001-aaaa-4aaa-8aaa-000000000001'
    expect(b.find(id)).toEqual(a.find(id))
    expect(b.find(id)?.scopes).toEqual(['a', 'b'])
    expect(b.findReadyByName('alpha')).toEqual(a.findReadyByName('alpha'))
    expect(b.findReadyByName('alpha')).toHaveLength(2)
    expect(b.findReadyByIdPrefix('00000002')).toEqual(a.findReadyByIdPrefix('00000002'))
    expect(b.find('nope')).toBeUndefined()
    expect(fast.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
  })

  it('writes a use in one transaction that the other driver sees; a throw rolls it back whole', () => {
    const b = new TokenRepo(fast)
    const id = '00000000-aaaa-4aaa-8aaa-000000000000'
    b.transaction(() => {
      b.update(id, { lastUsedAt: 7777, problem: null })
      b.audit(id, 'alpha', 'used', 7777, 'cli')
    })
    expect(new TokenRepo(careful).find(id)?.lastUsedAt).toBe(7777)
    expect(new TokenRepo(careful).auditFor(id).map((e) => e.action)).toEqual(['used'])
    expect(() =>
      b.immediate(() => {
        b.update(id, { lastUsedAt: 8888 })
        throw new Error('midway')
      }),
    ).toThrow('midway')
    expect(new TokenRepo(careful).find(id)?.lastUsedAt).toBe(7777)
    // And the next transaction works: the failed one left none open.
    b.transaction(() => b.update(id, { lastUsedAt: 9999 }))
    expect(new TokenRepo(careful).find(id)?.lastUsedAt).toBe(9999)
  })
})
