import type { FetchLike } from '../core/connectors/http'

/**
 * The CLI's network: Node's own fetch ignores HTTPS_PROXY / HTTP_PROXY / NO_PROXY, so behind a
 * corporate proxy every platform call would fail. undici's EnvHttpProxyAgent (the fetch Node is
 * built on, maintained by the Node.js project) applies them, including NO_PROXY's host, domain
 * suffix and port rules; we only choose which variables it reads. Extra certificate authorities
 * come from NODE_EXTRA_CA_CERTS, which Node itself adds to every TLS connection of this process.
 * undici is loaded on the first platform call only, so `tokendesk get` does not pay for it.
 */
export interface ProxySettings {
  httpProxy?: string
  httpsProxy?: string
  noProxy?: string
}

const pick = (env: Readonly<Record<string, string | undefined>>, name: string): string | undefined => {
  // curl's convention: the lower-case name wins; an empty value counts as unset.
  for (const v of [env[name.toLowerCase()], env[name.toUpperCase()]]) if (v && v.trim() !== '') return v.trim()
  return undefined
}

/** Which proxy settings apply, from the CLI's environment. HTTPS_PROXY falls back to HTTP_PROXY. */
export function proxySettings(env: Readonly<Record<string, string | undefined>>): ProxySettings | null {
  const httpProxy = pick(env, 'http_proxy')
  const httpsProxy = pick(env, 'https_proxy') ?? httpProxy
  const noProxy = pick(env, 'no_proxy')
  if (!httpProxy && !httpsProxy) return null
  return { ...(httpProxy ? { httpProxy } : {}), ...(httpsProxy ? { httpsProxy } : {}), ...(noProxy ? { noProxy } : {}) }
}

/** The fetch the CLI gives the core: through the environment's proxy when one is set, else Node's own. */
export function cliFetch(env: Readonly<Record<string, string | undefined>>): FetchLike | undefined {
  const settings = proxySettings(env)
  if (!settings) return undefined
  let send: FetchLike | null = null
  return (url, init) => {
    if (!send) {
      const undici = require('undici') as typeof import('undici')
      const dispatcher = new undici.EnvHttpProxyAgent(settings)
      send = (u, i) => undici.fetch(u, { ...(i as import('undici').RequestInit), dispatcher }) as unknown as Promise<Response>
    }
    return send(url, init)
  }
}
