import { BridgeError } from './define'
import type { ChannelTable } from './table'
import type { ChannelName, Invoke, Subscribe, TokenDeskApi } from './types'

/**
 * Builds the renderer-facing API from the contract's names and a transport. The real preload passes ipcRenderer.invoke;
 * the browser-test build passes a loopback HTTP transport. Either way the renderer gets only the
 * contract's named functions, never a generic invoke(channel).
 */
export function makeBridge(table: ChannelTable, invoke: Invoke, subscribe: Subscribe): TokenDeskApi {
  const api: Record<string, unknown> = {}
  for (const [ns, methods] of Object.entries(table.calls)) {
    const group: Record<string, (req: unknown) => Promise<unknown>> = {}
    for (const m of methods as readonly string[]) {
      const channel = `${ns}.${m}` as ChannelName
      group[m] = async (request: unknown) => {
        const env = await invoke(channel, request ?? {})
        if (env.ok) return env.value
        throw new BridgeError(env.error.code, env.error.message)
      }
    }
    api[ns] = Object.freeze(group)
  }
  api.on = (name: Parameters<Subscribe>[0], listener: (p: unknown) => void) => subscribe(name, listener)
  return Object.freeze(api) as unknown as TokenDeskApi
}
