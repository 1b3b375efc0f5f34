/**
 * Compile-time tests of the typed contract, checked by `npm run typecheck:node` (never run).
 * Each `@ts-expect-error` line MUST fail to typecheck; if the contract stopped catching the
 * mistake, tsc reports the directive as unused and the typecheck fails.
 */
import type { Handlers, TokenDeskApi } from './types'

declare const api: TokenDeskApi

export async function rendererCalls(): Promise<void> {
  // Correct calls typecheck, and their results are typed.
  const list = await api.tokens.list({ sort: 'name', limit: 10 })
  const total: number = list.total
  const { secret } = await api.tokens.reveal({ id: 'a' })
  const s: string = secret
  void total
  void s

  // @ts-expect-error wrong payload shape: `show` takes { id }
  await api.tokens.show({ tokenId: 'a' })
  // @ts-expect-error wrong type inside the payload
  await api.tokens.list({ limit: '10' })
  // @ts-expect-error unknown enum value
  await api.settings.update({ theme: 'blue' })
  // @ts-expect-error missing required field (secret)
  await api.tokens.add({ token: { kind: 'personal', platform: 'planqk', name: 'x' } })
  // @ts-expect-error no such channel
  await api.tokens.rotateAll({})
  // @ts-expect-error no generic invoke on the bridge
  await api.invoke('tokens.list', {})
  // @ts-expect-error the response type is checked too: reveal returns { secret }, not a string
  const wrong: string = await api.tokens.reveal({ id: 'a' })
  void wrong
  // @ts-expect-error unknown event name
  api.on('tokensDeleted', () => {})
  // @ts-expect-error event payload is typed ({ ids: string[] })
  api.on('tokensChanged', (p: { id: number }) => void p)
}

declare const ok: Handlers['settings']['get']
export const settingsGet: Handlers['settings']['get'] = ok

export const badHandlers: Pick<Handlers, 'orgs'> = {
  orgs: {
    list: () => [],
    // @ts-expect-error a handler whose result does not match the contract (Org, not a string)
    set: ({ name }) => name,
  },
}

export const badRequestUse: Pick<Handlers, 'tokens'>['tokens']['show'] = (req) => {
  // @ts-expect-error the parsed request is typed: `show` gets { id }, there is no `name`
  const n: string = req.name
  void n
  return null as never
}
