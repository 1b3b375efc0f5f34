import { refused } from '../core/errors'
import { unusableReason } from '../core/rules/usable'

/** Refuses (exit 4) to hand out a revoked or expired token's secret unless --force was given. */
export function checkUsable(t: { name: string; revokedAt: number | null; expiresAt: number | null }, force: boolean, now = Date.now()): void {
  const reason = unusableReason(t, now)
  if (reason === null || force) return
  throw refused(`"${t.name}" is ${reason}, so its platform will most likely refuse it; nothing was handed out. Pass --force to use it anyway`)
}
