import type { Core } from '../core/core'
import { nextSyncDelay } from '../core/reminders/schedule'

export interface SyncScheduler {
  /** Re-arms the timer, e.g. after the interval setting or the connections changed. */
  rearm(): void
  stop(): void
}

/**
 * Syncs every connection on the user's interval (Settings → sync interval; 0 = off) with one
 * timer, and announces the tokens it changed. Failures are recorded per connection by the core
 * and shown in the Connections view; nothing here decides anything.
 */
export function startSyncScheduler(core: Pick<Core, 'vault' | 'connections'>, onChanged: (ids: string[]) => void): SyncScheduler {
  let timer: NodeJS.Timeout | undefined
  const rearm = () => {
    clearTimeout(timer)
    const delay = nextSyncDelay(core.vault.settings().syncIntervalMinutes, core.connections.list().length)
    if (delay === null) return
    timer = setTimeout(() => {
      void core.connections
        .sync()
        .then((report) => {
          const ids = report.results.flatMap((r) => r.updated.map((u) => u.id))
          if (ids.length > 0) onChanged(ids)
        })
        .catch((e: unknown) => console.error('TokenDesk: scheduled sync failed:', e instanceof Error ? e.message : e))
        .finally(rearm)
    }, delay)
    timer.unref?.()
  }
  rearm()
  return { rearm, stop: () => clearTimeout(timer) }
}
