import type { Connector } from '../connectors/types'
import { TokenDeskError } from '../errors'
import type { ConnectionRow } from '../store/connection-repo'
import type { ConnectionContext } from './context'
import { planTokenSync } from './sync-plan'
import type { OwnRemoteState, SyncReport, SyncResult } from './views'

/** Sync: each connection's platform list against its tokens; the rules are sync-plan.ts's. */
export class ConnectionSync {
  constructor(private readonly ctx: ConnectionContext) {}

  /** Brings local tokens up to date with their platforms: one connection, or all of them. */
  async sync(connectionRef?: string): Promise<SyncReport> {
    const conns = connectionRef === undefined ? this.ctx.conns.list() : [this.ctx.resolveConnection(connectionRef)]
    const results: SyncResult[] = []
    for (const c of conns) results.push(await this.syncOne(c))
    return { at: this.ctx.now(), results }
  }

  private async syncOne(c: ConnectionRow): Promise<SyncResult> {
    const result: SyncResult = { connectionId: c.id, connection: c.name, ok: true, error: null, skipped: null, updated: [], unknownOnPlatform: [], ownOnPlatform: [] }
    const fail = (e: unknown): SyncResult => {
      const message = e instanceof TokenDeskError ? e.message : 'unexpected error while syncing'
      this.ctx.conns.recordSync(c.id, null, message)
      return { ...result, ok: false, error: message }
    }
    // Tokens as they were before asking: one generated while the list is in flight is not "missing".
    const before = this.ctx.repo.byConnection(c.id)
    let remote: Awaited<ReturnType<Connector['listTokens']>>
    try {
      const connector = await this.ctx.connectorFor(c)
      if (!connector.capabilities.listTokens) {
        return { ...result, skipped: `${c.kind} documents no token list, so there is nothing to sync; use check instead` }
      }
      remote = await connector.listTokens()
    } catch (e) {
      return fail(e)
    }
    const now = this.ctx.now()
    const byRemote = new Map(remote.map((r) => [r.remoteId, r]))
    this.ctx.repo.transaction(() => {
      for (const b of before) {
        const t = this.ctx.repo.find(b.id)
        if (!t || t.state !== 'ready' || t.connectionId !== c.id || !t.remoteId) continue
        const { patch, changes } = planTokenSync(t, byRemote.get(t.remoteId), now)
        if (Object.keys(patch).length > 0) this.ctx.repo.update(t.id, patch)
        if (changes.length > 0) {
          this.ctx.repo.audit(t.id, t.name, 'synced', now, this.ctx.deps.actor, `${changes.join('; ')} (connection "${c.name}")`)
          result.updated.push({ id: t.id, name: t.name, changes })
        }
      }
      this.ctx.conns.recordSync(c.id, now, null)
    })
    const known = new Set(this.ctx.repo.byConnection(c.id).map((t) => t.remoteId))
    const own = this.ownRemote(c.id)
    const summary = (r: (typeof remote)[number]) => ({ remoteId: r.remoteId, name: r.name, active: r.active, createdAt: r.createdAt, expiresAt: r.expiresAt })
    for (const r of remote) {
      if (known.has(r.remoteId)) continue
      const mine = own.byId.get(r.remoteId) ?? own.byName.get(r.name)
      if (mine) result.ownOnPlatform.push({ ...summary(r), ...mine })
      else result.unknownOnPlatform.push(summary(r))
    }
    return result
  }

  /** The platform tokens of this connection that TokenDesk itself rotated out, is retiring, or is undoing. */
  private ownRemote(connectionId: string) {
    const byId = new Map<string, { tokenName: string; state: OwnRemoteState }>()
    const byName = new Map<string, { tokenName: string; state: OwnRemoteState }>()
    for (const r of this.ctx.deps.rotations.retiredOn(connectionId)) byId.set(r.remoteId, { tokenName: r.tokenName, state: r.why === 'replaced' ? 'retired' : 'interrupted' })
    for (const r of this.ctx.deps.rotations.all().filter((x) => x.connectionId === connectionId)) {
      if (r.state === 'retiring') byId.set(r.oldRemoteId, { tokenName: r.tokenName, state: 'in-grace' })
      else if (r.newRemoteId !== null) byId.set(r.newRemoteId, { tokenName: r.tokenName, state: 'interrupted' })
      else byName.set(r.newName, { tokenName: r.tokenName, state: 'interrupted' })
    }
    return { byId, byName }
  }
}
