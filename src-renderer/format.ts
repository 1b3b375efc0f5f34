/** Pure display helpers: dates, relative times, error messages. No secrets pass through here. */

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

const dateFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' })
const utcDateFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' })
const dateTimeFmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' })

type Unit = 'minute' | 'hour' | 'day' | 'month' | 'year'
/** English words for −1, 0 and +1 of a unit, as Intl.RelativeTimeFormat('en', { numeric: 'auto' }) says them. */
const NEAR: Record<Unit, readonly [string, string, string]> = {
  minute: ['1 minute ago', 'this minute', 'in 1 minute'],
  hour: ['1 hour ago', 'this hour', 'in 1 hour'],
  day: ['yesterday', 'today', 'tomorrow'],
  month: ['last month', 'this month', 'next month'],
  year: ['last year', 'this year', 'next year'],
}

/**
 * The same words as Intl.RelativeTimeFormat('en', { numeric: 'auto' }) (format.spec.ts compares
 * them), without it: building that formatter loads ICU's relative-time data, 25–50 ms in a new
 * Chromium renderer, all of it before the first row can be painted.
 */
export function relativeUnit(n: number, unit: Unit): string {
  if (n >= -1 && n <= 1) return NEAR[unit][Math.round(n) + 1]!
  const count = Math.abs(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return n > 0 ? `in ${count} ${unit}s` : `${count} ${unit}s ago`
}

const startOfDay = (ts: number) => {
  const d = new Date(ts)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/** "in 5 days", "3 hours ago", "tomorrow". */
export function relative(ts: number, now: number = Date.now()): string {
  const diff = ts - now
  const abs = Math.abs(diff)
  if (abs < MIN) return diff >= 0 ? 'in under a minute' : 'just now'
  if (abs < HOUR) return relativeUnit(Math.round(diff / MIN), 'minute')
  if (abs < DAY) return relativeUnit(Math.round(diff / HOUR), 'hour')
  // Days count calendar days, so a date three days ahead reads "in 3 days" at any hour.
  if (abs < 60 * DAY) return relativeUnit(Math.round((startOfDay(ts) - startOfDay(now)) / DAY), 'day')
  if (abs < 365 * DAY) return relativeUnit(Math.round(diff / (30 * DAY)), 'month')
  return relativeUnit(Math.round(diff / (365 * DAY)), 'year')
}

export const exactDate = (ts: number) => dateFmt.format(ts)
/** Expiry dates are "valid through the end of that day, UTC", so they are shown in UTC. */
export const expiryDate = (ts: number) => utcDateFmt.format(ts)
export const exactDateTime = (ts: number) => dateTimeFmt.format(ts)

/** Local YYYY-MM-DD for date inputs. */
export function isoDay(ts: number): string {
  const d = new Date(ts)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/**
 * The message to show for a failed call: the core's BridgeError message as it is, never a stack.
 * Duck-typed so an error built by another copy of the contract module is still recognised.
 */
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const { code, message } = e as { code: unknown; message: unknown }
    if (typeof code === 'string' && typeof message === 'string' && message) return message
  }
  return 'Something went wrong; the action was not completed.'
}

export function errorCode(e: unknown): string | null {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    return (e as { code: string }).code
  }
  return null
}

export const DAY_MS = DAY

/**
 * A catalog name inside a sentence ("New API key", "New personal access token"): the first word
 * lower-cased unless it is an acronym the platform writes in capitals.
 */
export function inSentence(label: string): string {
  const first = label.split(' ')[0] ?? ''
  return first.length > 1 && first === first.toUpperCase() ? label : label.charAt(0).toLowerCase() + label.slice(1)
}
