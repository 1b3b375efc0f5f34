/**
 * Whether handing out a token's secret makes sense: a revoked or expired token's platform will
 * refuse it, so `get`, `env`, `exec` and config writes ask the user to insist first (the CLI's
 * --force). Pure, with the clock passed in; the status words match rules/status.ts.
 */
export function unusableReason(t: { revokedAt: number | null; expiresAt: number | null }, now: number): 'revoked' | 'expired' | null {
  if (t.revokedAt !== null) return 'revoked'
  if (t.expiresAt !== null && t.expiresAt <= now) return 'expired'
  return null
}
