/**
 * The renderer's Content-Security-Policy, in one place: the Electron shell sends it as a response
 * header (session.webRequest), the loopback test server sends the same header, and
 * src-renderer/index.html carries the same policy in a <meta> (which cannot express
 * frame-ancestors). No remote origin, no inline script, no eval.
 *
 * This module must not import electron: the loopback test server and tests import it.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, string>> = Object.freeze({
  'default-src': "'self'",
  'script-src': "'self'",
  'style-src': "'self'",
  'img-src': "'self' data:",
  'font-src': "'self'",
  'connect-src': "'self'",
  'object-src': "'none'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-src': "'none'",
  'worker-src': "'none'",
  'frame-ancestors': "'none'",
})

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([k, v]) => `${k} ${v}`)
  .join('; ')

/**
 * `electron-vite dev` serves the renderer from Vite's dev server, whose React-refresh preamble is
 * an inline script and whose HMR uses a websocket. Used only when the app is not packaged and
 * ELECTRON_RENDERER_URL is set; still no eval and no remote origin.
 */
export function devContentSecurityPolicy(devServerUrl: string): string {
  const u = new URL(devServerUrl)
  const ws = `ws://${u.host}`
  return Object.entries({ ...CSP_DIRECTIVES, 'script-src': "'self' 'unsafe-inline'", 'style-src': "'self' 'unsafe-inline'", 'connect-src': `'self' ${ws}` })
    .map(([k, v]) => `${k} ${v}`)
    .join('; ')
}
