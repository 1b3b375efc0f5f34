import { contract } from './channels'
import { BridgeError } from './define'
import type { ChannelName, Invoke, Subscribe, TokenDeskApi } from './types'

/**
 * Builds the renderer-facing API from a transport. The real preload passes ipcRenderer.invoke;
 * the browser-test build passes a loopback HTTP transport. Either way the renderer gets only the
 * contract's named functions, never a generic invoke(channel).
 */
export function makeBridge(invoke: Invoke, subscribe: Subscribe): TokenDeskApi {
  const api: Record<string, unknown> = {}
  for (const [ns, methods] of Object.entries(contract)) {
    const group: Record<string, (req: unknown) => Promise<unknown>> = {}
    for (const m of Object.keys(methods)) {
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
