import fs from 'node:fs'
import { protocol, session } from 'electron'
import { APP_SCHEME, resolveAppRequest } from './app-protocol'

/**
 * Grants app:// its privileges. Electron accepts this only before the app is ready, so index.ts
 * calls it at module top level. `standard` gives the page a real origin and relative URLs;
 * `codeCache` (which needs `standard`) lets V8 reuse the compiled bundle on the next launch;
 * `secure` keeps secure-context APIs; `supportFetchAPI` allows fetch() of the app's own files.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }])
}

/**
 * Serves out/renderer over app:// on the default session (after 'ready'); read-only, so GET and
 * HEAD only. The CSP goes on each response here so it does not depend on session.webRequest
 * covering custom schemes.
 */
export function handleAppScheme(opts: { rendererDir: string; contentSecurityPolicy: string }): void {
  const base = { 'Content-Security-Policy': opts.contentSecurityPolicy, 'X-Content-Type-Options': 'nosniff' }
  const notFound = () => new Response('not found', { status: 404, headers: { ...base, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' } })

  session.defaultSession.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...base, Allow: 'GET, HEAD' } })
    }
    const hit = resolveAppRequest(opts.rendererDir, request.url)
    if (!hit) return notFound()
    let body: Buffer | null = null
    try {
      if (request.method === 'GET') body = await fs.promises.readFile(hit.file)
    } catch {
      return notFound() // removed or unreadable since it was resolved
    }
    return new Response(body, { status: 200, headers: { ...base, 'Content-Type': hit.contentType, 'Cache-Control': hit.cacheControl } })
  })
}
