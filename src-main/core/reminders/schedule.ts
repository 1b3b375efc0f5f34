import { HOUR_MS } from './plan'

/**
 * Decisions the Electron shell makes about reminders, kept here so they are unit-tested; the
 * shell only wires them to timers, the tray and the login item.
 */

/**
 * The longest the shell sleeps between re-plans. A timer counts elapsed time, so if the wall
 * clock jumps (manual change, NTP correction, time zone travel) a long timer would fire at the
 * wrong instant; waking at least hourly notices within an hour without a polling loop. Suspend
 * is covered separately by re-planning on powerMonitor 'resume' / 'unlock-screen'.
 */
export const MAX_TIMER_DELAY_MS = HOUR_MS

/** Delay for the one reminder timer: until `nextAt`, at most an hour; null when nothing is pending. */
export function nextTimerDelay(nextAt: number | null, now: number): number | null {
  if (nextAt === null) return null
  return Math.min(MAX_TIMER_DELAY_MS, Math.max(0, nextAt - now))
}

export interface AttentionCount {
  expiring: number
  expired: number
}

/** Tray tooltip and (macOS menu bar) title: the number of tokens that need attention. */
export function trayLabel(c: AttentionCount): { tooltip: string; title: string } {
  const total = c.expiring + c.expired
  if (total === 0) return { tooltip: 'TokenDesk: no tokens expiring', title: '' }
  const parts: string[] = []
  if (c.expired > 0) parts.push(`${c.expired} expired`)
  if (c.expiring > 0) parts.push(`${c.expiring} expiring`)
  return { tooltip: `TokenDesk: ${parts.join(', ')}`, title: String(total) }
}

/**
 * Milliseconds until the next scheduled platform sync, or null when scheduled sync is off
 * (syncIntervalMinutes 0) or nothing is connected. A sync that just failed is not retried
 * sooner: the interval is the user's bound on how often TokenDesk talks to a platform.
 */
export function nextSyncDelay(syncIntervalMinutes: number, connectionCount: number): number | null {
  if (syncIntervalMinutes <= 0 || connectionCount === 0) return null
  return syncIntervalMinutes * 60 * 1000
}
