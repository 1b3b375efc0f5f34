import type { AuditAction, AuditEvent, ListGroup, Org, Role, Status, Token, TokenKind } from '../model'

export type { ListGroup }
import type { Db } from './db'

/** A row as stored, including the crash-recovery bookkeeping the vault needs. */
export interface TokenRow extends Token {
  state: 'pending' | 'ready' | 'deleting'
  secretRef: string
  pendingSecretRef: string | null
  staleSecretRef: string | null
  problem: string | null
  /** The process running this row's unfinished operation (see migration 4). */
  opPid: number | null
}

export { SORT_COLUMNS } from '../vocabulary'
import { SORT_COLUMNS } from '../vocabulary'
export type SortColumn = (typeof SORT_COLUMNS)[number]

/** A token as reminder planning sees it (reminders/plan.ts ReminderToken). */
export interface ExpiryDate {
  id: string
  name: string
  expiresAt: number
  revokedAt: null
}
const EXPIRY_COLUMNS = 'id, name, expires_at AS expiresAt, NULL AS revokedAt'
// The tokens that can still expire, through migration 13's partial covering index.
const DUE_FROM = "FROM tokens INDEXED BY tokens_due WHERE state = 'ready' AND revoked_at IS NULL AND expires_at IS NOT NULL"

export interface TokenFilter {
  kind?: TokenKind
  platform?: string
  /** null = the user's own tokens only; undefined = any owner. */
  org?: string | null
  status?: Status
  /** Case-insensitive substring of the name. */
  search?: string
}

export interface ListOptions extends TokenFilter {
  sort?: SortColumn
  dir?: 'asc' | 'desc'
  limit?: number
  offset?: number
}

interface RawRow {
  id: string
  kind: TokenKind
  platform: string
  org: string | null
  name: string
  scopes: string
  fields: string
  note: string | null
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  last_used_at: number | null
  state: TokenRow['state']
  secret_ref: string
  pending_secret_ref: string | null
  stale_secret_ref: string | null
  problem: string | null
  connection_id?: string | null
  remote_id?: string | null
  checked_at?: number | null
  check_status?: 'works' | 'rejected' | null
  check_message?: string | null
  op_pid?: number | null
}

function fromRaw(r: RawRow): TokenRow {
  return {
    id: r.id,
    kind: r.kind,
    platform: r.platform,
    org: r.org,
    name: r.name,
    scopes: JSON.parse(r.scopes) as string[],
    fields: JSON.parse(r.fields) as Record<string, string>,
    note: r.note,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
    state: r.state,
    secretRef: r.secret_ref,
    pendingSecretRef: r.pending_secret_ref,
    staleSecretRef: r.stale_secret_ref,
    problem: r.problem,
    connectionId: r.connection_id ?? null,
    remoteId: r.remote_id ?? null,
    checkedAt: r.checked_at ?? null,
    checkStatus: r.check_status ?? null,
    checkMessage: r.check_message ?? null,
    opPid: r.op_pid ?? null,
  }
}

const SORT_SQL: Record<Exclude<SortColumn, 'status'>, string> = {
  name: 'name',
  platform: 'platform',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
  lastUsedAt: 'last_used_at',
}

/**
 * SQL for the derived status, so filtering and sorting by status stay in the database.
 * Must agree with rules/status.ts (a test checks both on the same rows).
 */
function statusSql(): string {
  return `CASE WHEN revoked_at IS NOT NULL THEN 'revoked'
    WHEN expires_at IS NULL THEN 'active'
    WHEN expires_at <= @now THEN 'expired'
    WHEN expires_at - @now <= @window THEN 'expiring'
    ELSE 'active' END`
}

function statusWhere(status: Status): string {
  switch (status) {
    case 'revoked':
      return 'revoked_at IS NOT NULL'
    case 'expired':
      return 'revoked_at IS NULL AND expires_at <= @now'
    case 'expiring':
      return 'revoked_at IS NULL AND expires_at > @now AND expires_at <= @now + @window'
    case 'active':
      return 'revoked_at IS NULL AND (expires_at IS NULL OR expires_at > @now + @window)'
  }
}

/** The SQL of one list page and of its total; exported so a test can check each plan uses an index. */
export function listSql(opts: ListOptions, now: number, windowMs: number): { page: string; count: string; groups: string; params: Record<string, unknown> } {
  const where: string[] = ["state = 'ready'"]
  const params: Record<string, unknown> = { now, window: windowMs }
  if (opts.kind) {
    where.push('kind = @kind')
    params.kind = opts.kind
  }
  if (opts.platform) {
    where.push('platform = @platform')
    // Platform slugs are lowercase; `--platform IBM-Quantum` means the same.
    params.platform = opts.platform.toLowerCase()
  }
  if (opts.org === null) where.push('org IS NULL')
  else if (opts.org !== undefined) {
    where.push('org = @org')
    params.org = opts.org
  }
  if (opts.status) where.push(statusWhere(opts.status))
  if (opts.search) {
    // The name, the scopes (kept as JSON text) and the note: what a user remembers a token by.
    // SQLite's LIKE ignores ASCII case by itself; no lower() per row (it tripled the search time).
    where.push("(name LIKE @search ESCAPE '\\' OR scopes LIKE @search ESCAPE '\\' OR note LIKE @search ESCAPE '\\')")
    params.search = `%${opts.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  }
  const whereSql = where.join(' AND ')
  const dir = opts.dir === 'desc' ? 'DESC' : 'ASC'
  const sort = opts.sort ?? 'name'
  // Descending reverses the whole order (ties too) and NULLs (never used, never expires) stay
  // last either way: in that form every column sort walks one of the tokens_list_by_* indexes
  // (migration 5) and stops after the page, instead of sorting every row.
  const tieBreak = sort === 'name' ? `id ${dir}` : `name ${dir}, id ${dir}`
  const order = sort === 'status' ? `${statusSql()} ${dir}, ${tieBreak}` : `${SORT_SQL[sort]} ${dir} NULLS LAST, ${tieBreak}`
  const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000)
  const offset = Math.max(opts.offset ?? 0, 0)
  return {
    page: `SELECT * FROM tokens WHERE ${whereSql} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`,
    count: `SELECT count(*) AS n FROM tokens WHERE ${whereSql}`,
    // The list sorted by platform is grouped by it: the groups in the list's order, with their sizes,
    // so a windowed list can place each group's header without having loaded its rows.
    groups: `SELECT platform, count(*) AS n FROM tokens WHERE ${whereSql} GROUP BY platform ORDER BY platform ${dir}`,
    params,
  }
}

export class TokenRepo {
  private readonly byId
  private readonly byName
  private readonly insertStmt
  private readonly auditStmt
  private readonly auditForStmt

  constructor(private readonly db: Db) {
    this.byId = db.prepare<[string], RawRow>('SELECT * FROM tokens WHERE id = ?')
    this.byName = db.prepare<[string], RawRow>("SELECT * FROM tokens WHERE name = ? AND state = 'ready' LIMIT 5")
    this.insertStmt = db.prepare(
      `INSERT INTO tokens (id, kind, platform, org, name, scopes, fields, note, created_at, expires_at,
         revoked_at, last_used_at, state, secret_ref, connection_id, remote_id, op_pid)
       VALUES (@id, @kind, @platform, @org, @name, @scopes, @fields, @note, @createdAt, @expiresAt,
         NULL, NULL, 'pending', @secretRef, @connectionId, @remoteId, @opPid)`,
    )
    this.auditStmt = db.prepare(
      'INSERT INTO audit (token_id, token_name, action, at, actor, detail) VALUES (?, ?, ?, ?, ?, ?)',
    )
    this.auditForStmt = db.prepare<[string], { id: number; token_id: string; token_name: string; action: AuditAction; at: number; actor: string; detail: string | null }>(
      'SELECT * FROM audit WHERE token_id = ? ORDER BY at DESC, id DESC',
    )
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  /**
   * A transaction that takes the write lock at its start (BEGIN IMMEDIATE), for read-check-write
   * steps that other processes race: what it reads cannot change before it writes.
   */
  immediate<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate()
  }

  find(id: string): TokenRow | undefined {
    const r = this.byId.get(id)
    return r ? fromRaw(r) : undefined
  }

  findReadyByName(name: string): TokenRow[] {
    return this.byName.all(name).map(fromRaw)
  }

  /** Ready tokens whose id starts with `prefix` (at most two: enough to tell unique from ambiguous). */
  findReadyByIdPrefix(prefix: string): TokenRow[] {
    // Callers pass only hex digits and hyphens (resolve-ref.ts), so LIKE needs no escaping.
    return this.db.prepare<[string], RawRow>("SELECT * FROM tokens WHERE id LIKE ? AND state = 'ready' LIMIT 2").all(`${prefix}%`).map(fromRaw)
  }

  nameTaken(kind: TokenKind, platform: string, org: string | null, name: string): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM tokens WHERE kind = ? AND platform = ? AND ifnull(org, '') = ? AND name = ?")
        .get(kind, platform, org ?? '', name) !== undefined
    )
  }

  insertPending(t: Omit<Token, 'revokedAt' | 'lastUsedAt'> & { secretRef: string }): void {
    this.insertStmt.run({
      id: t.id,
      kind: t.kind,
      platform: t.platform,
      org: t.org,
      name: t.name,
      note: t.note,
      createdAt: t.createdAt,
      expiresAt: t.expiresAt,
      secretRef: t.secretRef,
      scopes: JSON.stringify(t.scopes),
      fields: JSON.stringify(t.fields),
      connectionId: t.connectionId ?? null,
      remoteId: t.remoteId ?? null,
      opPid: process.pid,
    })
  }

  update(
    id: string,
    patch: Partial<{
      state: TokenRow['state']
      name: string
      revokedAt: number | null
      lastUsedAt: number | null
      expiresAt: number | null
      secretRef: string
      pendingSecretRef: string | null
      staleSecretRef: string | null
      problem: string | null
      note: string | null
      scopes: string[]
      fields: Record<string, string>
      connectionId: string | null
      remoteId: string | null
      checkedAt: number | null
      checkStatus: 'works' | 'rejected' | null
      checkMessage: string | null
      opPid: number | null
    }>,
  ): void {
    const cols: Record<string, string> = {
      state: 'state',
      name: 'name',
      revokedAt: 'revoked_at',
      lastUsedAt: 'last_used_at',
      expiresAt: 'expires_at',
      secretRef: 'secret_ref',
      pendingSecretRef: 'pending_secret_ref',
      staleSecretRef: 'stale_secret_ref',
      problem: 'problem',
      note: 'note',
      scopes: 'scopes',
      fields: 'fields',
      connectionId: 'connection_id',
      remoteId: 'remote_id',
      checkedAt: 'checked_at',
      checkStatus: 'check_status',
      checkMessage: 'check_message',
      opPid: 'op_pid',
    }
    const keys = Object.keys(patch).filter((k) => k in cols)
    if (keys.length === 0) return
    const values = keys.map((k) => {
      const v = (patch as Record<string, unknown>)[k]
      return Array.isArray(v) || (v !== null && typeof v === 'object') ? JSON.stringify(v) : v
    })
    this.db.prepare(`UPDATE tokens SET ${keys.map((k) => `${cols[k]} = ?`).join(', ')} WHERE id = ?`).run(...values, id)
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM tokens WHERE id = ?').run(id)
  }

  /** Rows a crash left mid-operation, for reconcile. */
  /**
   * The row as it is now, if it is still the unfinished one `seen` showed (same state, refs and
   * process), taken for this process: a process that finished between a listing and a reconcile
   * left a different row, which must not be settled from the stale listing.
   */
  claimUnfinished(seen: TokenRow, pid: number): TokenRow | undefined {
    return this.db.transaction((): TokenRow | undefined => {
      const cur = this.find(seen.id)
      if (!cur || cur.state !== seen.state || cur.secretRef !== seen.secretRef || cur.pendingSecretRef !== seen.pendingSecretRef || cur.staleSecretRef !== seen.staleSecretRef || cur.opPid !== seen.opPid) return undefined
      this.update(cur.id, { opPid: pid })
      return { ...cur, opPid: pid }
    }).immediate()
  }

  unfinished(): TokenRow[] {
    return this.db
      .prepare<[], RawRow>(
        "SELECT * FROM tokens WHERE state != 'ready' OR pending_secret_ref IS NOT NULL OR stale_secret_ref IS NOT NULL",
      )
      .all()
      .map(fromRaw)
  }

  /** Every keychain ref a token row points at, in any state (current, being written, being retired). */
  allSecretRefs(): string[] {
    const rows = this.db
      .prepare<[], { secret_ref: string; pending_secret_ref: string | null; stale_secret_ref: string | null }>(
        'SELECT secret_ref, pending_secret_ref, stale_secret_ref FROM tokens',
      )
      .all()
    return rows.flatMap((r) => [r.secret_ref, r.pending_secret_ref, r.stale_secret_ref].filter((x): x is string => x !== null))
  }

  list(opts: ListOptions, now: number, windowMs: number): { items: TokenRow[]; total: number; groups?: ListGroup[] } {
    const q = listSql(opts, now, windowMs)
    return this.db.transaction(() => {
      // One read transaction: the page, the total and the groups agree even while another process writes.
      const items = this.db.prepare<Record<string, unknown>, RawRow>(q.page).all(q.params).map(fromRaw)
      const total = (this.db.prepare(q.count).get(q.params) as { n: number }).n
      if (opts.sort !== 'platform') return { items, total }
      const groups = this.db
        .prepare<Record<string, unknown>, { platform: string; n: number }>(q.groups)
        .all(q.params)
        .map((g) => ({ platform: g.platform, count: g.n }))
      return { items, total, groups }
    })()
  }

  /** Every ready token, in name order (a backup). */
  allReady(): TokenRow[] {
    return this.db.prepare<[], RawRow>("SELECT * FROM tokens WHERE state = 'ready' ORDER BY name, id").all().map(fromRaw)
  }

  /** Ready tokens linked to a connection, for sync. */
  byConnection(connectionId: string): TokenRow[] {
    return this.db
      .prepare<[string], RawRow>("SELECT * FROM tokens WHERE connection_id = ? AND state = 'ready'")
      .all(connectionId)
      .map(fromRaw)
  }

  /**
   * Expired or expiring (within the window) and not revoked, soonest first, at most `limit`;
   * served by tokens_by_expiry.
   */
  needingAttention(now: number, windowMs: number, limit: number): TokenRow[] {
    return this.db
      .prepare<{ now: number; window: number; limit: number }, RawRow>(
        `SELECT * FROM tokens WHERE revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= @now + @window
           AND state = 'ready' ORDER BY expires_at, name LIMIT @limit`,
      )
      .all({ now, window: windowMs, limit })
      .map(fromRaw)
  }

  /** How many tokens need attention, without reading them: the banner's heading and the tray. */
  attentionCounts(now: number, windowMs: number): { expired: number; expiring: number } {
    const r = this.db
      .prepare<{ now: number; window: number }, { expired: number | null; expiring: number | null }>(
        `SELECT sum(expires_at <= @now) AS expired, sum(expires_at > @now) AS expiring FROM tokens
           WHERE revoked_at IS NULL AND expires_at IS NOT NULL AND expires_at <= @now + @window AND state = 'ready'`,
      )
      .get({ now, window: windowMs })
    return { expired: r?.expired ?? 0, expiring: r?.expiring ?? 0 }
  }

  /**
   * Just what reminder planning reads, without parsing every row's JSON columns: the tokens that
   * expire (not revoked), up to `upTo` if given. These reads name migration 13's covering index:
   * SQLite's planner otherwise takes tokens_by_expiry and looks up every row in the table.
   */
  expiryDates(upTo: number = Number.MAX_SAFE_INTEGER): ExpiryDate[] {
    return this.db.prepare<[number], ExpiryDate>(`SELECT ${EXPIRY_COLUMNS} ${DUE_FROM} AND expires_at <= ?`).all(upTo)
  }

  /** How many tokens expire by `upTo` (not revoked), from the index alone. */
  expiryCount(upTo: number): number {
    return this.db.prepare<[number], { n: number }>(`SELECT count(*) AS n ${DUE_FROM} AND expires_at <= ?`).get(upTo)?.n ?? 0
  }

  /**
   * The `count` soonest of expiryDates(upTo), and every other token that expires at the same
   * moment as the last of them: past these, every token expires strictly later.
   */
  soonestExpiryDates(upTo: number, count: number): ExpiryDate[] {
    if (count <= 0) return []
    if (!Number.isSafeInteger(count)) return this.expiryDates(upTo)
    const last = this.db
      .prepare<[number, number], { at: number }>(`SELECT expires_at AS at ${DUE_FROM} AND expires_at <= ? ORDER BY expires_at LIMIT 1 OFFSET ?`)
      .get(upTo, count - 1)
    return this.expiryDates(last ? last.at : upTo)
  }

  /** expiryDates(upTo) of just these tokens. */
  expiryDatesOf(ids: readonly string[], upTo: number): ExpiryDate[] {
    if (ids.length === 0) return []
    const rows: ExpiryDate[] = []
    // Bounded batches: SQLite caps the parameters of one statement.
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500)
      rows.push(
        ...this.db
          .prepare<unknown[], ExpiryDate>(`SELECT ${EXPIRY_COLUMNS} ${DUE_FROM} AND expires_at <= ? AND id IN (${batch.map(() => '?').join(',')})`)
          .all(upTo, ...batch),
      )
    }
    return rows
  }

  /** The soonest expiry after `after` (not revoked), or null. */
  firstExpiryAfter(after: number): number | null {
    const r = this.db.prepare<[number], { at: number | null }>(`SELECT min(expires_at) AS at ${DUE_FROM} AND expires_at > ?`).get(after)
    return r?.at ?? null
  }

  audit(tokenId: string, tokenName: string, action: AuditAction, at: number, actor: string, detail: string | null = null): void {
    this.auditStmt.run(tokenId, tokenName, action, at, actor, detail)
  }

  auditFor(tokenId: string): AuditEvent[] {
    return this.auditForStmt.all(tokenId).map((r) => ({
      id: r.id,
      tokenId: r.token_id,
      tokenName: r.token_name,
      action: r.action,
      at: r.at,
      actor: r.actor,
      detail: r.detail,
    }))
  }

  orgs(): Org[] {
    return this.db.prepare<[], Org>('SELECT name, role FROM orgs ORDER BY name').all()
  }

  org(name: string): Org | undefined {
    return this.db.prepare<[string], Org>('SELECT name, role FROM orgs WHERE name = ?').get(name)
  }

  upsertOrg(name: string, role: Role): void {
    this.db.prepare('INSERT INTO orgs (name, role) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role').run(name, role)
  }

  getSetting(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value)
  }
}
