import { randomUUID } from 'node:crypto'
import { SECRET_MISSING, DELETED_ON_PLATFORM } from '../vocabulary'
import { pausePoint } from '../pause-point'
import type { Clock } from '../clock'
import { type FetchLike, PlatformError } from '../connectors/http'
import { type ConnectorConfig, checkBaseUrl, createConnector } from '../connectors/registry'
import {
  CONNECTOR_KINDS,
  type CheckResult,
  type Connector,
  type ConnectorKind,
  type CreateTokenInput,
  type Operation,
  type WhoAmI,
} from '../connectors/types'
import { TokenDeskError, invalid, notFound, refused } from '../errors'
import { type Org, RoleSchema, SlugSchema } from '../model'
import { DEFAULT_EXPIRY, resolveExpiry } from '../rules/expiry'
import { DAY_MS } from '../rules/status'
import { type SecretStore, validateSecret } from '../secrets/secret-store'
import type { ConnectionRepo, ConnectionRow } from '../store/connection-repo'
import type { TokenRepo, TokenRow } from '../store/token-repo'
import { parseInput, type TokenView, type Vault } from '../vault'

/**
 * Connects the vault to platforms: a connection is a platform account whose management token
 * lives in the OS keychain (never in SQLite), and through which tokens are generated, revoked,
 * restored, deleted, synced and checked.
 *
 * Ordering rules, the same spirit as the vault's:
 * - connect: who-am-I first (nothing is stored for a token the platform refuses), then a
 *   'pending' row, then the keychain, then 'ready'. reconcile() rolls back a pending row and
 *   finishes a disconnect a crash interrupted.
 * - generate: the local name is reserved first (a 'pending' token row), then the platform call,
 *   then the keychain, then 'ready'. If storing fails, the platform token is revoked and deleted
 *   again when the platform allows it. A crash AFTER the platform call and BEFORE 'ready' leaves
 *   a token on the platform whose secret nobody has: the vault's reconcile drops the pending row
 *   at the next start, and the next sync reports the platform token under `unknownOnPlatform`
 *   ("on the platform, not in TokenDesk") so the user can revoke it there.
 * - revoke / restore / delete of a connected token: the platform first; local state changes only
 *   when the platform agreed. Any platform error leaves the local token exactly as it was.
 * Secrets (management tokens, generated secrets) are never logged and never put in a message.
 */

export type ConnectorFactory = (config: ConnectorConfig) => Connector

export interface ConnectionServiceDeps {
  vault: Vault
  repo: TokenRepo
  connections: ConnectionRepo
  secrets: SecretStore
  clock: Clock
  actor: string
  /** Defaults to the registry's createConnector; tests inject short timeouts this way. */
  connectorFactory?: ConnectorFactory
  /** The host's fetch for the default connectors (proxy and certificates: see connectors/http.ts). */
  fetch?: FetchLike
}

/** Kinds whose API needs a management token; the others only check tokens given per call. */
export const KINDS_WITH_MANAGEMENT_TOKEN: ReadonlySet<ConnectorKind> = new Set(['tokendesk-hub', 'qualytics'])

/** problem marker for a token that sync no longer finds on its platform. */
export { DELETED_ON_PLATFORM }

export { ConnectInputSchema, GenerateInputSchema, type ConnectInput, type GenerateInput } from '../requests'
import { ConnectInputSchema, GenerateInputSchema, type ConnectInput, type GenerateInput } from '../requests'

export type { CheckOutcome, ConnectionView, ConnectResult, RemoteSummary, SyncReport, SyncResult } from './views'
import type { CheckOutcome, ConnectionView, ConnectResult, SyncReport, SyncResult } from './views'

const PRESET_DAYS: Record<string, number> = { '30d': 30, '60d': 60, '90d': 90, '1y': 365 }

const iso = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString().slice(0, 10))

export class ConnectionService {
  private readonly factory: ConnectorFactory

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.factory = deps.connectorFactory ?? ((config) => createConnector(config, { fetch: deps.fetch }))
  }

  private now() {
    return this.deps.clock()
  }
  private get repo() {
    return this.deps.repo
  }
  private get conns() {
    return this.deps.connections
  }

  // ---- connections ---------------------------------------------------------------------------

  list(): ConnectionView[] {
    return this.conns.list().map((c) => this.view(c))
  }

  /** Resolves a connection id, or its name. */
  resolveConnection(ref: string): ConnectionRow {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 200) throw invalid('give a connection id or name')
    const byId = this.conns.find(ref)
    if (byId && byId.state === 'ready') return byId
    const byName = this.conns.findReadyByName(ref)
    if (byName) return byName
    throw notFound(`no connection "${ref.slice(0, 80)}"; list them with \`tokendesk connections\``)
  }

  private view(c: ConnectionRow): ConnectionView {
    return {
      id: c.id,
      kind: c.kind,
      name: c.name,
      baseUrl: c.baseUrl,
      account: c.account,
      createdAt: c.createdAt,
      lastSyncAt: c.lastSyncAt,
      lastSyncError: c.lastSyncError,
      // Capabilities are fixed per kind; a placeholder token builds the connector without the keychain.
      capabilities: createConnector({ kind: c.kind, baseUrl: c.baseUrl, managementToken: 'placeholder' }).capabilities,
      tokenCount: this.conns.tokenCount(c.id),
    }
  }

  private defaultName(kind: ConnectorKind): string {
    if (!this.conns.nameTaken(kind)) return kind
    for (let i = 2; ; i++) if (!this.conns.nameTaken(`${kind}-${i}`)) return `${kind}-${i}`
  }

  /**
   * Checks the management token with the platform (who-am-I, or the token list where no who-am-I
   * is documented), then stores it in the keychain and the connection in the database, and
   * imports the organizations and roles the platform reported.
   */
  async connect(input: ConnectInput, managementToken?: string | null): Promise<ConnectResult> {
    const i = parseInput(ConnectInputSchema, input)
    const url = checkBaseUrl(i.baseUrl)
    const baseUrl = url.toString().replace(/\/+$/, '')
    const needsToken = KINDS_WITH_MANAGEMENT_TOKEN.has(i.kind)
    let token: string | undefined
    if (needsToken) {
      if (managementToken === undefined || managementToken === null || managementToken === '') {
        throw invalid(`a management token is required for a ${i.kind} connection`)
      }
      token = validateSecret(managementToken)
    }
    const name = i.name ?? this.defaultName(i.kind)
    if (this.conns.nameTaken(name)) throw new TokenDeskError('conflict', `a connection named "${name}" already exists; choose another name`)

    const connector = this.factory({ kind: i.kind, baseUrl, managementToken: token, connectionName: name })
    let who: WhoAmI | null = null
    try {
      if (connector.capabilities.whoami) who = await connector.whoami()
      else if (needsToken && connector.capabilities.listTokens) await connector.listTokens()
    } catch (e) {
      throw wrap(e, `could not connect "${name}" (${i.kind} at ${url.host})`, 'nothing was stored')
    }

    const id = randomUUID()
    const secretRef = token === undefined ? null : `connection-${id}.1`
    const now = this.now()
    this.conns.insertPending({ id, kind: i.kind, name, baseUrl, account: who?.user.slice(0, 200) ?? null, createdAt: now, secretRef })
    if (secretRef !== null) {
      try {
        await this.deps.secrets.set(secretRef, token!)
      } catch (e) {
        await this.deps.secrets.delete(secretRef).catch(() => false)
        this.conns.remove(id)
        throw e
      }
    }
    const importedOrgs: Org[] = []
    this.conns.transaction(() => {
      this.conns.setState(id, 'ready')
      for (const o of who?.orgs ?? []) {
        const n = SlugSchema.safeParse(o.name)
        const r = RoleSchema.safeParse(o.role)
        if (!n.success || !r.success) continue // a name or role the vault cannot represent
        this.repo.upsertOrg(n.data, r.data)
        importedOrgs.push({ name: n.data, role: r.data })
      }
    })
    return { ...this.view(this.conns.find(id)!), importedOrgs }
  }

  /** Removes the connection and its keychain entry. Its tokens stay, unlinked (connection_id null). */
  async disconnect(ref: string): Promise<{ disconnected: true; unlinkedTokens: number }> {
    const c = this.resolveConnection(ref)
    this.conns.setState(c.id, 'deleting')
    if (c.secretRef !== null) {
      try {
        await this.deps.secrets.delete(c.secretRef)
      } catch (e) {
        this.conns.setState(c.id, 'ready')
        throw e
      }
    }
    const tokens = this.repo.byConnection(c.id)
    const now = this.now()
    this.conns.transaction(() => {
      for (const t of tokens) this.repo.audit(t.id, t.name, 'updated', now, this.deps.actor, `connection "${c.name}" was disconnected`)
      this.conns.remove(c.id) // ON DELETE SET NULL unlinks the tokens
    })
    return { disconnected: true, unlinkedTokens: tokens.length }
  }

  /** At start: rolls back connects and finishes disconnects that a crash interrupted. */
  async reconcile(): Promise<{ rolledBackConnects: string[]; finishedDisconnects: string[] }> {
    const report = { rolledBackConnects: [] as string[], finishedDisconnects: [] as string[] }
    for (const c of this.conns.unfinished()) {
      if (c.secretRef !== null) await this.deps.secrets.delete(c.secretRef)
      this.conns.remove(c.id)
      ;(c.state === 'pending' ? report.rolledBackConnects : report.finishedDisconnects).push(c.name)
    }
    return report
  }

  private async connectorFor(c: ConnectionRow): Promise<Connector> {
    let managementToken: string | undefined
    if (c.secretRef !== null) {
      const s = await this.deps.secrets.get(c.secretRef)
      if (s === null) {
        throw new TokenDeskError(
          'not_found',
          `the management token of connection "${c.name}" is missing from the ${this.deps.secrets.description}; it may have been removed outside TokenDesk. Disconnect and connect again`,
        )
      }
      managementToken = s
    }
    return this.factory({ kind: c.kind, baseUrl: c.baseUrl, managementToken, connectionName: c.name })
  }

  /** The connector's own "not documented; do it in the web UI" refusal for an unsupported operation. */
  private async requireCapability(connector: Connector, op: Operation, what: string, outcome: string): Promise<void> {
    if (connector.capabilities[op]) return
    try {
      // Unsupported operations throw at once by the Connector contract, without any request.
      await (connector[op] as (arg: never) => Promise<unknown>).call(connector, undefined as never)
    } catch (e) {
      throw wrap(e, what, outcome)
    }
    throw refused(`${what}: ${connector.kind} does not support ${op}`)
  }

  // ---- tokens --------------------------------------------------------------------------------

  /**
   * Creates a token on the platform and stores it. The secret is returned once, to the caller,
   * and lives only in the keychain afterwards.
   */
  async generate(connectionRef: string, input: GenerateInput): Promise<{ token: TokenView; secret: string }> {
    const c = this.resolveConnection(connectionRef)
    const g = parseInput(GenerateInputSchema, input)
    const scopes = [...new Set(g.scopes)]
    const connector = await this.connectorFor(c)
    const what = `could not generate "${g.name}" on connection "${c.name}"`
    await this.requireCapability(connector, 'createToken', what, 'nothing was stored')
    if (scopes.length > 0 && !connector.capabilities.scopes) {
      throw invalid(`connection "${c.name}" (${c.kind}) does not take scopes: a token there has your account's permissions; leave out the scopes`)
    }
    const now = this.now()
    const expiry = this.expiry(g.expires, connector, now)
    const platform = c.kind
    if (this.repo.nameTaken('personal', platform, null, g.name)) {
      throw new TokenDeskError('conflict', `a personal token named "${g.name}" for ${platform} already exists; choose another name`)
    }

    // 1. Reserve the name locally: a crash from here on is rolled back by the vault's reconcile.
    const id = randomUUID()
    const secretRef = `${id}.1`
    this.repo.insertPending({
      id,
      kind: 'personal',
      platform,
      org: null,
      name: g.name,
      scopes,
      fields: {},
      note: null,
      createdAt: now,
      expiresAt: expiry.localExpiresAt,
      secretRef,
      connectionId: c.id,
      remoteId: null,
    })
    pausePoint('generate:reserved')

    // 2. The platform.
    let created: Awaited<ReturnType<Connector['createToken']>>
    try {
      created = await connector.createToken({ name: g.name, scopes, ...expiry.input })
    } catch (e) {
      this.repo.remove(id)
      throw wrap(e, what, 'nothing was stored')
    }

    pausePoint('generate:created')

    // 3. The keychain. If that fails, take the platform token back rather than leave an orphan.
    const remote = created.token
    try {
      validateSecret(created.secret)
      this.repo.update(id, { remoteId: remote.remoteId, expiresAt: remote.expiresAt, scopes: remote.scopes.length > 0 ? remote.scopes : scopes })
      await this.deps.secrets.set(secretRef, created.secret)
      pausePoint('generate:secret-written')
    } catch (e) {
      await this.deps.secrets.delete(secretRef).catch(() => false)
      this.repo.remove(id)
      const undone = await this.undoCreate(connector, remote.remoteId)
      const why = e instanceof TokenDeskError ? e.message : 'it could not be recorded'
      throw new TokenDeskError(
        e instanceof TokenDeskError ? e.code : 'storage',
        `"${g.name}" was created on connection "${c.name}" but could not be stored (${why}); ` +
          (undone
            ? 'it was revoked and deleted on the platform again, so nothing is left over'
            : 'revoke it on the platform: the next sync lists it as on the platform but not in TokenDesk'),
      )
    }

    // 4. Ready, unless another TokenDesk process's start-up reconcile rolled the reservation back
    // while the platform call was in flight: then the keychain entry goes too, nothing is half kept.
    const ready = this.repo.transaction(() => {
      const row = this.repo.find(id)
      if (!row || row.state !== 'pending') return false
      this.repo.update(id, { state: 'ready' })
      this.repo.audit(id, g.name, 'created', now, this.deps.actor, `generated on connection "${c.name}"`)
      return true
    })
    if (!ready) {
      await this.deps.secrets.delete(secretRef).catch(() => false)
      const undone = await this.undoCreate(connector, remote.remoteId)
      throw new TokenDeskError(
        'conflict',
        `generating "${g.name}" was interrupted by another TokenDesk process (it rolled the unfinished token back); ` +
          (undone ? 'the platform token was revoked and deleted again. Try again' : 'revoke it on the platform: the next sync lists it. Then try again'),
      )
    }
    return { token: this.deps.vault.view(this.repo.find(id)!), secret: created.secret }
  }

  private async undoCreate(connector: Connector, remoteId: string): Promise<boolean> {
    if (!connector.capabilities.revokeToken || !connector.capabilities.deleteToken) return false
    try {
      await connector.revokeToken(remoteId)
      await connector.deleteToken(remoteId)
      return true
    } catch {
      return false
    }
  }

  /** The user's expiry choice as the platform takes it: days for presets, a date where supported. */
  private expiry(expires: string | undefined, connector: Connector, now: number): { input: Pick<CreateTokenInput, 'expiresInDays' | 'expiresAt'>; localExpiresAt: number } {
    const choice = (expires ?? DEFAULT_EXPIRY).trim()
    const at = resolveExpiry(choice, now, { allowNever: false })!
    const preset = PRESET_DAYS[choice]
    if (preset !== undefined) return { input: { expiresInDays: preset }, localExpiresAt: at }
    if (connector.capabilities.expiresAt) return { input: { expiresAt: at }, localExpiresAt: at }
    const days = Math.ceil((at - now) / DAY_MS)
    if (days > 365) throw invalid(`${connector.kind} takes an expiry in whole days, at most 365: choose a date within a year`)
    return { input: { expiresInDays: days }, localExpiresAt: now + days * DAY_MS }
  }

  /** The ready connection a token was generated through, or null for a plain vault token. */
  private linkOf(row: TokenRow): { conn: ConnectionRow; remoteId: string } | null {
    if (!row.connectionId || !row.remoteId) return null
    const conn = this.conns.find(row.connectionId)
    if (!conn || conn.state !== 'ready') return null
    return { conn, remoteId: row.remoteId }
  }

  async revoke(ref: string): Promise<TokenView> {
    const row = this.deps.vault.resolve(ref)
    const link = this.linkOf(row)
    if (link === null) return this.deps.vault.revoke(row.id)
    if (row.revokedAt !== null) throw refused(`"${row.name}" is already revoked`)
    if (row.problem === DELETED_ON_PLATFORM) return this.deps.vault.revoke(row.id)
    await this.onPlatform(link, row, 'revokeToken', 'revoke', (c) => c.revokeToken(link.remoteId))
    return this.deps.vault.revoke(row.id)
  }

  async restore(ref: string): Promise<TokenView> {
    const row = this.deps.vault.resolve(ref)
    const link = this.linkOf(row)
    if (link === null) return this.deps.vault.restore(row.id)
    if (row.revokedAt === null) throw refused(`"${row.name}" is not revoked; only a revoked token can be restored`)
    if (row.problem === DELETED_ON_PLATFORM) {
      throw refused(`"${row.name}" was deleted on connection "${link.conn.name}" and cannot be restored; generate a new token and delete this one`)
    }
    await this.onPlatform(link, row, 'restoreToken', 'restore', (c) => c.restoreToken(link.remoteId))
    return this.deps.vault.restore(row.id)
  }

  async delete(ref: string): Promise<void> {
    const row = this.deps.vault.resolve(ref)
    const link = this.linkOf(row)
    if (link !== null && row.problem !== DELETED_ON_PLATFORM) {
      if (row.revokedAt === null) throw refused(`"${row.name}" is not revoked; revoke it first, then delete it`)
      await this.onPlatform(link, row, 'deleteToken', 'delete', (c) => c.deleteToken(link.remoteId))
    }
    await this.deps.vault.delete(row.id)
  }

  private async onPlatform(
    link: { conn: ConnectionRow },
    row: TokenRow,
    op: Operation,
    verb: string,
    fn: (c: Connector) => Promise<void>,
  ): Promise<void> {
    const what = `could not ${verb} "${row.name}" on connection "${link.conn.name}"`
    const outcome = `"${row.name}" was not changed in TokenDesk`
    const connector = await this.connectorFor(link.conn)
    await this.requireCapability(connector, op, what, outcome)
    try {
      await fn(connector)
    } catch (e) {
      throw wrap(e, what, outcome)
    }
  }

  // ---- sync and check ------------------------------------------------------------------------

  /** Brings local tokens up to date with their platforms: one connection, or all of them. */
  async sync(connectionRef?: string): Promise<SyncReport> {
    const conns = connectionRef === undefined ? this.conns.list() : [this.resolveConnection(connectionRef)]
    const results: SyncResult[] = []
    for (const c of conns) results.push(await this.syncOne(c))
    return { at: this.now(), results }
  }

  private async syncOne(c: ConnectionRow): Promise<SyncResult> {
    const result: SyncResult = { connectionId: c.id, connection: c.name, ok: true, error: null, skipped: null, updated: [], unknownOnPlatform: [] }
    const fail = (e: unknown): SyncResult => {
      const message = e instanceof TokenDeskError ? e.message : 'unexpected error while syncing'
      this.conns.recordSync(c.id, null, message)
      return { ...result, ok: false, error: message }
    }
    // Tokens as they were before asking: one generated while the list is in flight is not "missing".
    const before = this.repo.byConnection(c.id)
    let remote: Awaited<ReturnType<Connector['listTokens']>>
    try {
      const connector = await this.connectorFor(c)
      if (!connector.capabilities.listTokens) {
        return { ...result, skipped: `${c.kind} documents no token list, so there is nothing to sync; use check instead` }
      }
      remote = await connector.listTokens()
    } catch (e) {
      return fail(e)
    }
    const now = this.now()
    const byRemote = new Map(remote.map((r) => [r.remoteId, r]))
    this.repo.transaction(() => {
      for (const b of before) {
        const t = this.repo.find(b.id)
        if (!t || t.state !== 'ready' || t.connectionId !== c.id || !t.remoteId) continue
        const r = byRemote.get(t.remoteId)
        const patch: Parameters<TokenRepo['update']>[1] = {}
        const changes: string[] = []
        if (r === undefined) {
          if (t.problem !== DELETED_ON_PLATFORM) {
            patch.problem = DELETED_ON_PLATFORM
            changes.push('deleted on the platform')
            if (t.revokedAt === null) patch.revokedAt = now
          }
        } else {
          const expiredThere = r.expiresAt !== null && r.expiresAt <= now
          if (!r.active && !expiredThere && t.revokedAt === null) {
            patch.revokedAt = now
            changes.push('revoked on the platform')
          } else if (r.active && t.revokedAt !== null) {
            patch.revokedAt = null
            changes.push('restored on the platform')
          }
          if (r.expiresAt !== t.expiresAt) {
            patch.expiresAt = r.expiresAt
            changes.push(`expiry is now ${iso(r.expiresAt)}`)
          }
          if (t.problem === DELETED_ON_PLATFORM) {
            patch.problem = null
            changes.push('found on the platform again')
          }
          // Last use is kept quietly up to date: not worth an audit entry on every sync.
          if (r.lastUsedAt !== null && (t.lastUsedAt === null || r.lastUsedAt > t.lastUsedAt)) patch.lastUsedAt = r.lastUsedAt
        }
        if (Object.keys(patch).length > 0) this.repo.update(t.id, patch)
        if (changes.length > 0) {
          this.repo.audit(t.id, t.name, 'synced', now, this.deps.actor, `${changes.join('; ')} (connection "${c.name}")`)
          result.updated.push({ id: t.id, name: t.name, changes })
        }
      }
      this.conns.recordSync(c.id, now, null)
    })
    const known = new Set(this.repo.byConnection(c.id).map((t) => t.remoteId))
    result.unknownOnPlatform = remote
      .filter((r) => !known.has(r.remoteId))
      .map((r) => ({ remoteId: r.remoteId, name: r.name, active: r.active, createdAt: r.createdAt, expiresAt: r.expiresAt }))
    return result
  }

  /**
   * Asks the platform whether the token's secret still works and records the answer. Uses the
   * token's connection, or for a token added by hand the one connection of its platform's kind.
   */
  async check(ref: string): Promise<CheckOutcome> {
    const row = this.deps.vault.resolve(ref)
    const conn = this.connectionForCheck(row)
    const what = `could not check "${row.name}" with connection "${conn.name}"`
    const connector = await this.connectorFor(conn)
    await this.requireCapability(connector, 'checkToken', what, 'nothing was recorded')
    const secret = await this.deps.secrets.get(row.secretRef)
    if (secret === null) {
      this.repo.update(row.id, { problem: SECRET_MISSING })
      throw new TokenDeskError('not_found', `the secret of "${row.name}" is missing from the ${this.deps.secrets.description}; it may have been removed outside TokenDesk. Add it again`)
    }
    let result: CheckResult
    try {
      result = await connector.checkToken(secret)
    } catch (e) {
      throw wrap(e, what, 'nothing was recorded')
    }
    const now = this.now()
    this.repo.transaction(() => {
      this.repo.update(row.id, { checkedAt: now, checkStatus: result.status, checkMessage: result.message.slice(0, 500) })
      this.repo.audit(row.id, row.name, 'checked', now, this.deps.actor, `${result.status} (HTTP ${result.httpStatus}) with connection "${conn.name}"`)
    })
    return { ...result, tokenId: row.id, connectionId: conn.id, checkedAt: now }
  }

  private connectionForCheck(row: TokenRow): ConnectionRow {
    if (row.connectionId) {
      const c = this.conns.find(row.connectionId)
      if (c && c.state === 'ready') return c
    }
    const kind = (CONNECTOR_KINDS as readonly string[]).includes(row.platform) && row.kind === 'personal' ? (row.platform as ConnectorKind) : null
    if (kind === null) throw refused(`"${row.name}" is not linked to a connection, and TokenDesk cannot check ${row.platform} tokens`)
    const candidates = this.conns.byKind(kind)
    if (candidates.length === 1) return candidates[0]!
    if (candidates.length === 0) throw notFound(`to check "${row.name}", connect a ${kind} account first (tokendesk connect ${kind} --url URL)`)
    throw invalid(`there are ${candidates.length} ${kind} connections (${candidates.map((c) => c.name).join(', ')}) and "${row.name}" is linked to none of them, so TokenDesk cannot tell which to check it with`)
  }
}

/**
 * Puts which object and what happens next in front of an error from a connector, keeping its
 * code and PlatformError kind (so the UI can still offer "reconnect", "retry later", ...).
 */
function wrap(e: unknown, what: string, outcome: string): Error {
  if (e instanceof PlatformError) {
    return new PlatformError(e.kind, `${what}: ${e.message}. ${capitalize(outcome)}`, {
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    })
  }
  if (e instanceof TokenDeskError) return new TokenDeskError(e.code, `${what}: ${e.message}. ${capitalize(outcome)}`)
  return e instanceof Error ? e : new Error(String(e))
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
