import type { Core } from '../core/core'
import { nextSyncDelay } from '../core/reminders/schedule'

export interface SyncScheduler {
  /** Re-arms the timer, e.g. after the interval setting or the connections changed. */
  rearm(): void
  stop(): void
}

export interface SyncTimers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: SyncTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

/**
 * Syncs every connection on the user's interval (Settings → sync interval; 0 = off) with one
 * timer, and announces the tokens it changed. Failures are recorded per connection by the core
 * and shown in the Connections view; nothing here decides anything. Never two syncs at once (a
 * re-arm while one runs waits for it), and nothing runs or re-arms after stop().
 */
export function startSyncScheduler(
  core: Pick<Core, 'vault' | 'connections'>,
  onChanged: (ids: string[]) => void,
  timers: SyncTimers = realTimers,
): SyncScheduler {
  let timer: unknown = null
  let running = false
  let stopped = false

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer)
    timer = null
  }
  const run = () => {
    timer = null
    if (stopped || running) return
    running = true
    void core.connections
      .sync()
      .then((report) => {
        const ids = report.results.flatMap((r) => r.updated.map((u) => u.id))
        if (ids.length > 0 && !stopped) onChanged(ids)
      })
      .catch((e: unknown) => console.error('TokenDesk: scheduled sync failed:', e instanceof Error ? e.message : e))
      .finally(() => {
        running = false
        rearm()
      })
  }
  function rearm(): void {
    clear()
    // While a sync runs, its end re-arms with the settings of that moment.
    if (stopped || running) return
    const delay = nextSyncDelay(core.vault.settings().syncIntervalMinutes, core.connections.list().length)
    if (delay !== null) timer = timers.setTimeout(run, delay)
  }
  rearm()
  return {
    rearm,
    stop: () => {
      stopped = true
      clear()
    },
  }
}
