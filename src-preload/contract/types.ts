import type { z } from 'zod'
import { contract, events, type Contract, type Events } from './channels'
import type { CallDef, Envelope, EventDef } from './define'
import { eventChannel, type ChannelTable } from './table'

type Namespaces = keyof Contract
type Methods<N extends Namespaces> = keyof Contract[N] & string

export type RequestOf<D> = D extends CallDef<infer Req, unknown> ? z.input<Req> : never
export type ParsedRequestOf<D> = D extends CallDef<infer Req, unknown> ? z.output<Req> : never
export type ResponseOf<D> = D extends CallDef<z.ZodType, infer Res> ? Res : never
export type PayloadOf<E> = E extends EventDef<infer P> ? P : never

/** What the renderer sees as `window.tokendesk`: one async function per contract entry. */
export type TokenDeskApi = {
  [N in Namespaces]: {
    [M in Methods<N>]: (request: RequestOf<Contract[N][M]>) => Promise<ResponseOf<Contract[N][M]>>
  }
} & {
  /** Subscribe to an event from main; returns the unsubscribe function. */
  on<E extends keyof Events>(name: E, listener: (payload: PayloadOf<Events[E]>) => void): () => void
}

/**
 * What the preload exposes as `window.tokendesk`: the same functions, each resolving to a plain
 * envelope (an Error would lose its `code` crossing contextBridge; make-bridge.ts). The renderer
 * reads it only through unwrapBridge (src-renderer/bridge.ts).
 */
export type ExposedApi = {
  [N in Namespaces]: {
    [M in Methods<N>]: (request: RequestOf<Contract[N][M]>) => Promise<Envelope<ResponseOf<Contract[N][M]>>>
  }
} & Pick<TokenDeskApi, 'on'>

/** What main must implement: each handler gets the parsed request and returns the response type. */
export type Handlers = {
  [N in Namespaces]: {
    [M in Methods<N>]: (request: ParsedRequestOf<Contract[N][M]>) => Promise<ResponseOf<Contract[N][M]>> | ResponseOf<Contract[N][M]>
  }
}

export type ChannelName = { [N in Namespaces]: `${N}.${Methods<N>}` }[Namespaces]
export type EventName = keyof Events & string

/** The contract's names, from its keys (never written by hand); the preload gets it built in. */
export const CHANNEL_TABLE: ChannelTable = {
  calls: Object.fromEntries(Object.entries(contract).map(([ns, methods]) => [ns, Object.keys(methods)])) as unknown as ChannelTable['calls'],
  events: Object.keys(events) as EventName[],
}

/** Every channel name. */
export const CHANNELS: ChannelName[] = Object.entries(CHANNEL_TABLE.calls).flatMap(([ns, methods]) =>
  (methods as readonly string[]).map((m) => `${ns}.${m}` as ChannelName),
)

export { eventChannel }

export function callDef(channel: ChannelName): CallDef<z.ZodType, unknown> {
  const [ns, m] = channel.split('.') as [Namespaces, string]
  return (contract[ns] as Record<string, CallDef<z.ZodType, unknown>>)[m]!
}

export type Invoke = (channel: ChannelName, request: unknown) => Promise<Envelope<unknown>>
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void
