import { checkBaseUrl } from './registry'
import { HttpClient, type FetchLike } from './http'
import type { CheckResult } from './types'
import type { StandaloneCheck } from './check-only'

export { STANDALONE_CHECKS, standaloneCheckFor, type StandaloneCheck } from './check-only'


/** Asks the platform whether `secret` works; 401/403 is "rejected", anything else failing throws. */
export async function runStandaloneCheck(check: StandaloneCheck, secret: string, opts: { env?: Readonly<Record<string, string | undefined>>; fetch?: FetchLike; timeoutMs?: number } = {}): Promise<CheckResult> {
  // The platform SDK's own base variable too (KQH_BASE_URL for Kipu), so a check asks where the SDK would.
  const base = checkBaseUrl(opts.env?.[check.env] || (check.sdkEnv ? opts.env?.[check.sdkEnv] : undefined) || check.base).toString().replace(/\/+$/, '')
  const http = new HttpClient({ baseUrl: base, connection: check.label, ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}), maxRetryAfterMs: 0 })
  const result = await http.checkCredential(
    { method: 'GET', path: check.path, headers: check.headers(secret), credential: 'the token being checked', secrets: [secret] },
    (status) => (status === 401 || status === 403 ? `${check.label} refused the token (HTTP ${status}): it is revoked, expired or unknown` : null),
    check.identity,
  )
  if (!result.ok) return result
  return { ...result, message: `${check.label} accepted the token${result.identity ? ` as ${result.identity}` : ''}` }
}
