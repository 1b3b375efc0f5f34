/**
 * Schema migrations, applied in order and keyed by SQLite's `user_version`. Never edit a
 * released migration: append a new one. Each runs in its own transaction with the version bump.
 */
export interface Migration {
  version: number
  description: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'tokens, organizations, audit log, settings',
    sql: `
      CREATE TABLE orgs (
        name TEXT PRIMARY KEY,
        role TEXT NOT NULL CHECK (role IN ('owner', 'maintainer', 'member'))
      ) STRICT;

      -- state: 'pending' while a create has not yet reached the keychain, 'ready', or
      -- 'deleting' once a delete has started. pending_secret_ref / stale_secret_ref name keychain
      -- entries a rotate is writing or retiring. Together they let the next start's reconcile
      -- finish or roll back any step a crash interrupted. The secret itself is never stored here.
      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('personal', 'provider')),
        platform TEXT NOT NULL,
        org TEXT REFERENCES orgs(name) ON UPDATE CASCADE ON DELETE RESTRICT,
        name TEXT NOT NULL,
        scopes TEXT NOT NULL DEFAULT '[]',
        fields TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        revoked_at INTEGER,
        last_used_at INTEGER,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'deleting')),
        secret_ref TEXT NOT NULL,
        pending_secret_ref TEXT,
        stale_secret_ref TEXT,
        problem TEXT
      ) STRICT;

      CREATE UNIQUE INDEX tokens_unique_name ON tokens (kind, platform, ifnull(org, ''), name);
      CREATE INDEX tokens_by_name ON tokens (name);
      CREATE INDEX tokens_by_expiry ON tokens (revoked_at, expires_at);
      CREATE INDEX tokens_by_created ON tokens (created_at);
      CREATE INDEX tokens_by_kind_platform ON tokens (kind, platform, name);
      CREATE INDEX tokens_by_org ON tokens (org, name);
      CREATE INDEX tokens_by_state ON tokens (state) WHERE state != 'ready';

      -- No foreign key to tokens: the history outlives a deleted token.
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_id TEXT NOT NULL,
        token_name TEXT NOT NULL,
        action TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX audit_by_token ON audit (token_id, at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `,
  },
]
