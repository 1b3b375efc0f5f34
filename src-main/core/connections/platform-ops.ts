import { deleteRefusal, revokeRefusal } from '../rules/lifecycle'
import { randomUUID } from 'node:crypto'
import type { Connector, CreateTokenInput, Operation } from '../connectors/types'
import { TokenDeskError, invalid, refused } from '../errors'
import { pausePoint } from '../pause-point'
import { GenerateInputSchema, type GenerateInput } from '../requests'
import { DEFAULT_EXPIRY, resolveExpiry } from '../rules/expiry'
import { DAY_MS } from '../rules/status'
import { validateSecret } from '../secrets/secret-store'
import type { ConnectionRow } from '../store/connection-repo'
import type { TokenRow } from '../store/token-repo'
import { parseInput, type TokenView } from '../vault'
import { DELETED_ON_PLATFORM } from '../vocabulary'
import { wrap, type ConnectionContext } from './context'
import { KINDS, mintsFor } from '../connectors/kinds'
import { KIND_RULES, ownershipProblem } from '../token-kinds'

const PRESET_DAYS: Record<string, number> = { '30d': 30, '60d': 60, '90d': 90, '1y': 365 }

/**
 * Token operations that reach the platform first: generate, and revoke / restore / delete of a
 * token generated through a connection. Local state changes only when the platform agreed.
 */
export class PlatformTokenOps {
  constructor(private readonly ctx: ConnectionContext) {}

  /**
   * Creates a token on the platform and stores it. The secret is returned once, to the caller,
   * and lives only in the keychain afterwards.
   */
  async generate(connectionRef: string, input: GenerateInput): Promise<{ token: TokenView; secret: string }> {
    const c = this.ctx.resolveConnection(connectionRef)
    const g = parseInput(GenerateInputSchema, input)
    const scopes = [...new Set(g.scopes)]
    const connector = await this.ctx.connectorFor(c)
    const what = `could not generate "${g.name}" on connection "${c.name}"`
    this.ctx.requireCapability(connector, 'createToken', what, 'nothing was stored')
    if (scopes.length > 0 && !connector.capabilities.scopes) {
      throw invalid(`connection "${c.name}" (${c.kind}) does not take scopes: a token there has your account's permissions; leave out the scopes`)
    }
    const now = this.ctx.now()
    const expiry = this.expiry(g.expires, connector, now)
    // What the platform's tokens are in the vault: an IBM Cloud API key is an IBM Quantum provider
    // token, a hub token a personal one (connectors/kinds.ts).
    // A Qualytics token made for a service account is a service token of an organization.
    const { kind, platform, fields: fixed } = mintsFor(c.kind, g.fields)
    const fields = { ...g.fields, ...fixed }
    const org = g.org ?? null
    const problem = ownershipProblem(kind, org, fields)
    if (problem) throw invalid(problem)
    this.ctx.deps.vault.checkRole(org, 'add', kind)
    if (this.ctx.repo.nameTaken(kind, platform, org, g.name)) {
      throw new TokenDeskError('conflict', `a ${KIND_RULES[kind].noun} named "${g.name}" for ${platform} already exists${org ? ` in ${org}` : ''}; choose another name`)
    }

    // 1. Reserve the name locally: a crash from here on is rolled back by the vault's reconcile.
    const id = randomUUID()
    const secretRef = `${id}.1`
    this.ctx.repo.insertPending({
      id,
      kind,
      platform,
      org,
      name: g.name,
      scopes,
      fields,
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
      created = await connector.createToken({ name: g.name, scopes, ...expiry.input, ...(g.fields ? { fields: g.fields } : {}) })
    } catch (e) {
      this.ctx.repo.remove(id)
      throw wrap(e, what, 'nothing was stored')
    }

    pausePoint('generate:created')

    // 3. The keychain. If that fails, take the platform token back rather than leave an orphan.
    const remote = created.token
    try {
      validateSecret(created.secret)
      this.ctx.repo.update(id, { remoteId: remote.remoteId, expiresAt: remote.expiresAt, scopes: remote.scopes.length > 0 ? remote.scopes : scopes, ...(created.fields ? { fields: { ...fields, ...created.fields } } : {}) })
      await this.ctx.deps.secrets.set(secretRef, created.secret)
      pausePoint('generate:secret-written')
    } catch (e) {
      await this.ctx.deps.secrets.delete(secretRef).catch(() => false)
      this.ctx.repo.remove(id)
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
    const ready = this.ctx.repo.transaction(() => {
      const row = this.ctx.repo.find(id)
      if (!row || row.state !== 'pending') return false
      this.ctx.repo.update(id, { state: 'ready' })
      this.ctx.repo.audit(id, g.name, 'created', now, this.ctx.deps.actor, `generated on connection "${c.name}"`)
      return true
    })
    if (!ready) {
      await this.ctx.deps.secrets.delete(secretRef).catch(() => false)
      const undone = await this.undoCreate(connector, remote.remoteId)
      throw new TokenDeskError(
        'conflict',
        `generating "${g.name}" was interrupted by another TokenDesk process (it rolled the unfinished token back); ` +
          (undone ? 'the platform token was revoked and deleted again. Try again' : 'revoke it on the platform: the next sync lists it. Then try again'),
      )
    }
    return { token: this.ctx.deps.vault.view(this.ctx.repo.find(id)!), secret: created.secret }
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
  private expiry(expires: string | undefined, connector: Connector, now: number): { input: Pick<CreateTokenInput, 'expiresInDays' | 'expiresAt'>; localExpiresAt: number | null } {
    if (connector.capabilities.neverExpires) {
      // AWS access keys never expire: an expiry here would be one the platform never enforces.
      if (expires !== undefined && expires.trim() !== 'never') throw invalid(`${KINDS[connector.kind].label} keys do not expire; leave out the expiry (or choose never)`)
      return { input: { expiresAt: null }, localExpiresAt: null }
    }
    const choice = (expires ?? DEFAULT_EXPIRY).trim()
    const noExpiry = connector.capabilities.noExpiry === true
    if (choice === 'never' && !noExpiry) throw invalid(`${KINDS[connector.kind].label} tokens must expire; choose 30d, 60d, 90d, 1y, a number of days or a date`)
    const at = resolveExpiry(choice, now, { allowNever: noExpiry })
    if (at === null) return { input: { expiresAt: null }, localExpiresAt: null }
    const preset = PRESET_DAYS[choice]
    if (preset !== undefined) return { input: { expiresInDays: preset }, localExpiresAt: at }
    if (connector.capabilities.expiresAt) return { input: { expiresAt: at }, localExpiresAt: at }
    const days = Math.ceil((at - now) / DAY_MS)
    if (days > 365) throw invalid(`${connector.kind} takes an expiry in whole days, at most 365: choose a date within a year`)
    return { input: { expiresInDays: days }, localExpiresAt: now + days * DAY_MS }
  }

  async revoke(ref: string): Promise<TokenView> {
    const row = this.ctx.deps.vault.resolve(ref)
    this.ctx.deps.vault.checkRole(row.org, 'revoke', row.kind)
    const link = this.ctx.linkOf(row)
    if (link === null) return this.ctx.deps.vault.revoke(row.id)
    const noRevoke = revokeRefusal(row)
    if (noRevoke) throw refused(noRevoke)
    if (row.revokedAt !== null) throw refused(`"${row.name}" is already revoked`)
    if (row.problem === DELETED_ON_PLATFORM) return this.ctx.deps.vault.revoke(row.id)
    await this.onPlatform(link, row, 'revokeToken', 'revoke', (c) => c.revokeToken(link.remoteId))
    return this.ctx.deps.vault.revoke(row.id)
  }

  async restore(ref: string): Promise<TokenView> {
    const row = this.ctx.deps.vault.resolve(ref)
    this.ctx.deps.vault.checkRole(row.org, 'restore', row.kind)
    const link = this.ctx.linkOf(row)
    if (link === null) return this.ctx.deps.vault.restore(row.id)
    if (row.revokedAt === null) throw refused(`"${row.name}" is not revoked; only a revoked token can be restored`)
    if (row.problem === DELETED_ON_PLATFORM) {
      throw refused(`"${row.name}" was deleted on connection "${link.conn.name}" and cannot be restored; generate a new token and delete this one`)
    }
    await this.onPlatform(link, row, 'restoreToken', 'restore', (c) => c.restoreToken(link.remoteId))
    return this.ctx.deps.vault.restore(row.id)
  }

  async delete(ref: string): Promise<void> {
    const row = this.ctx.deps.vault.resolve(ref)
    // The role is asked before the platform is: a member's click must not reach the platform.
    this.ctx.deps.vault.checkRole(row.org, 'delete', row.kind)
    const link = this.ctx.linkOf(row)
    if (link !== null && row.problem !== DELETED_ON_PLATFORM) {
      const notYet = deleteRefusal(row)
      if (notYet) throw refused(notYet)
      await this.onPlatform(link, row, 'deleteToken', 'delete', (c) => c.deleteToken(link.remoteId))
    }
    await this.ctx.deps.vault.delete(row.id)
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
    const connector = await this.ctx.connectorFor(link.conn)
    this.ctx.requireCapability(connector, op, what, outcome)
    try {
      await fn(connector)
    } catch (e) {
      throw wrap(e, what, outcome)
    }
  }

}
