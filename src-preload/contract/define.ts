import type { z } from 'zod'

/**
 * A call from the renderer to main: the zod schema validates the request in main, and the
 * phantom `response` type is what main must return. Channel names are derived from the position
 * in the contract ("tokens.list"), so no channel string is written by hand anywhere.
 */
export interface CallDef<Req extends z.ZodType, Res> {
  readonly request: Req
  /** Type-only marker; never read at run time. */
  readonly response?: Res
}

export function call<Res>() {
  return <Req extends z.ZodType>(request: Req): CallDef<Req, Res> => ({ request })
}

/** An event pushed from main to the renderer. */
export interface EventDef<Payload> {
  readonly payload?: Payload
}
export function event<Payload>(): EventDef<Payload> {
  return {}
}

/** What crosses the wire for every call: a value, or an error the UI can show as it is. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: BridgeErrorShape }
export interface BridgeErrorShape {
  code: string
  message: string
}

/** Thrown in the renderer when a call fails; carries only a code and a user-facing message. */
export class BridgeError extends Error {
  override readonly name = 'BridgeError'
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}
