import type { CheckResult } from '../connectors/types'
import { connectorKindFor, KINDS } from '../connectors/kinds'
import { runStandaloneCheck, standaloneCheckFor, type StandaloneCheck } from '../connectors/standalone-checks'
import { TokenDeskError, invalid, notFound, refused } from '../errors'
import type { ConnectionRow } from '../store/connection-repo'
import type { TokenRow } from '../store/token-repo'
import { SECRET_MISSING } from '../vocabulary'
import { wrap, type ConnectionContext } from './context'
import type { CheckOutcome } from './views'

/** "Does this token still work?": asked of its platform, answer recorded on the token. */
export class TokenCheck {
  constructor(private readonly ctx: ConnectionContext) {}

  /**
   * Asks the platform whether the token's secret still works and records the answer. Uses the
   * token's connection, or for a token added by hand the one connection of its platform's kind.
   */
  async check(ref: string): Promise<CheckOutcome> {
    const row = this.ctx.deps.vault.resolve(ref)
    const standalone = row.connectionId ? null : standaloneCheckFor(row)
    if (standalone) return this.checkStandalone(row, standalone)
    const conn = this.connectionForCheck(row)
    const what = `could not check "${row.name}" with connection "${conn.name}"`
    const connector = await this.ctx.connectorFor(conn)
    this.ctx.requireCapability(connector, 'checkToken', what, 'nothing was recorded')
    const secret = await this.secretOf(row)
    let result: CheckResult
    try {
      result = await connector.checkToken(secret, row.fields)
    } catch (e) {
      throw wrap(e, what, 'nothing was recorded')
    }
    return this.record(row, result, `connection "${conn.name}"`, conn.id)
  }

  private async secretOf(row: TokenRow): Promise<string> {
    const secret = await this.ctx.deps.secrets.get(row.secretRef)
    if (secret === null) {
      this.ctx.repo.update(row.id, { problem: SECRET_MISSING })
      throw new TokenDeskError('not_found', `the secret of "${row.name}" is missing from the ${this.ctx.deps.secrets.description}; it may have been removed outside TokenDesk. Add it again`)
    }
    return secret
  }

  /** Keeps the answer on the token and in its history. */
  private record(row: TokenRow, result: CheckResult, by: string, connectionId: string | null): CheckOutcome {
    const now = this.ctx.now()
    this.ctx.repo.transaction(() => {
      this.ctx.repo.update(row.id, { checkedAt: now, checkStatus: result.status, checkMessage: result.message.slice(0, 500) })
      this.ctx.repo.audit(row.id, row.name, 'checked', now, this.ctx.deps.actor, `${result.status} (HTTP ${result.httpStatus}) with ${by}`)
    })
    return { ...result, tokenId: row.id, connectionId, checkedAt: now }
  }

  /** A token whose platform's who-am-I needs only the token (IonQ, Hugging Face): no connection. */
  private async checkStandalone(row: TokenRow, check: StandaloneCheck): Promise<CheckOutcome> {
    const what = `could not check "${row.name}" with ${check.label}`
    const secret = await this.secretOf(row)
    let result: CheckResult
    try {
      result = await runStandaloneCheck(check, secret, { ...(this.ctx.deps.env ? { env: this.ctx.deps.env } : {}), ...(this.ctx.deps.fetch ? { fetch: this.ctx.deps.fetch } : {}) })
    } catch (e) {
      throw wrap(e, what, 'nothing was recorded')
    }
    return this.record(row, result, check.label, null)
  }

  /**
   * A token not stored yet (the Add dialog, before storing a pasted token): checked where its
   * platform's who-am-I needs no connection; nothing is recorded, the secret goes nowhere else.
   */
  async checkUnsaved(token: { kind: string; platform: string }, secret: string): Promise<{ available: boolean; ok?: boolean; status?: 'works' | 'rejected'; message?: string }> {
    const check = standaloneCheckFor(token)
    if (!check) return { available: false }
    try {
      const r = await runStandaloneCheck(check, secret, { ...(this.ctx.deps.env ? { env: this.ctx.deps.env } : {}), ...(this.ctx.deps.fetch ? { fetch: this.ctx.deps.fetch } : {}) })
      return { available: true, ok: r.ok, status: r.status, message: r.message }
    } catch (e) {
      throw wrap(e, `could not check the token with ${check.label}`, 'nothing was stored')
    }
  }

  private connectionForCheck(row: TokenRow): ConnectionRow {
    if (row.connectionId) {
      const c = this.ctx.conns.find(row.connectionId)
      if (c && c.state === 'ready') return c
    }
    const kind = connectorKindFor(row)
    if (kind === null) throw refused(`"${row.name}" is not linked to a connection, and TokenDesk cannot check ${row.platform} tokens`)
    const candidates = this.ctx.conns.byKind(kind)
    if (candidates.length === 1) return candidates[0]!
    if (candidates.length === 0) throw notFound(`to check "${row.name}", connect a ${kind} account first (tokendesk connect ${kind}${KINDS[kind].defaultBaseUrl ? '' : ' --url URL'})`)
    throw invalid(`there are ${candidates.length} ${kind} connections (${candidates.map((c) => c.name).join(', ')}) and "${row.name}" is linked to none of them, so TokenDesk cannot tell which to check it with`)
  }}
