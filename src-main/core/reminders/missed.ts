import { expiryPhrase, type NotificationText } from './messages'
import type { Reminder } from './plan'

export interface MissedSummary extends NotificationText {
  expired: Reminder[]
  expiringSoon: Reminder[]
}

/** Notification bodies are short on every OS; past this many names we say "and N more". */
export const MAX_NAMES_IN_BODY = 5

function listNames(rs: readonly Reminder[]): string {
  const names = rs.slice(0, MAX_NAMES_IN_BODY).map((r) => r.tokenName)
  const more = rs.length - names.length
  return more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ')
}

/**
 * Folds everything that became due while the app was closed into one start-up notification, so a
 * week away does not greet the user with a stack of toasts. Returns null when nothing was missed.
 * Whether a token counts as expired is judged at `now`, not when its reminder became due.
 */
export function groupMissed(due: readonly Reminder[], now: number): MissedSummary | null {
  if (due.length === 0) return null
  const byExpiry = [...due].sort((a, b) => a.expiresAt - b.expiresAt)
  const expired = byExpiry.filter((r) => r.expiresAt <= now)
  const expiringSoon = byExpiry.filter((r) => r.expiresAt > now)

  if (due.length === 1) {
    const r = byExpiry[0]!
    return { expired, expiringSoon, title: `Token ${r.tokenName} ${expiryPhrase(r.expiresAt, now)}`, body: 'Open TokenDesk to rotate or remove it.' }
  }

  const parts: string[] = []
  if (expired.length > 0) parts.push(`Expired: ${listNames(expired)}.`)
  if (expiringSoon.length > 0) {
    const first = expiringSoon[0]!
    parts.push(`Expiring soon: ${listNames(expiringSoon)} (the first ${expiryPhrase(first.expiresAt, now)}).`)
  }
  const title =
    expired.length > 0 && expiringSoon.length > 0
      ? `${due.length} tokens need attention`
      : expired.length > 0
        ? `${expired.length} tokens have expired`
        : `${expiringSoon.length} tokens expire soon`
  return { expired, expiringSoon, title, body: parts.join(' ') }
}
