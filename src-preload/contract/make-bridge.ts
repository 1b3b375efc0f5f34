import { BridgeError, type Envelope } from './define'
import type { ChannelTable } from './table'
import type { ChannelName, ExposedApi, Invoke, Subscribe, TokenDeskApi } from './types'

/**
 * Builds what the preload exposes as `window.tokendesk` from the contract's names and a transport.
 * The real preload passes ipcRenderer.invoke; the browser-test build passes a loopback HTTP
 * transport. Either way the page gets only the contract's named functions, never a generic
 * invoke(channel).
 *
 * Every function resolves to a plain `{ok, value} | {ok: false, error: {code, message}}` envelope
 * and never rejects with the call's error: across Electron's contextBridge an Error keeps only its
 * message (custom properties such as `code` are dropped: Electron docs, context-bridge "Parameter /
 * Error / Return Type support"; electron/electron#25596), while plain data crosses intact. The
 * renderer turns the envelope into a BridgeError on its own side of the bridge (unwrapBridge).
 */
export function makeBridge(table: ChannelTable, invoke: Invoke, subscribe: Subscribe): ExposedApi {
  const api: Record<string, unknown> = {}
  for (const [ns, methods] of Object.entries(table.calls)) {
    const group: Record<string, (req: unknown) => Promise<Envelope<unknown>>> = {}
    for (const m of methods as readonly string[]) {
      const channel = `${ns}.${m}` as ChannelName
      group[m] = async (request: unknown) => {
        try {
          return await invoke(channel, request ?? {})
        } catch (e) {
          // The transport itself failed (IPC torn down, loopback server gone): still an envelope.
          return { ok: false, error: { code: 'internal', message: `TokenDesk could not reach its main process (${e instanceof Error ? e.message : String(e)})` } }
        }
      }
    }
    api[ns] = Object.freeze(group)
  }
  api.on = (name: Parameters<Subscribe>[0], listener: (p: unknown) => void) => subscribe(name, listener)
  return Object.freeze(api) as unknown as ExposedApi
}

/**
 * The renderer's side: the same named functions, resolving to the value and rejecting with a
 * BridgeError (code + message) built here, in the page's own world, so `code` survives.
 */
export function unwrapBridge(exposed: ExposedApi): TokenDeskApi {
  const api: Record<string, unknown> = {}
  for (const [ns, group] of Object.entries(exposed as unknown as Record<string, unknown>)) {
    if (ns === 'on' || typeof group !== 'object' || group === null) continue
    const out: Record<string, (req: unknown) => Promise<unknown>> = {}
    for (const [m, fn] of Object.entries(group as Record<string, (req: unknown) => Promise<Envelope<unknown>>>)) {
      out[m] = async (request: unknown) => {
        const env = await fn(request)
        if (env.ok) return env.value
        throw new BridgeError(env.error.code, env.error.message)
      }
    }
    api[ns] = Object.freeze(out)
  }
  api.on = exposed.on
  return Object.freeze(api) as unknown as TokenDeskApi
}
