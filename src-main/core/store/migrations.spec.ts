import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir'
import { DB_FILE, folderIdOf, migrate, openDb } from './db'
import { readVaultIdentity } from './vault-identity'
import { keychainServiceFor } from '../secrets/namespace'
import { MIGRATIONS } from './migrations'
import { TokenRepo } from './token-repo'

let tmp: ReturnType<typeof tempDir> | undefined
afterEach(() => tmp?.cleanup())

/** A database exactly as TokenDesk 0.1 (schema 1) left it, with one of everything in it. */
function createV1(dir: string): void {
  const db = new Database(path.join(dir, DB_FILE))
  db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  migrate(db, MIGRATIONS.filter((m) => m.version === 1))
  expect(db.pragma('user_version', { simple: true })).toBe(1)
  db.prepare("INSERT INTO orgs (name, role) VALUES ('lab-a', 'owner')").run()
  const insert = db.prepare(
    `INSERT INTO tokens (id, kind, platform, org, name, scopes, fields, note, created_at, expires_at, revoked_at,
       last_used_at, state, secret_ref, pending_secret_ref, stale_secret_ref, problem)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  insert.run('t1', 'personal', 'planqk', null, 'ci', '["a","b"]', '{}', 'note', 1000, 2000, null, 1500, 'ready', 't1.1', null, null, null)
  insert.run('t2', 'provider', 'ionq', 'lab-a', 'shared', '[]', '{"k":"v"}', null, 1100, null, 1800, null, 'ready', 't2.3', null, 't2.2', 'secret_missing')
  insert.run('t3', 'personal', 'qualytics', null, 'half', '[]', '{}', null, 1200, 3000, null, null, 'pending', 't3.1', null, null, null)
  db.prepare("INSERT INTO audit (token_id, token_name, action, at, actor, detail) VALUES ('t1', 'ci', 'created', 1000, 'cli', NULL)").run()
  db.prepare("INSERT INTO settings (key, value) VALUES ('settings', '{\"theme\":\"dark\"}')").run()
  db.close()
}

describe('migration 2 (connections)', () => {
  it('migrates a version-1 database with rows to version 2 with every row intact', () => {
    tmp = tempDir()
    createV1(tmp.dir)
    const db = openDb(tmp.dir)
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
      const repo = new TokenRepo(db)
      expect(repo.find('t1')).toEqual({
        id: 't1', kind: 'personal', platform: 'planqk', org: null, name: 'ci', scopes: ['a', 'b'], fields: {}, note: 'note',
        createdAt: 1000, expiresAt: 2000, revokedAt: null, lastUsedAt: 1500, state: 'ready', secretRef: 't1.1',
        pendingSecretRef: null, staleSecretRef: null, problem: null, opPid: null,
        connectionId: null, remoteId: null, checkedAt: null, checkStatus: null, checkMessage: null,
      })
      expect(repo.find('t2')).toMatchObject({ org: 'lab-a', fields: { k: 'v' }, revokedAt: 1800, secretRef: 't2.3', staleSecretRef: 't2.2', problem: 'secret_missing' })
      expect(repo.find('t3')?.state).toBe('pending')
      expect(repo.orgs()).toEqual([{ name: 'lab-a', role: 'owner' }])
      expect(repo.auditFor('t1')).toHaveLength(1)
      expect(repo.getSetting('settings')).toBe('{"theme":"dark"}')
      expect(db.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })

  it('links tokens to connections; deleting a connection keeps its tokens, unlinked', () => {
    tmp = tempDir()
    const db = openDb(tmp.dir)
    try {
      const repo = new TokenRepo(db)
      db.prepare("INSERT INTO connections (id, kind, name, base_url, created_at, state, secret_ref) VALUES ('c1', 'tokendesk-hub', 'hub', 'http://127.0.0.1:1', 1, 'ready', 'conn-c1.1')").run()
      repo.insertPending({ id: 'x', kind: 'personal', platform: 'tokendesk-hub', org: null, name: 'gen', scopes: [], fields: {}, note: null, createdAt: 1, expiresAt: 2, secretRef: 'x.1', connectionId: 'c1', remoteId: 'tok_1' })
      repo.update('x', { state: 'ready', checkedAt: 5, checkStatus: 'works', checkMessage: 'ok' })
      expect(repo.byConnection('c1').map((t) => t.id)).toEqual(['x'])
      expect(repo.find('x')).toMatchObject({ connectionId: 'c1', remoteId: 'tok_1', checkedAt: 5, checkStatus: 'works', checkMessage: 'ok' })
      // One local token per remote token and connection.
      expect(() =>
        repo.insertPending({ id: 'y', kind: 'personal', platform: 'tokendesk-hub', org: null, name: 'gen2', scopes: [], fields: {}, note: null, createdAt: 1, expiresAt: 2, secretRef: 'y.1', connectionId: 'c1', remoteId: 'tok_1' }),
      ).toThrow(/UNIQUE/)
      expect(() => repo.update('x', { checkStatus: 'maybe' as 'works' })).toThrow(/CHECK/)
      db.prepare("DELETE FROM connections WHERE id = 'c1'").run()
      expect(repo.find('x')).toMatchObject({ connectionId: null, remoteId: 'tok_1', state: 'ready' })
    } finally {
      db.close()
    }
  })
})

describe('migration 7 (wider connection kinds)', () => {
  it('keeps every connection and every token link, then takes an ibm-cloud connection', () => {
    tmp = tempDir()
    const file = path.join(tmp.dir, DB_FILE)
    const old = new Database(file)
    old.pragma('journal_mode = WAL')
    old.pragma('foreign_keys = ON')
    migrate(old, MIGRATIONS.filter((m) => m.version <= 6))
    old.prepare("INSERT INTO connections (id, kind, name, base_url, account, created_at, last_sync_at, last_sync_error, state, secret_ref, op_pid) VALUES ('c1', 'qualytics', 'q', 'https://q.example', 'me', 1, 2, 'boom', 'ready', 'connection-c1.1', NULL)").run()
    const repo6 = new TokenRepo(old)
    repo6.insertPending({ id: 'x', kind: 'personal', platform: 'qualytics', org: null, name: 'gen', scopes: [], fields: {}, note: null, createdAt: 1, expiresAt: 2, secretRef: 'x.1', connectionId: 'c1', remoteId: '7' })
    repo6.update('x', { state: 'ready' })
    expect(() => old.prepare("INSERT INTO connections (id, kind, name, base_url, created_at) VALUES ('c2', 'ibm-cloud', 'ibm', 'https://iam.cloud.ibm.com', 1)").run()).toThrow(/CHECK/)
    old.close()

    const db = openDb(tmp.dir)
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
      expect(db.prepare('SELECT * FROM connections').all()).toEqual([
        { id: 'c1', kind: 'qualytics', name: 'q', base_url: 'https://q.example', account: 'me', created_at: 1, last_sync_at: 2, last_sync_error: 'boom', state: 'ready', secret_ref: 'connection-c1.1', op_pid: null },
      ])
      expect(new TokenRepo(db).find('x')).toMatchObject({ connectionId: 'c1', remoteId: '7', state: 'ready' })
      // The tokens' foreign key still names "connections" and still acts.
      expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'tokens'").get()).toEqual({ sql: expect.stringContaining('REFERENCES connections(id) ON DELETE SET NULL') })
      expect(db.pragma('foreign_key_check')).toEqual([])
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'connections_old'").get()).toEqual({ n: 0 })
      db.prepare("INSERT INTO connections (id, kind, name, base_url, created_at, state) VALUES ('c2', 'ibm-cloud', 'ibm', 'https://iam.cloud.ibm.com', 1, 'ready')").run()
      expect(() => db.prepare("INSERT INTO connections (id, kind, name, base_url, created_at) VALUES ('c3', 'nope', 'n', 'https://x', 1)").run()).toThrow(/CHECK/)
      db.prepare("DELETE FROM connections WHERE id = 'c1'").run()
      expect(new TokenRepo(db).find('x')).toMatchObject({ connectionId: null, remoteId: '7' })
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    } finally {
      db.close()
    }
  })
})

describe('migration 9 (service tokens)', () => {
  it('keeps every token, its placements and its indexes, then takes a service token', () => {
    tmp = tempDir()
    const file = path.join(tmp.dir, DB_FILE)
    const old = new Database(file)
    old.pragma('journal_mode = WAL')
    old.pragma('foreign_keys = ON')
    migrate(old, MIGRATIONS.filter((m) => m.version <= 8))
    old.prepare("INSERT INTO orgs (name, role) VALUES ('acme', 'maintainer')").run()
    old.prepare("INSERT INTO connections (id, kind, name, base_url, created_at, state) VALUES ('c1', 'qualytics', 'q', 'https://q.example', 1, 'ready')").run()
    const repo8 = new TokenRepo(old)
    repo8.insertPending({ id: 'x', kind: 'provider', platform: 'ionq', org: 'acme', name: 'shared', scopes: ['a'], fields: { k: 'v' }, note: 'n', createdAt: 1, expiresAt: null, secretRef: 'x.1', connectionId: 'c1', remoteId: '7' })
    repo8.update('x', { state: 'ready', checkedAt: 5, checkStatus: 'works', checkMessage: 'ok', lastUsedAt: 3 })
    old.prepare("INSERT INTO placements (token_id, path, format, entry, written_at, fingerprint) VALUES ('x', '/p/.env', 'dotenv', 'IONQ_API_KEY', 4, 'fp')").run()
    const before = repo8.find('x')
    const indexesBefore = old.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tokens' ORDER BY name").all()
    expect(() => old.prepare("INSERT INTO tokens (id, kind, platform, org, name, created_at, secret_ref) VALUES ('s', 'service', 'qualytics', 'acme', 'etl', 1, 's.1')").run()).toThrow(/CHECK/)
    old.close()

    const db = openDb(tmp.dir)
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version)
      const repo = new TokenRepo(db)
      expect(repo.find('x')).toEqual(before)
      expect(db.prepare("SELECT token_id, entry FROM placements").all()).toEqual([{ token_id: 'x', entry: 'IONQ_API_KEY' }])
      // Every index of version 8 as it was; migration 13 adds the reminders' covering index.
      const indexesAfter = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tokens' ORDER BY name").all() as { name: string }[]
      expect(indexesAfter.filter((i) => i.name !== 'tokens_due')).toEqual(indexesBefore)
      expect(indexesAfter.map((i) => i.name)).toContain('tokens_due')
      expect(db.pragma('foreign_key_check')).toEqual([])
      expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tokens_new'").get()).toEqual({ n: 0 })
      repo.insertPending({ id: 's', kind: 'service', platform: 'qualytics', org: 'acme', name: 'etl', scopes: [], fields: { service_account: 'etl-bot' }, note: null, createdAt: 1, expiresAt: 2, secretRef: 's.1' })
      expect(repo.find('s')).toMatchObject({ kind: 'service', org: 'acme' })
      expect(() => db.prepare("INSERT INTO tokens (id, kind, platform, name, created_at, secret_ref) VALUES ('z', 'robot', 'qualytics', 'z', 1, 'z.1')").run()).toThrow(/CHECK/)
      // Foreign keys still act both ways: a token's placements go with it, an org in use stays.
      expect(() => db.prepare("DELETE FROM orgs WHERE name = 'acme'").run()).toThrow(/FOREIGN KEY/)
      db.prepare("DELETE FROM tokens WHERE id = 'x'").run()
      expect(db.prepare('SELECT count(*) AS n FROM placements').get()).toEqual({ n: 0 })
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    } finally {
      db.close()
    }
  })
})

describe('migration 11 (the data folder identity)', () => {
  it('a vault that held anything keeps the shared keychain service; a new one gets its own, named by its folder', () => {
    tmp = tempDir()
    const old = path.join(tmp.dir, 'old')
    const fresh = path.join(tmp.dir, 'fresh')
    fs.mkdirSync(old)
    createV1(old)
    for (const [dir, keychain] of [[old, 'legacy'], [fresh, 'own']] as const) {
      const db = openDb(dir)
      try {
        const identity = readVaultIdentity(db)
        expect(identity).toEqual({ folderId: folderIdOf(path.join(dir, DB_FILE)), keychain })
        expect(identity!.folderId).toMatch(/^[0-9a-f]{16}$/)
        expect(keychainServiceFor(identity, {})).toBe(keychain === 'legacy' ? 'TokenDesk' : `TokenDesk/${identity!.folderId}`)
        // The test and anyone who pins a namespace: TOKENDESK_KEYCHAIN_SERVICE wins.
        expect(keychainServiceFor(identity, { TOKENDESK_KEYCHAIN_SERVICE: 'pinned' })).toBe('pinned')
      } finally {
        db.close()
      }
    }
    expect(folderIdOf(path.join(old, DB_FILE))).not.toBe(folderIdOf(path.join(fresh, DB_FILE)))
  })
})
