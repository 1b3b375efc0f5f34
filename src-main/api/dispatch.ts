import { isTokenDeskError } from '../core/errors'
import { describeIssues } from '../core/input'
import { sqliteFailure } from '../core/store/sqlite-errors'
import { BridgeError, type Envelope } from '../../src-preload/contract/define'
import { CHANNELS, callDef, type ChannelName, type Handlers } from '../../src-preload/contract/types'

export type Dispatch = (channel: string, payload: unknown) => Promise<Envelope<unknown>>

export interface DispatchOptions {
  /** Where unexpected failures are reported; receives no payload, so no secret can reach it. */
  logError?: (channel: string, error: unknown) => void
}

const KNOWN = new Set<string>(CHANNELS)

/**
 * One entry point for every call from the renderer, used by Electron IPC and by the loopback
 * test transport alike: checks the channel, validates the payload with the contract's schema,
 * runs the handler, and turns every outcome into an envelope. It never throws and never
 * returns a stack trace; unexpected errors become a generic message.
 */
export function createDispatch(handlers: Handlers, opts: DispatchOptions = {}): Dispatch {
  return async (channel, payload) => {
    try {
      if (typeof channel !== 'string' || !KNOWN.has(channel)) {
        return fail('invalid_input', 'unknown request')
      }
      const def = callDef(channel as ChannelName)
      const parsed = def.request.safeParse(payload)
      if (!parsed.success) {
        return fail('invalid_input', describeIssues(parsed.error.issues, 'invalid request'))
      }
      const [ns, m] = channel.split('.') as [keyof Handlers, string]
      const handler = (handlers[ns] as Record<string, (req: unknown) => unknown>)[m]!
      const value = await handler(parsed.data)
      return { ok: true, value }
    } catch (e) {
      if (isTokenDeskError(e) || e instanceof BridgeError) return fail(e.code, e.message)
      const storage = sqliteFailure(e)
      if (storage) return fail(storage.code, storage.message)
      opts.logError?.(String(channel), e)
      return fail('internal', 'something went wrong inside TokenDesk; the details are in its log')
    }
  }
}

function fail(code: string, message: string): Envelope<never> {
  return { ok: false, error: { code, message } }
}
