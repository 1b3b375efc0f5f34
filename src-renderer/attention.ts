import type { DueReminder, TokenView } from '../src-preload/contract/channels'

/**
 * One attention area instead of two boxes that listed the same tokens: the core's attention
 * query (expired, or expiring within the window, soonest first) and main's due reminders, merged
 * by token. A reminder whose token is already listed adds its Snooze to that row. A reminder whose
 * token is not (its lead time reaches beyond the expiring window, e.g. 14 days before) gets a row
 * of its own after them. A reminder for a token inside the window but past the query's first
 * rows is left out: that token is counted in the title and the list's filter shows it.
 * Pure; the clock is passed in.
 */
export interface AttentionRow {
  tokenId: string
  name: string
  token?: TokenView
  reminder?: DueReminder
}

export function mergeAttention(items: readonly TokenView[], reminders: readonly DueReminder[], now: number, windowDays: number): AttentionRow[] {
  const byToken = new Map(reminders.map((r) => [r.tokenId, r]))
  const rows: AttentionRow[] = items.map((t) => ({ tokenId: t.id, name: t.name, token: t, ...(byToken.has(t.id) ? { reminder: byToken.get(t.id)! } : {}) }))
  const listed = new Set(items.map((t) => t.id))
  const windowEnd = now + windowDays * 86_400_000
  for (const r of reminders) {
    if (!listed.has(r.tokenId) && r.expiresAt > windowEnd) rows.push({ tokenId: r.tokenId, name: r.tokenName, reminder: r })
  }
  return rows
}

/** How many tokens the area stands for: every expired or expiring one (not only the rows loaded), and the reminder-only rows. */
export function attentionTotal(rows: readonly AttentionRow[], expired: number, expiring: number): number {
  return expired + expiring + rows.filter((r) => !r.token).length
}
