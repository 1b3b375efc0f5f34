import type { Status, Token } from '../model'

export const DAY_MS = 24 * 60 * 60 * 1000
export const DEFAULT_EXPIRING_WINDOW_MS = 7 * DAY_MS

/**
 * Status is derived from timestamps on every read, never stored, so it cannot go stale.
 * Revoked wins over expired: a revoked token stays restorable even after its date passed.
 */
export function tokenStatus(
  token: Pick<Token, 'revokedAt' | 'expiresAt'>,
  now: number,
  expiringWindowMs: number = DEFAULT_EXPIRING_WINDOW_MS,
): Status {
  if (token.revokedAt !== null) return 'revoked'
  if (token.expiresAt === null) return 'active'
  if (token.expiresAt <= now) return 'expired'
  if (token.expiresAt - now <= expiringWindowMs) return 'expiring'
  return 'active'
}
