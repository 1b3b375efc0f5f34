import { syncSummary } from '../../sync-summary'
import { attemptWith, failWith } from '../fail'
import type { ConnectionActions, SliceMaker } from '../types'

/** Platform connections: connect, disconnect, sync, each with the words its toast says. */
export const makeConnectionActions: SliceMaker<ConnectionActions> = (set, get, api) => {
  const fail = failWith(get)
  const attempt = attemptWith(get)
  return {
    async loadConnections() {
      try {
        set({ connections: await api().connections.list({}) })
      } catch (e) {
        fail('Could not load connections', e)
      }
    },

    async connect(req) {
      const c = await api().connections.connect(req)
      await get().loadConnections()
      if (c.importedOrgs.length > 0) void get().loadOrgs()
      return c
    },

    disconnect(id) {
      return attempt('Could not disconnect', async () => {
        const r = await api().connections.disconnect({ id })
        get().toast({
          tone: 'success',
          title: 'Disconnected',
          description:
            r.unlinkedTokens === 0
              ? 'The management token was removed from your keychain.'
              : `The management token was removed from your keychain. ${r.unlinkedTokens} ${r.unlinkedTokens === 1 ? 'token stays' : 'tokens stay'} in TokenDesk, no longer linked to the platform.`,
        })
        await get().loadConnections()
      })
    },

    async sync(id) {
      try {
        const report = await api().connections.sync(id === undefined ? {} : { id })
        const { ok, lines } = syncSummary(report)
        get().toast({ tone: ok ? 'success' : 'error', title: ok ? 'Sync finished' : 'Sync failed', description: lines.join('\n') })
        await get().loadConnections()
        get().refreshAll()
        return report
      } catch (e) {
        fail('Could not sync', e)
        return null
      }
    },
  }
}
