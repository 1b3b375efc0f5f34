import type { Envelope } from '../../src-preload/contract/define'
import type { Dispatch } from './dispatch'

/**
 * A dispatch that exists before the core does. The shell registers IPC handlers first and opens
 * the core (and reconciles it) after, so a window that `second-instance` or `activate` opens
 * during start-up never meets "No handler registered": its calls wait here until the core is
 * ready, or get an error envelope that says why it could not start.
 */
export interface DeferredDispatch {
  dispatch: Dispatch
  /** The core is ready: pending and later calls go to `real`. */
  resolve(real: Dispatch): void
  /** The core could not start: pending and later calls get this message. */
  fail(message: string): void
}

export function deferredDispatch(): DeferredDispatch {
  let settle!: (d: Dispatch) => void
  const ready = new Promise<Dispatch>((r) => (settle = r))
  let settled = false
  const once = (d: Dispatch) => {
    if (settled) return
    settled = true
    settle(d)
  }
  return {
    dispatch: async (channel, payload) => (await ready)(channel, payload),
    resolve: once,
    fail: (message) => once(async (): Promise<Envelope<never>> => ({ ok: false, error: { code: 'internal', message } })),
  }
}
