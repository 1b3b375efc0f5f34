import Database from 'better-sqlite3'
import type { Role } from '../src-main/core/model'
import { hashSecret, newId, newSecret } from './secrets'

/**
 * The hub's own SQLite file. Plain SQL behind small methods so route handlers stay readable.
 * WAL lets the CLI and a test reader coexist; foreign keys keep memberships honest.
 */

export type TokenKind = 'management' | 'personal'

export interface TokenRow {
  id: string
  user_id: string
  kind: TokenKind
  name: string
  scopes: string
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  last_used_at: number | null
}

export interface UserRow {
  id: string
  name: string
}

export interface ProviderTokenRow {
  org: string
  provider: string
  note: string | null
  created_at: number
  updated_at: number
  updated_by: string
  last_used_at: number | null
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('management', 'personal')),
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER,
  last_used_at INTEGER,
  UNIQUE (user_id, kind, name));
CREATE TABLE IF NOT EXISTS orgs (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS memberships (
  org TEXT NOT NULL REFERENCES orgs(name) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'maintainer', 'member')),
  PRIMARY KEY (org, user_id));
CREATE TABLE IF NOT EXISTS provider_tokens (
  org TEXT NOT NULL REFERENCES orgs(name) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  note TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL,
  last_used_at INTEGER,
  PRIMARY KEY (org, provider));
`

const TOKEN_COLS = 'id, user_id, kind, name, scopes, created_at, expires_at, revoked_at, last_used_at'

export class HubStore {
  private readonly db: Database.Database

  constructor(path: string) {
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('foreign_keys = ON')
    this.db.pragma('busy_timeout = 2000')
    this.db.exec(SCHEMA)
  }

  close(): void {
    this.db.close()
  }

  isEmpty(): boolean {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n === 0
  }

  createUser(name: string, now: number): UserRow {
    const user = { id: newId('usr'), name }
    this.db.prepare('INSERT INTO users (id, name, created_at) VALUES (?, ?, ?)').run(user.id, name, now)
    return user
  }

  userByName(name: string): UserRow | undefined {
    return this.db.prepare('SELECT id, name FROM users WHERE name = ?').get(name) as UserRow | undefined
  }

  userById(id: string): UserRow | undefined {
    return this.db.prepare('SELECT id, name FROM users WHERE id = ?').get(id) as UserRow | undefined
  }

  /** Inserts a token and returns its secret; the only place a secret exists in plain text. */
  insertToken(
    t: Pick<TokenRow, 'user_id' | 'kind' | 'name' | 'created_at' | 'expires_at'> & { scopes: string[] },
  ): { row: TokenRow; secret: string } {
    const secret = newSecret()
    const row: TokenRow = {
      id: newId('tok'),
      ...t,
      scopes: JSON.stringify(t.scopes),
      revoked_at: null,
      last_used_at: null,
    }
    this.db
      .prepare(
        `INSERT INTO tokens (id, user_id, kind, name, secret_hash, scopes, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.user_id, row.kind, row.name, hashSecret(secret), row.scopes, row.created_at, row.expires_at)
    return { row, secret }
  }

  tokenBySecret(secret: string): TokenRow | undefined {
    return this.db.prepare(`SELECT ${TOKEN_COLS} FROM tokens WHERE secret_hash = ?`).get(hashSecret(secret)) as
      | TokenRow
      | undefined
  }

  personalToken(userId: string, id: string): TokenRow | undefined {
    return this.db
      .prepare(`SELECT ${TOKEN_COLS} FROM tokens WHERE id = ? AND user_id = ? AND kind = 'personal'`)
      .get(id, userId) as TokenRow | undefined
  }

  personalTokenNamed(userId: string, name: string): TokenRow | undefined {
    return this.db
      .prepare(`SELECT ${TOKEN_COLS} FROM tokens WHERE name = ? AND user_id = ? AND kind = 'personal'`)
      .get(name, userId) as TokenRow | undefined
  }

  listPersonalTokens(userId: string): TokenRow[] {
    return this.db
      .prepare(`SELECT ${TOKEN_COLS} FROM tokens WHERE user_id = ? AND kind = 'personal' ORDER BY created_at, rowid`)
      .all(userId) as TokenRow[]
  }

  touchToken(id: string, now: number): void {
    this.db.prepare('UPDATE tokens SET last_used_at = ? WHERE id = ?').run(now, id)
  }

  setRevoked(id: string, revokedAt: number | null): void {
    this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(revokedAt, id)
  }

  deleteToken(id: string): void {
    this.db.prepare('DELETE FROM tokens WHERE id = ?').run(id)
  }

  createOrg(name: string, now: number): void {
    this.db.prepare('INSERT INTO orgs (name, created_at) VALUES (?, ?)').run(name, now)
  }

  setMembership(org: string, userId: string, role: Role): void {
    this.db
      .prepare('INSERT INTO memberships (org, user_id, role) VALUES (?, ?, ?) ON CONFLICT (org, user_id) DO UPDATE SET role = excluded.role')
      .run(org, userId, role)
  }

  orgsOf(userId: string): { name: string; role: Role }[] {
    return this.db
      .prepare('SELECT org AS name, role FROM memberships WHERE user_id = ? ORDER BY org')
      .all(userId) as { name: string; role: Role }[]
  }

  roleIn(org: string, userId: string): Role | undefined {
    const r = this.db.prepare('SELECT role FROM memberships WHERE org = ? AND user_id = ?').get(org, userId) as
      | { role: Role }
      | undefined
    return r?.role
  }

  listProviderTokens(org: string): ProviderTokenRow[] {
    return this.db
      .prepare(
        'SELECT org, provider, note, created_at, updated_at, updated_by, last_used_at FROM provider_tokens WHERE org = ? ORDER BY provider',
      )
      .all(org) as ProviderTokenRow[]
  }

  providerToken(org: string, provider: string): ProviderTokenRow | undefined {
    return this.db
      .prepare(
        'SELECT org, provider, note, created_at, updated_at, updated_by, last_used_at FROM provider_tokens WHERE org = ? AND provider = ?',
      )
      .get(org, provider) as ProviderTokenRow | undefined
  }

  /** Returns true when a token for that provider already existed (it is replaced). */
  putProviderToken(org: string, provider: string, secret: string, note: string | null, by: string, now: number): boolean {
    const existed = this.providerToken(org, provider) !== undefined
    this.db
      .prepare(
        `INSERT INTO provider_tokens (org, provider, secret_hash, note, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (org, provider) DO UPDATE SET secret_hash = excluded.secret_hash, note = excluded.note,
           updated_at = excluded.updated_at, updated_by = excluded.updated_by, last_used_at = NULL`,
      )
      .run(org, provider, hashSecret(secret), note, now, now, by)
    return existed
  }

  deleteProviderToken(org: string, provider: string): boolean {
    return this.db.prepare('DELETE FROM provider_tokens WHERE org = ? AND provider = ?').run(org, provider).changes > 0
  }

  touchProviderToken(org: string, provider: string, now: number): void {
    this.db.prepare('UPDATE provider_tokens SET last_used_at = ? WHERE org = ? AND provider = ?').run(now, org, provider)
  }

  /** A single transaction so a crash mid-seed cannot leave a half-seeded hub. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
}

