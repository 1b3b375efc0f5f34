import { randomBytes } from 'node:crypto'
import type { Connector } from '../connectors/types'
import { PlatformError } from '../connectors/http'
import { TokenDeskError, invalid, refused } from '../errors'
import { pausePoint } from '../pause-point'
import { otherProcessAlive } from '../process-alive'
import { DAY_MS } from '../rules/status'
import type { RotationRow } from '../store/rotation-repo'
import type { TokenView } from '../vault'
import { DELETED_ON_PLATFORM } from '../vocabulary'
import { wrap, type ConnectionContext } from './context'

/**
 * Whether a failed create may still have made the token on the platform: the request went out and
 * no answer said no (a dropped reply, a timeout, a 5xx, a 2xx whose body did not parse). A 4xx or
 * a TLS failure is a definite no: nothing was made.
 */
export function mayHaveCreated(e: unknown): boolean {
  if (!(e instanceof PlatformError)) return true
  return e.kind === 'network' || e.kind === 'timeout' || e.kind === 'server' || e.kind === 'malformed'
}

/** How long the old platform token keeps working after a rotation, as the user chooses it. */
export const GRACE_PERIODS = { now: 0, '1h': 3_600_000, '1d': DAY_MS, '7d': 7 * DAY_MS } as const
export type GracePeriod = keyof typeof GRACE_PERIODS

export function parseGrace(g: string | undefined): number {
  const key = (g ?? 'now') === '0' ? 'now' : (g ?? 'now')
  if (!Object.hasOwn(GRACE_PERIODS, key)) throw invalid(`the grace period is one of now, 1h, 1d, 7d (not "${String(g).slice(0, 20)}")`)
  return GRACE_PERIODS[key as GracePeriod]
}

/** The platform name of a rotation's new token: the token's name and when, within the 64-character limit. */
export function rotatedName(name: string, now: number, nonce: string = randomBytes(3).toString('hex')): string {
  // The minute says when; the nonce keeps two rotations of one token within a minute (or a
  // rotation retried after a kill) from asking the platform for a name it already has (409).
  // The name is stored before the platform call, so an interrupted one is still found by it.
  const stamp = new Date(now).toISOString().slice(0, 16).replace(/[-:T]/g, '')
  const tail = `-r${stamp}-${nonce}`
  return `${name.slice(0, 64 - tail.length)}${tail}`
}

export interface RotationResult {
  token: TokenView
  secret: string
  /** When the old platform token is (or was) revoked. */
  retireAt: number
  /** Set when the old token should have been revoked now but the platform refused; retried later. */
  retireError: string | null
}

/**
 * Rotation on the platform: a new token is created there (same scopes, same lifetime), takes the
 * old one's place in TokenDesk (same id, name and history; its secret swapped by the vault's own
 * crash-safe rotate), and the old platform token is revoked at once or after a grace period.
 *
 * Every step is recorded first (the `rotations` table), so a kill at any point leaves either the
 * old token working or the new one in place, and no platform token TokenDesk does not know:
 *  - killed before the swap: the next TokenDesk process revokes and deletes the new platform token
 *    (found by id, or by its unique name when the kill came before the platform answered);
 *  - killed after the swap: it finishes (the token points at the new platform token) and the old
 *    one is revoked when its grace period ends.
 */
export class PlatformRotation {
  constructor(private readonly ctx: ConnectionContext) {}

  private get rotations() {
    return this.ctx.deps.rotations
  }

  async rotate(ref: string, opts: { grace?: string } = {}): Promise<RotationResult> {
    const graceMs = parseGrace(opts.grace)
    const row = this.ctx.deps.vault.resolve(ref)
    this.ctx.deps.vault.checkRole(row.org, 'rotate', row.kind)
    const link = this.ctx.linkOf(row)
    if (link === null) {
      throw refused(`"${row.name}" was not generated through a connection, so TokenDesk cannot make its successor on the platform; rotate it by hand: tokendesk rotate ${row.name} (the new secret on standard input)`)
    }
    if (row.revokedAt !== null) throw refused(`"${row.name}" is revoked; restore it first, or generate a new token`)
    if (row.problem === DELETED_ON_PLATFORM) throw refused(`"${row.name}" was deleted on connection "${link.conn.name}"; generate a new token instead`)
    const what = `could not rotate "${row.name}" on connection "${link.conn.name}"`
    const connector = await this.ctx.connectorFor(link.conn)
    this.ctx.requireCapability(connector, 'createToken', what, `"${row.name}" was not changed`)
    this.ctx.requireCapability(connector, 'revokeToken', what, `"${row.name}" was not changed`)
    if (connector.kind === 'aws-iam') {
      // An AWS key has no name TokenDesk could find again after an interruption, and the IAM user's
      // two-key quota is usually full (the connection's key and this one).
      throw refused(`${what}: AWS access keys cannot be rotated on the platform by TokenDesk (no name to find an interrupted one by, and two keys per user); generate a new key, update its copies, then revoke and delete the old one`)
    }
    if (this.rotations.forToken(row.id).some((r) => r.state === 'creating' && otherProcessAlive(r.opPid))) {
      throw refused(`another TokenDesk process is rotating "${row.name}" right now; nothing was changed, try again in a moment`)
    }

    const now = this.ctx.now()
    const newName = rotatedName(row.name, now)
    const lifetime = row.expiresAt === null ? null : Math.max(DAY_MS, row.expiresAt - row.createdAt)
    const expiry =
      lifetime === null
        ? connector.capabilities.expiresAt
          ? { expiresAt: null }
          : { expiresInDays: null }
        : connector.capabilities.expiresAt
          ? { expiresAt: now + lifetime }
          : { expiresInDays: Math.min(365, Math.ceil(lifetime / DAY_MS)) }

    // 1. The intent, before anything exists on the platform.
    const id = this.rotations.start({ tokenId: row.id, tokenName: row.name, connectionId: link.conn.id, oldRemoteId: link.remoteId, oldSecretRef: row.secretRef, newName, startedAt: now, retireAt: now + graceMs, opPid: process.pid })
    pausePoint('platform-rotate:started')

    // 2. The successor on the platform.
    let created: Awaited<ReturnType<Connector['createToken']>>
    try {
      // The token's fields go along: a Qualytics service token's successor is made for the same
      // service account (service_user_id), not for the admin who rotates it.
      created = await connector.createToken({ name: newName, scopes: row.scopes, ...expiry, fields: row.fields })
    } catch (e) {
      if (!mayHaveCreated(e)) {
        this.rotations.remove(id)
        throw wrap(e, what, `"${row.name}" was not changed`)
      }
      // No answer (a dropped reply, a timeout, a 5xx, a body that did not parse): the platform
      // may have made the successor. It is looked for by its unique name and revoked now; if that
      // fails too, the intent stays and every later TokenDesk run (start, sync) tries again.
      const undone = await this.undoByName(connector, link.conn.id, row.name, newName, now)
      if (undone) this.rotations.remove(id)
      else this.rotations.abandoned(id, 'no answer to the create; the successor, if made, is revoked on a later run')
      throw wrap(e, what, `"${row.name}" was not changed${undone ? '' : '; a successor the platform may have made is revoked on the next run or sync'}`)
    }
    this.rotations.created(id, created.token.remoteId)
    pausePoint('platform-rotate:created')

    // 3. The secret swap, by the vault (claimed, crash-safe); undone on the platform if it fails.
    try {
      await this.ctx.deps.vault.rotate(row.id, created.secret)
    } catch (e) {
      if (await this.undo(connector, link.conn.id, row.name, created.token.remoteId)) this.rotations.remove(id)
      throw e
    }
    pausePoint('platform-rotate:swapped')

    // 4. The token now is the new platform token.
    this.finish(this.rotations.find(id)!, created.token.remoteId, created.token.expiresAt, created.fields)
    const r = this.rotations.find(id)!
    const retireError = graceMs === 0 ? await this.retire(r, connector) : null
    return { token: this.ctx.deps.vault.view(this.ctx.repo.find(row.id)!), secret: created.secret, retireAt: r.retireAt, retireError }
  }

  private finish(r: RotationRow, newRemoteId: string, expiresAt: number | null, fields?: Record<string, string>): void {
    const now = this.ctx.now()
    const conn = this.ctx.conns.find(r.connectionId)
    this.ctx.repo.transaction(() => {
      const t = this.ctx.repo.find(r.tokenId)
      if (t) {
        this.ctx.repo.update(t.id, { remoteId: newRemoteId, expiresAt, ...(fields ? { fields: { ...t.fields, ...fields } } : {}) })
        const when = r.retireAt <= now ? 'now' : `at ${new Date(r.retireAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`
        this.ctx.repo.audit(t.id, t.name, 'updated', now, this.ctx.deps.actor, `rotated on connection "${conn?.name ?? r.connectionId}" as ${r.newName}; the old platform token is revoked ${when}`)
      }
      this.rotations.retiring(r.id)
    })
  }

  /** Revokes the old platform token; returns the error words when the platform refused (kept for later). */
  private async retire(r: RotationRow, connector: Connector): Promise<string | null> {
    try {
      await connector.revokeToken(r.oldRemoteId)
    } catch (e) {
      // Gone already (revoked and deleted on the platform by hand): nothing left to retire.
      if (!(e instanceof PlatformError && e.kind === 'not_found')) {
        const message = e instanceof TokenDeskError ? e.message : 'unexpected error'
        this.rotations.failed(r.id, message)
        return message
      }
    }
    this.ctx.repo.transaction(() => {
      this.rotations.remove(r.id)
      this.rotations.retiredRemote({ connectionId: r.connectionId, remoteId: r.oldRemoteId, tokenName: r.tokenName, why: 'replaced', at: this.ctx.now() })
    })
    const t = this.ctx.repo.find(r.tokenId)
    if (t) this.ctx.repo.audit(t.id, t.name, 'updated', this.ctx.now(), this.ctx.deps.actor, `the platform token it replaced (${r.oldRemoteId}) was revoked`)
    return null
  }

  /** Revokes (and deletes, where the platform can) a successor nobody will use; remembered as TokenDesk's own. */
  private async undo(connector: Connector, connectionId: string, tokenName: string, remoteId: string): Promise<boolean> {
    try {
      await connector.revokeToken(remoteId)
      this.rotations.retiredRemote({ connectionId, remoteId, tokenName, why: 'interrupted', at: this.ctx.now() })
      if (connector.capabilities.deleteToken) await connector.deleteToken(remoteId)
      return true
    } catch (e) {
      return e instanceof PlatformError && e.kind === 'not_found'
    }
  }

  /**
   * Run at start and with every sync (any TokenDesk process): finishes or undoes rotations a dead
   * process left, and revokes old platform tokens whose grace period is over. Platform failures
   * are kept on the row and retried next time; they never throw.
   */
  async settle(): Promise<{ finished: number; undone: number; retired: number; pending: string[] }> {
    const report = { finished: 0, undone: 0, retired: 0, pending: [] as string[] }
    const now = this.ctx.now()
    for (const r of this.rotations.all()) {
      if (r.state === 'creating' && (r.opPid === process.pid || otherProcessAlive(r.opPid))) continue
      if (r.state === 'retiring' && r.retireAt > now) continue
      const conn = this.ctx.conns.find(r.connectionId)
      if (!conn) continue
      let connector: Connector
      try {
        connector = await this.ctx.connectorFor(conn)
      } catch (e) {
        this.rotations.failed(r.id, e instanceof TokenDeskError ? e.message : 'unexpected error')
        report.pending.push(r.tokenName)
        continue
      }
      if (r.state === 'creating') {
        const t = this.ctx.repo.find(r.tokenId)
        if (t && t.secretRef !== r.oldSecretRef && r.newRemoteId) {
          // The swap happened (the vault's reconcile settled it): the rotation stands.
          this.finish(r, r.newRemoteId, t.expiresAt)
          report.finished++
          const again = this.rotations.find(r.id)!
          if (again.retireAt <= now) {
            if ((await this.retire(again, connector)) === null) report.retired++
            else report.pending.push(r.tokenName)
          }
          continue
        }
        // Killed before the swap: the new platform token is nobody's; take it back.
        const undone = r.newRemoteId !== null ? await this.undo(connector, r.connectionId, r.tokenName, r.newRemoteId) : await this.undoByName(connector, r.connectionId, r.tokenName, r.newName, r.startedAt)
        if (undone) {
          this.rotations.remove(r.id)
          report.undone++
        } else {
          this.rotations.failed(r.id, 'the unfinished new platform token could not be revoked yet')
          report.pending.push(r.tokenName)
        }
        continue
      }
      if ((await this.retire(r, connector)) === null) report.retired++
      else report.pending.push(r.tokenName)
    }
    return report
  }

  /** The new token of a rotation killed before the platform's answer was recorded: found by its unique name. */
  private async undoByName(connector: Connector, connectionId: string, tokenName: string, name: string, startedAt: number): Promise<boolean> {
    try {
      const made = (await connector.listTokens()).filter((t) => t.name === name && t.createdAt >= startedAt - 60_000)
      for (const t of made) if (!(await this.undo(connector, connectionId, tokenName, t.remoteId))) return false
      return true
    } catch {
      return false
    }
  }

  /** The rotations waiting for their grace period to end, for `tokendesk show` and the app. */
  waiting(tokenId: string): { retireAt: number; lastError: string | null }[] {
    return this.rotations.forToken(tokenId).filter((r) => r.state === 'retiring').map((r) => ({ retireAt: r.retireAt, lastError: r.lastError }))
  }
}
