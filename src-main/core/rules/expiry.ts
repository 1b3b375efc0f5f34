import { invalid } from '../errors'
import { DAY_MS } from './status'

export const EXPIRY_PRESETS = ['30d', '60d', '90d', '1y'] as const
export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]
export const DEFAULT_EXPIRY: ExpiryPreset = '30d'
/** Platforms cap custom expiry dates; five years keeps a forgotten token from living forever. */
export const MAX_EXPIRY_MS = 5 * 365 * DAY_MS

const PRESET_DAYS: Record<ExpiryPreset, number> = { '30d': 30, '60d': 60, '90d': 90, '1y': 365 }

export interface ExpiryOptions {
  /** Only provider tokens may never expire. */
  allowNever: boolean
}

/**
 * Turns what the user chose (a preset, a custom date `YYYY-MM-DD`, or `never`) into an expiry
 * time. A custom date means the end of that day in UTC, so a token is valid through the date shown.
 */
export function resolveExpiry(input: string | undefined, now: number, opts: ExpiryOptions): number | null {
  const choice = (input ?? DEFAULT_EXPIRY).trim()
  if (choice === 'never') {
    if (!opts.allowNever) throw invalid('only provider tokens may be stored without an expiry; choose 30d, 60d, 90d, 1y or a date')
    return null
  }
  if ((EXPIRY_PRESETS as readonly string[]).includes(choice)) {
    return now + PRESET_DAYS[choice as ExpiryPreset] * DAY_MS
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice)
  if (!m) {
    throw invalid(`invalid expiry "${printable(choice)}": use 30d, 60d, 90d, 1y, a date YYYY-MM-DD${opts.allowNever ? ' or never' : ''}`)
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
