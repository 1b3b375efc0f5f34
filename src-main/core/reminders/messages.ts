import { DAY_MS } from '../rules/status'
import { HOUR_MS, type Reminder } from './plan'

const MINUTE_MS = 60 * 1000

export type { NotificationText } from './plan'
import type { NotificationText } from './plan'

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`

/**
 * "expires in 7 days" / "expires tomorrow" / "expires in 5 hours" / "has expired". Worded from the
 * time actually left at `now`, not from the lead, because a reminder may be shown late (snoozed,
 * app was closed) and must not claim more time than there is. Below 24 h it counts hours, so it
 * never says "tomorrow" about tonight; from 24 h on it counts calendar days in `timeZone` (the
 * renderer's "in 3 days" does the same), so a token valid through the 3rd reads "in 3 days" on the
 * 30th at 00:05 and at 23:55 alike, and the notification never disagrees with the list.
 */
export function expiryPhrase(expiresAt: number, now: number, timeZone?: string): string {
  const left = expiresAt - now
  if (left <= 0) return 'has expired'
  if (left < HOUR_MS) return `expires in ${plural(Math.max(1, Math.ceil(left / MINUTE_MS)), 'minute')}`
  if (left < DAY_MS) return `expires in ${plural(Math.min(23, Math.max(1, Math.round(left / HOUR_MS))), 'hour')}`
  const days = calendarDay(expiresAt, timeZone) - calendarDay(now, timeZone)
  return days <= 1 ? 'expires tomorrow' : `expires in ${plural(days, 'day')}`
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>()

/** Days since the epoch of the calendar date `ts` falls on in `timeZone` (the process's own by default). */
function calendarDay(ts: number, timeZone?: string): number {
  const key = timeZone ?? `default:${process.env.TZ ?? ''}`
  let f = dayFormatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone ? { timeZone } : {}) })
    dayFormatters.set(key, f)
  }
  const parts = f.formatToParts(ts)
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  return Math.round(Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS)
}

// Building an Intl.DateTimeFormat costs ~0.1 ms; thousands of due reminders made that the whole
// cost of reminders.due, so one formatter is kept per time zone (the default one per TZ setting,
// so a process that changes TZ still gets its new zone).
const formatters = new Map<string, Intl.DateTimeFormat>()

/** Formats the expiry instant for the body; the time zone is injectable so tests are stable. */
export function formatExpiry(expiresAt: number, timeZone?: string): string {
  const key = timeZone ?? `default:${process.env.TZ ?? ''}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })
    formatters.set(key, f)
  }
  return f.format(new Date(expiresAt))
}

/** Title and body for one reminder. Names only: a reminder never carries a secret to print. */
export function reminderMessage(r: Pick<Reminder, 'tokenName' | 'expiresAt'>, now: number, timeZone?: string): NotificationText {
  const expired = r.expiresAt <= now
  const when = formatExpiry(r.expiresAt, timeZone)
  return {
    title: `Token ${r.tokenName} ${expiryPhrase(r.expiresAt, now, timeZone)}`,
    body: expired
      ? `It stopped working on ${when}. Rotate it or remove it from TokenDesk.`
      : `It stops working on ${when}. Rotate it before then to avoid failed jobs.`,
  }
}
