import { APP_HOST, APP_SCHEME } from './app-protocol'

/**
 * Which URLs are "the app's own page": app://tokendesk/index.html (see app-protocol.ts), or, in
 * `electron-vite dev` only, the Vite dev server's origin. Used to trust IPC senders and to allow
 * navigation. file:// is never trusted: the renderer is not loaded from it. Pure (no electron
 * import) so it is unit-tested.
 */
export interface AppUrlPolicy {
  /** ELECTRON_RENDERER_URL, honoured only when the app is not packaged. */
  devServerUrl?: string | undefined
}

export function isAppUrl(url: string, policy: AppUrlPolicy = {}): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol === `${APP_SCHEME}:`) {
    // Only the one page; other files of the bundle (scripts, images) are never a frame's page.
    return u.host === APP_HOST && u.username === '' && u.password === '' && u.pathname === '/index.html'
  }
  if (policy.devServerUrl) {
    const dev = new URL(policy.devServerUrl)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin
  }
  return false
}
