import { randomUUID } from 'node:crypto'
import { checkBaseUrl, createConnector } from '../connectors/registry'
import type { ConnectorKind, WhoAmI } from '../connectors/types'
import { CAPABILITIES } from '../connectors/capabilities'
import { KINDS, needsManagementCredential } from '../connectors/kinds'
import { TokenDeskError, invalid } from '../errors'
import { type Org, RoleSchema, SlugSchema } from '../model'
import { validateSecret } from '../secrets/secret-store'
import type { ConnectionRow } from '../store/connection-repo'
import { PlatformRotation, type RotationResult } from './rotation'
import { parseInput, type TokenView } from '../vault'
import { DELETED_ON_PLATFORM } from '../vocabulary'
import { ConnectionContext, wrap } from './context'
import { TokenCheck } from './check'
import { PlatformTokenOps } from './platform-ops'
import { ConnectionSync } from './sync'

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

export type { ConnectionServiceDeps, ConnectorFactory } from './deps'
import type { ConnectionServiceDeps } from './deps'


/** problem marker for a token that sync no longer finds on its platform. */
export { DELETED_ON_PLATFORM }

export { ConnectInputSchema, GenerateInputSchema, type ConnectInput, type GenerateInput } from '../requests'
import { ConnectInputSchema, type ConnectInput, type GenerateInput } from '../requests'

export type { CheckOutcome, ConnectionView, ConnectResult, RemoteSummary, SyncReport, SyncResult } from './views'
import type { CheckOutcome, ConnectionView, ConnectResult, SyncReport } from './views'

export class ConnectionService {
  private readonly ctx: ConnectionContext
  private readonly ops: PlatformTokenOps
  private readonly syncer: ConnectionSync
  private readonly checker: TokenCheck
  private readonly rotation: PlatformRotation

  constructor(private readonly deps: ConnectionServiceDeps) {
    this.ctx = new ConnectionContext(deps, deps.connectorFactory ?? ((config) => createConnector(config, { fetch: deps.fetch })))
    this.ops = new PlatformTokenOps(this.ctx)
    this.syncer = new ConnectionSync(this.ctx)
    this.checker = new TokenCheck(this.ctx)
    this.rotation = new PlatformRotation(this.ctx)
  }

  private now() {
    return this.ctx.now()
  }
  private get repo() {
    return this.deps.repo
  }
  private get conns() {
    return this.deps.connections
  }

  /** Resolves a connection id, or its name. */
  resolveConnection(ref: string): ConnectionRow {
    return this.ctx.resolveConnection(ref)
  }

  // ---- connections ---------------------------------------------------------------------------

  list(): ConnectionView[] {
    return this.conns.list().map((c) => this.view(c))
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
      capabilities: CAPABILITIES[c.kind],
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
    const needsToken = needsManagementCredential(i.kind)
    let token: string | undefined
    if (needsToken) {
      if (managementToken === undefined || managementToken === null || managementToken === '') {
        throw invalid(`a ${KINDS[i.kind].managementCredential} is required for a ${i.kind} connection`)
      }
      token = validateSecret(managementToken)
      // An AWS key pair is kept as one keychain entry, "ACCESS_KEY_ID:SECRET" (aws-iam.ts splits it).
      if (i.kind === 'aws-iam') {
        if (!i.accessKeyId) throw invalid('an AWS connection needs the access key id (AKIA…) of the secret access key')
        token = `${i.accessKeyId}:${token}`
      }
    }
    const name = i.name ?? this.defaultName(i.kind)
    if (this.conns.nameTaken(name)) throw new TokenDeskError('conflict', `a connection named "${name}" already exists; choose another name`)

    const connector = this.ctx.factory({ kind: i.kind, baseUrl, managementToken: token, connectionName: name })
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

  /**
   * At start: rolls back connects and finishes disconnects that a crash interrupted, then settles
   * rotations on platforms (an interrupted one finished or undone; an old token past its grace
   * period revoked).
   */
  async reconcile(): Promise<{ rolledBackConnects: string[]; finishedDisconnects: string[]; rotations: Awaited<ReturnType<PlatformRotation['settle']>> }> {
    const report = { rolledBackConnects: [] as string[], finishedDisconnects: [] as string[] }
    for (const c of this.conns.unfinished()) {
      if (c.secretRef !== null) await this.deps.secrets.delete(c.secretRef)
      this.conns.remove(c.id)
      ;(c.state === 'pending' ? report.rolledBackConnects : report.finishedDisconnects).push(c.name)
    }
    return { ...report, rotations: await this.rotation.settle() }
  }

  // ---- tokens, sync and checks: each in its own part (platform-ops.ts, sync.ts, check.ts) ----

  generate(connectionRef: string, input: GenerateInput): Promise<{ token: TokenView; secret: string }> {
    return this.ops.generate(connectionRef, input)
  }
  revoke(ref: string): Promise<TokenView> {
    return this.ops.revoke(ref)
  }
  restore(ref: string): Promise<TokenView> {
    return this.ops.restore(ref)
  }
  delete(ref: string): Promise<void> {
    return this.ops.delete(ref)
  }
  /** Brings local tokens up to date with their platforms: one connection, or all of them. */
  async sync(connectionRef?: string): Promise<SyncReport> {
    // Old platform tokens whose grace period ended are revoked first (the app syncs on a timer).
    await this.rotation.settle()
    return this.syncer.sync(connectionRef)
  }
  /** Rotates a connected token on its platform; the old platform token is revoked after `grace`. */
  rotateOnPlatform(ref: string, opts: { grace?: string } = {}): Promise<RotationResult> {
    return this.rotation.rotate(ref, opts)
  }
  /** Finishes interrupted rotations and revokes old tokens whose grace period ended. */
  settleRotations() {
    return this.rotation.settle()
  }
  /** When the platform tokens this token replaced are revoked. */
  pendingRetirements(tokenId: string) {
    return this.rotation.waiting(tokenId)
  }
  /** A pasted token, before it is stored: checked where no connection is needed (check.ts). */
  checkUnsaved(token: { kind: string; platform: string }, secret: string) {
    return this.checker.checkUnsaved(token, secret)
  }

  check(ref: string): Promise<CheckOutcome> {
    return this.checker.check(ref)
  }
}
