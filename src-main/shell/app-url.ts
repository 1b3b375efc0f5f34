import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Which URLs are "the app's own page": the built renderer's index.html over file://, or, in
 * `electron-vite dev` only, the Vite dev server's origin. Used to trust IPC senders and to allow
 * navigation. Pure (no electron import) so it is unit-tested.
 */
export interface AppUrlPolicy {
  /** Absolute path of out/renderer/index.html. */
  rendererIndex: string
  /** ELECTRON_RENDERER_URL, honoured only when the app is not packaged. */
  devServerUrl?: string | undefined
}

export function isAppUrl(url: string, policy: AppUrlPolicy): boolean {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return false
  }
  if (u.protocol === 'file:') {
    if (u.host !== '') return false
    try {
      return path.resolve(fileURLToPath(u)) === path.resolve(policy.rendererIndex)
    } catch {
      return false
    }
  }
  if (policy.devServerUrl) {
    const dev = new URL(policy.devServerUrl)
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.origin === dev.origin
  }
  return false
}
