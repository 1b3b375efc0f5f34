/**
 * Schema migrations, applied in order and keyed by SQLite's `user_version`. Never edit a
 * released migration: append a new one. Each runs in its own transaction with the version bump.
 */
export interface Migration {
  version: number
  description: string
  sql: string
  /**
   * Runs with foreign keys off (a table rebuild: dropping the old table must not fire its ON
   * DELETE actions) and ends with a foreign_key_check that must come back empty.
   */
  foreignKeysOff?: boolean
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
  {
    version: 2,
    description: 'platform connections; tokens linked to a connection, with check results',
    sql: `
      -- A connection to a platform account. The management token lives in the OS keychain under
      -- secret_ref (NULL for kinds that need none, e.g. PlanQK, which only checks tokens); like
      -- tokens, a row is 'pending' until the keychain has the secret and 'deleting' while it is
      -- removed, so a start after a crash can finish or roll back either step.
      CREATE TABLE connections (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('tokendesk-hub', 'qualytics', 'planqk', 'kipu-hub')),
        name TEXT NOT NULL UNIQUE,
        base_url TEXT NOT NULL,
        account TEXT,
        created_at INTEGER NOT NULL,
        last_sync_at INTEGER,
        last_sync_error TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'deleting')),
        secret_ref TEXT
      ) STRICT;

      -- Tokens generated through (or linked to) a connection. Disconnecting keeps the tokens.
      ALTER TABLE tokens ADD COLUMN connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL;
      ALTER TABLE tokens ADD COLUMN remote_id TEXT;
      ALTER TABLE tokens ADD COLUMN checked_at INTEGER;
      ALTER TABLE tokens ADD COLUMN check_status TEXT CHECK (check_status IN ('works', 'rejected'));
      ALTER TABLE tokens ADD COLUMN check_message TEXT;
      CREATE UNIQUE INDEX tokens_by_remote ON tokens (connection_id, remote_id)
        WHERE connection_id IS NOT NULL AND remote_id IS NOT NULL;
    `,
  },
  {
    version: 3,
    description: 'reminder ledger: which expiry reminders were shown or snoozed',
    sql: `
      -- One row per reminder (key = "<token id>:<lead ms>"). fired_at is set once it was shown
      -- (or superseded), so a restart never repeats it; snoozed_until re-arms it for later. No
      -- foreign key: the ReminderService prunes rows of deleted tokens itself.
      CREATE TABLE reminder_ledger (
        key TEXT PRIMARY KEY,
        token_id TEXT NOT NULL,
        fired_at INTEGER,
        snoozed_until INTEGER,
        CHECK (fired_at IS NOT NULL OR snoozed_until IS NOT NULL)
      ) STRICT;
      CREATE INDEX reminder_ledger_by_token ON reminder_ledger (token_id);
    `,
  },
  {
    version: 4,
    description: 'owner process of unfinished operations; index for filtered lists',
    sql: `
      -- The process that started an unfinished create/rotate/delete. Reconcile leaves rows of a
      -- process that is still running alone, so one TokenDesk process (the app, a CLI run) never
      -- rolls back another's operation in flight; a killed process's rows are reconciled as before.
      ALTER TABLE tokens ADD COLUMN op_pid INTEGER;
      ALTER TABLE connections ADD COLUMN op_pid INTEGER;
      -- Lists filter by platform and page in name order; ready rows only.
      CREATE INDEX tokens_ready_by_platform ON tokens (platform, name) WHERE state = 'ready';
      CREATE INDEX tokens_ready_by_name ON tokens (name) WHERE state = 'ready';
    `,
  },
  {
    version: 5,
    description: 'indexes for every list sort within a kind',
    sql: `
      -- The app always lists one kind; one index per sortable column, in the exact order
      -- TokenRepo.list asks for (column, name, id), so the first page of 50,000 tokens is an index
      -- walk that stops after the page rather than a sort of every row. Status is derived from the
      -- clock and cannot be indexed.
      CREATE INDEX tokens_list_by_name ON tokens (kind, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_platform ON tokens (kind, platform, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_created ON tokens (kind, created_at, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_expiry ON tokens (kind, expires_at, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_last_used ON tokens (kind, last_used_at, name, id) WHERE state = 'ready';
    `,
  },
  {
    version: 6,
    description: 'placements: where each token was written into a file',
    sql: `
      -- One row per file entry TokenDesk wrote a token into (an AWS profile, a qiskit account, a
      -- dotenv variable; "default" in one-credential files). fingerprint is an HMAC of the secret
      -- written, keyed with a key kept in the OS keychain: never the secret, never a plain hash of
      -- it. The entry's state (current, stale, changed, missing) is computed by reading the file.
      -- One token per entry: writing another token there moves the placement to it.
      CREATE TABLE placements (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        format TEXT NOT NULL,
        entry TEXT NOT NULL,
        written_at INTEGER NOT NULL,
        fingerprint TEXT NOT NULL,
        UNIQUE (path, format, entry)
      ) STRICT;
      CREATE INDEX placements_by_token ON placements (token_id);
    `,
  },
  {
    version: 7,
    description: 'connections of the IBM Cloud and AWS IAM kinds',
    foreignKeysOff: true,
    sql: `
      -- SQLite cannot change a CHECK in place, so the table is rebuilt the way SQLite documents
      -- (https://sqlite.org/lang_altertable.html#otheralter): new table, copy, drop, rename, with
      -- foreign keys off (foreignKeysOff below) so dropping the old table does not unlink every
      -- token (ON DELETE SET NULL), and a foreign_key_check before the commit. Every id is kept,
      -- so tokens.connection_id still points at its connection.
      CREATE TABLE connections_new (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('tokendesk-hub', 'qualytics', 'planqk', 'kipu-hub', 'ibm-cloud', 'aws-iam')),
        name TEXT NOT NULL UNIQUE,
        base_url TEXT NOT NULL,
        account TEXT,
        created_at INTEGER NOT NULL,
        last_sync_at INTEGER,
        last_sync_error TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'ready', 'deleting')),
        secret_ref TEXT,
        op_pid INTEGER
      ) STRICT;
      INSERT INTO connections_new (id, kind, name, base_url, account, created_at, last_sync_at, last_sync_error, state, secret_ref, op_pid)
        SELECT id, kind, name, base_url, account, created_at, last_sync_at, last_sync_error, state, secret_ref, op_pid FROM connections;
      DROP TABLE connections;
      ALTER TABLE connections_new RENAME TO connections;
    `,
  },
  {
    version: 8,
    description: 'rotations on the platform: the new token being made, the old one waiting to be revoked',
    sql: `
      -- One row per rotation on a platform (connections/rotation.ts). 'creating': the new platform
      -- token is being made under new_name (new_remote_id once the platform answered); a process
      -- that died here is undone by name, so no platform token is left that TokenDesk does not
      -- know. 'retiring': the token now holds the new secret; old_remote_id is revoked on the
      -- platform at retire_at (chosen at the start: the grace period) by whichever TokenDesk
      -- process runs then.
      CREATE TABLE rotations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_id TEXT NOT NULL,
        token_name TEXT NOT NULL,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('creating', 'retiring')),
        old_remote_id TEXT NOT NULL,
        old_secret_ref TEXT NOT NULL,
        new_name TEXT NOT NULL,
        new_remote_id TEXT,
        started_at INTEGER NOT NULL,
        retire_at INTEGER NOT NULL,
        op_pid INTEGER,
        last_error TEXT
      ) STRICT;
      CREATE INDEX rotations_by_token ON rotations (token_id);
    `,
  },
  {
    version: 9,
    description: 'service tokens: a third token kind',
    foreignKeysOff: true,
    sql: `
      -- A service token (token-kinds.ts) is an organization's token for one of its service
      -- accounts. The kind CHECK cannot change in place, so the table is rebuilt as migration 7
      -- rebuilt connections: same columns in the same order, every row and id kept (placements
      -- point at tokens.id), foreign keys off meanwhile and checked before the commit, and every
      -- index made again.
      CREATE TABLE tokens_new (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('personal', 'provider', 'service')),
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
        problem TEXT,
        connection_id TEXT REFERENCES connections(id) ON DELETE SET NULL,
        remote_id TEXT,
        checked_at INTEGER,
        check_status TEXT CHECK (check_status IN ('works', 'rejected')),
        check_message TEXT,
        op_pid INTEGER
      ) STRICT;
      INSERT INTO tokens_new SELECT id, kind, platform, org, name, scopes, fields, note, created_at, expires_at, revoked_at,
        last_used_at, state, secret_ref, pending_secret_ref, stale_secret_ref, problem, connection_id, remote_id, checked_at,
        check_status, check_message, op_pid FROM tokens;
      DROP TABLE tokens;
      ALTER TABLE tokens_new RENAME TO tokens;
      CREATE UNIQUE INDEX tokens_unique_name ON tokens (kind, platform, ifnull(org, ''), name);
      CREATE INDEX tokens_by_name ON tokens (name);
      CREATE INDEX tokens_by_expiry ON tokens (revoked_at, expires_at);
      CREATE INDEX tokens_by_created ON tokens (created_at);
      CREATE INDEX tokens_by_kind_platform ON tokens (kind, platform, name);
      CREATE INDEX tokens_by_org ON tokens (org, name);
      CREATE INDEX tokens_by_state ON tokens (state) WHERE state != 'ready';
      CREATE UNIQUE INDEX tokens_by_remote ON tokens (connection_id, remote_id)
        WHERE connection_id IS NOT NULL AND remote_id IS NOT NULL;
      CREATE INDEX tokens_ready_by_platform ON tokens (platform, name) WHERE state = 'ready';
      CREATE INDEX tokens_ready_by_name ON tokens (name) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_name ON tokens (kind, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_platform ON tokens (kind, platform, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_created ON tokens (kind, created_at, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_expiry ON tokens (kind, expires_at, name, id) WHERE state = 'ready';
      CREATE INDEX tokens_list_by_last_used ON tokens (kind, last_used_at, name, id) WHERE state = 'ready';
    `,
  },
  {
    version: 10,
    description: 'placements: the fingerprint a write replaces, until the write has landed',
    sql: `
      -- A config write records the new fingerprint before it swaps the file in and keeps the one it
      -- replaces here until the swap is done (sdk-config/service.ts), so a process killed between
      -- the two leaves an entry TokenDesk still knows as its own, whichever of the two it holds.
      ALTER TABLE placements ADD COLUMN previous_fingerprint TEXT;
    `,
  },
  {
    version: 11,
    description: 'file locks for config writers; the data folder identity that names its keychain entries',
    sql: `
      -- Writers of one config file take its row here (sdk-config/file-lock.ts) for the whole
      -- read-plan-write, so two processes writing different entries into one .env cannot both
      -- read the old text and the second rename drop the first one's entry. A row whose process
      -- is gone is taken over; the pid and a nonce say whose it is.
      CREATE TABLE file_locks (
        path TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        nonce TEXT NOT NULL,
        taken_at INTEGER NOT NULL
      ) STRICT;
      -- One row: this data folder's identity. Its keychain entries live under a service name of
      -- its own (secrets/namespace.ts), so a second data folder (or a backup restored into one)
      -- never reads, deletes or lists as stranded the first one's entries. A vault that already
      -- held anything keeps the shared service name it has always used ('legacy'): its entries
      -- stay where they are and never leave the keychain. The id comes from the folder's path
      -- (tokendesk_folder_id(), db.ts), so a database lost and made anew in the same folder finds
      -- the entries the old one left (doctor); it stays with the database if the folder moves.
      CREATE TABLE vault_identity (
        one INTEGER PRIMARY KEY CHECK (one = 1),
        folder_id TEXT NOT NULL,
        keychain TEXT NOT NULL CHECK (keychain IN ('own', 'legacy'))
      ) STRICT;
      -- Platform tokens TokenDesk itself took out of use: the old token a rotation replaced
      -- (revoked after its grace period) and the successor of a rotation that was interrupted
      -- (revoked again). Sync names them as TokenDesk's own instead of "not in TokenDesk".
      -- A placement that holds a reference (tokendesk://NAME, for tokendesk run) instead of the
      -- secret: rotation has nothing to rewrite there; its fingerprint is the reference's.
      ALTER TABLE placements ADD COLUMN holds TEXT NOT NULL DEFAULT 'secret' CHECK (holds IN ('secret', 'reference'));
      CREATE TABLE retired_remote (
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        remote_id TEXT NOT NULL,
        token_name TEXT NOT NULL,
        why TEXT NOT NULL CHECK (why IN ('replaced', 'interrupted')),
        at INTEGER NOT NULL,
        PRIMARY KEY (connection_id, remote_id)
      ) STRICT;
      INSERT INTO vault_identity (one, folder_id, keychain)
        SELECT 1, tokendesk_folder_id(),
          CASE WHEN EXISTS (SELECT 1 FROM tokens) OR EXISTS (SELECT 1 FROM connections) OR EXISTS (SELECT 1 FROM audit) THEN 'legacy' ELSE 'own' END;
    `,
  },
  {
    version: 12,
    description: 'found copies: where tokendesk scan found a held secret in plaintext',
    sql: `
      -- A copy of a token's secret that tokendesk scan found and TokenDesk did not write (a
      -- notebook cell, a script, a shell history, a .env, a git commit). Never the secret: the
      -- file, where in it ("place": line, notebook cell, IPython session), the key the line
      -- assigns, the form it was written in, for git history the commit, and the keyed
      -- fingerprint of the secret found (placements' HMAC): after a rotation a scan no longer
      -- looks for the old secret, so a copy of it is "an old secret", never "gone". A later scan
      -- that covers the file, looks for the same secret and no longer sees it sets gone_at.
      CREATE TABLE found_copies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        token_id TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        git_commit TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL,
        line INTEGER NOT NULL,
        cell INTEGER,
        session INTEGER,
        key TEXT,
        form TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        commit_date TEXT,
        first_found_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        gone_at INTEGER,
        UNIQUE (token_id, path, git_commit, place)
      ) STRICT;
      CREATE INDEX found_copies_by_path ON found_copies (path);
    `,
  },
  {
    version: 13,
    description: 'reminders read an index, not the table',
    sql: `
      -- What reminder planning reads of a token (expiry, name, id), for exactly the tokens that can
      -- still expire: the panel's count, its soonest rows and the planner's rows come from this
      -- index alone. Through tokens_by_expiry each of 12,500 rows (of 50,000) was a look-up in
      -- the table: 10-14 ms against 3.5 ms (docs/development.md "Performance").
      CREATE INDEX tokens_due ON tokens (expires_at, name, id) WHERE state = 'ready' AND revoked_at IS NULL;
      -- The panel needs the live snoozes, not every reminder ever shown.
      CREATE INDEX reminder_ledger_snoozed ON reminder_ledger (snoozed_until) WHERE snoozed_until IS NOT NULL;
    `,
  },
]
