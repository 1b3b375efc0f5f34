import { OutsideChanges } from '../core/store/outside-changes'
import type { Db } from '../core/store/db'

/** How often the app looks: a change made in a terminal shows within about this long. */
export const OUTSIDE_CHANGES_INTERVAL_MS = 500

/**
 * Announces changes other processes made to the vault with the same event the app's own changes
 * emit, so the window refreshes once. Runs in the app's main process and in the browser tests'
 * loopback server alike. Returns the stop function.
 */
export function watchOutsideChanges(opts: {
  db: Db
  emit: (event: 'tokensChanged', payload: { ids: string[] }) => void
  intervalMs?: number
  onError?: (e: unknown) => void
}): () => void {
  const changes = new OutsideChanges(opts.db)
  const timer = setInterval(() => {
    try {
      if (changes.changed()) opts.emit('tokensChanged', { ids: [] })
    } catch (e) {
      // A closed or busy database is for the next look (or the app is quitting).
      opts.onError?.(e)
    }
  }, opts.intervalMs ?? OUTSIDE_CHANGES_INTERVAL_MS)
  timer.unref?.()
  return () => clearInterval(timer)
}
