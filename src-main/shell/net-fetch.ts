import type { FetchLike } from '../core/connectors/http'

/**
 * The app's fetch for the core's platform calls: Electron's `net.fetch` (Chromium's network
 * stack: the system proxy and certificate store), made to behave as the CLI's fetch does.
 *
 *  - Chromium owns some request headers and refuses a request that sets them
 *    (net::ERR_INVALID_ARGUMENT; Electron docs api/client-request.md "restricted headers",
 *    electron/electron#21148 and #21091). The AWS SDK sets Host and Content-Length on every
 *    request, so every AWS call failed in the app. They are dropped here: Chromium sets the same
 *    values itself, so an AWS SigV4 signature over `host` still holds.
 *  - `redirect: 'manual'` ends in "Redirect was cancelled", and net::ERR_CERT_* errors carry no
 *    code: both are given the codes the core's HTTP client reads (connectors/http.ts), so the user
 *    sees "an unexpected redirect; check the base URL" and "a certificate problem" as in the CLI.
 *
 * No Electron import: the shell passes `net.fetch`, the tests a fetch that refuses as Chromium does.
 */
export const CHROMIUM_OWNED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-connection',
])

/** The code the core's HTTP client reads for a redirect Chromium cancelled (connectors/http.ts). */
export const REDIRECT_CANCELLED = 'ERR_REDIRECT_CANCELLED'

export function chromiumFetch(netFetch: FetchLike): FetchLike {
  return async (url, init) => {
    const headers = new Headers(init?.headers)
    for (const name of [...headers.keys()]) if (CHROMIUM_OWNED_HEADERS.has(name.toLowerCase())) headers.delete(name)
    try {
      return await netFetch(url, { ...init, headers })
    } catch (e) {
      throw withNetCode(e)
    }
  }
}

/** A net.fetch failure with the code its message names (net::ERR_CERT_…), or the redirect it cancelled. */
export function withNetCode(e: unknown): unknown {
  if (!(e instanceof Error) || (e as { code?: unknown }).code !== undefined) return e
  if (/redirect was cancelled/i.test(e.message)) return Object.assign(new Error('the platform answered with a redirect', { cause: e }), { code: REDIRECT_CANCELLED })
  const code = /net::(ERR_[A-Z0-9_]+)/.exec(e.message)?.[1]
  return code ? Object.assign(new Error(e.message, { cause: e }), { code }) : e
}
