import { invalid } from '../errors'
import { DAY_MS } from './status'

export const EXPIRY_PRESETS = ['30d', '60d', '90d', '1y'] as const
export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]
export const DEFAULT_EXPIRY: ExpiryPreset = '30d'
/** Platforms cap custom expiry dates; five years keeps a forgotten token from living forever. */
export const MAX_EXPIRY_MS = 5 * 365 * DAY_MS

const PRESET_DAYS: Record<ExpiryPreset, number> = { '30d': 30, '60d': 60, '90d': 90, '1y': 365 }

export interface ExpiryOptions {
  /** Whether the token's kind may never expire (token-kinds.ts). */
  allowNever: boolean
}

/** `Nd`: any number of days a platform offers (AceCloud and Qualytics take a day count), up to five years. */
const MAX_DAYS = 1825

/**
 * Turns what the user chose into an expiry time: a preset, `Nd` (1–1825 days), a date
 * `YYYY-MM-DD` (valid through the end of that day, UTC), a date and time `YYYY-MM-DDTHH:MM` in the
 * local time zone (as AceCloud's "Expires At" takes it), or `never`.
 */
export function resolveExpiry(input: string | undefined, now: number, opts: ExpiryOptions): number | null {
  // Taken exactly as the grammar says: no white space around it (" 30d", a tab) and no leading
  // zero in a day count ("030d"); each is refused by the forms below with the list of valid ones.
  const choice = input ?? DEFAULT_EXPIRY
  if (choice === 'never') {
    if (!opts.allowNever) throw invalid('a personal token must expire (only provider and service tokens may be kept without an expiry); choose 30d, 60d, 90d, 1y, a number of days or a date')
    return null
  }
  if ((EXPIRY_PRESETS as readonly string[]).includes(choice)) {
    return now + PRESET_DAYS[choice as ExpiryPreset] * DAY_MS
  }
  const days = /^(0|[1-9]\d{0,3})d$/.exec(choice)
  if (days) {
    const n = Number(days[1])
    if (n < 1 || n > MAX_DAYS) throw invalid(`invalid expiry "${choice}": a number of days is 1d to ${MAX_DAYS}d (five years)`)
    return now + n * DAY_MS
  }
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(choice)
  if (at) {
    const [y, mo, d, h, mi] = at.slice(1).map(Number) as [number, number, number, number, number]
    const local = new Date(y, mo - 1, d, h, mi)
    if (local.getFullYear() !== y || local.getMonth() !== mo - 1 || local.getDate() !== d || local.getHours() !== h || local.getMinutes() !== mi) {
      throw invalid(`invalid expiry "${choice}": no such day or time`)
    }
    const t = local.getTime()
    if (t <= now) throw invalid(`expiry ${choice} is in the past; choose a future time`)
    if (t - now > MAX_EXPIRY_MS) throw invalid(`expiry ${choice} is more than 5 years ahead`)
    return t
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice)
  if (!m) {
    throw invalid(
      `invalid expiry "${printable(choice)}": use 30d, 60d, 90d, 1y, a number of days (e.g. 45d), a date YYYY-MM-DD or a local time YYYY-MM-DDTHH:MM${opts.allowNever ? ', or never' : ''}`,
    )
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const endOfDay = Date.UTC(y, mo - 1, d, 23, 59, 59, 999)
  const check = new Date(endOfDay)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw invalid(`invalid expiry date "${choice}": no such day`)
  }
  if (endOfDay <= now) throw invalid(`expiry date ${choice} is in the past; choose a future date`)
  if (endOfDay - now > MAX_EXPIRY_MS) throw invalid(`expiry date ${choice} is more than 5 years ahead`)
  return endOfDay
}

/** Echo user input in an error without flooding the terminal or leaking control characters. */
export function printable(s: string, max = 40): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?')
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}
