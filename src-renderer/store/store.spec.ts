import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TokenView } from '../../src-preload/contract/channels'
import { BridgeError } from '../../src-preload/contract/define'
import { REFRESH_COALESCE_MS } from './actions/app'
import { createDeskStore } from './create'
import { PAGE_SIZE } from './list'
import { holdsSecret, REVEAL_MS } from './secrets'
import { MAX_TOASTS } from './toasts'
import type { DeskApi } from './types'
import { everyChannel } from '../../test/helpers/channel-stub'

// The store's rules over an in-memory bridge: which dialog Escape closes, how many toasts stay, when
// a revealed secret goes, that a page from an old generation is dropped, and the words of a failed
// action. The real bridge and core are proven in the browser tests (test/e2e).

const token = (id: string, over: Partial<TokenView> = {}): TokenView => ({
  id,
  kind: 'personal',
  platform: 'planqk',
  org: null,
  name: `tok-${id}`,
  scopes: [],
  fields: {},
  note: null,
  createdAt: 0,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  status: 'active',
  problem: null,
  ...over,
})

/** A bridge whose every call fails the test unless the case gives it. */
function fakeApi(over: { [N in Exclude<keyof DeskApi, 'on'>]?: Partial<DeskApi[N]> } = {}): DeskApi {
  const base: DeskApi = { ...everyChannel(), on: () => () => undefined }
  return {
    ...base,
    tokens: { ...base.tokens, ...over.tokens },
    connections: { ...base.connections, ...over.connections },
    orgs: { ...base.orgs, ...over.orgs },
    settings: { ...base.settings, ...over.settings },
    reminders: { ...base.reminders, ...over.reminders },
    desktop: { ...base.desktop, ...over.desktop },
  }
}

afterEach(() => vi.useRealTimers())

describe('dialogs', () => {
  it('Escape closes the topmost first: confirm, secret, add, generate, connect, sdk, import, edit, then the detail panel', () => {
    const store = createDeskStore(() => fakeApi())
    const s = store.getState()
    const t = token('a')
    s.openEdit(t)
    s.openImport()
    s.openSdk(t)
    s.openConnect()
    s.openGenerate('c1')
    s.openAdd({ kind: 'provider' })
    s.showSecretOnce({ variant: 'added', id: 'a', name: 'n', platform: 'p', secret: 'S3CRET' })
    s.askConfirm({ action: 'revoke', token: t })
    store.setState({ selectedId: 'a', detail: { token: t, audit: [] } })
    const open = (): string[] => {
      const x = store.getState()
      return [x.confirm && 'confirm', x.secretOnce && 'secret', x.addDialog.open && 'add', x.generateDialog.open && 'generate', x.connectDialog && 'connect', x.sdkDialog && 'sdk', x.importDialog && 'import', x.editDialog && 'edit', x.selectedId && 'detail'].filter((x): x is string => typeof x === 'string')
    }
    const closed: string[] = []
    let before = open()
    expect(before).toHaveLength(9)
    while (store.getState().closeTopDialog()) {
      const after = open()
      closed.push(...before.filter((x) => !after.includes(x)))
      before = after
    }
    expect(closed).toEqual(['confirm', 'secret', 'add', 'generate', 'connect', 'sdk', 'import', 'edit', 'detail'])
    expect(open()).toEqual([])
    expect(store.getState().closeTopDialog()).toBe(false)
    expect(holdsSecret(store.getState())).toBe(false)
  })
})

describe('toasts', () => {
  it(`keeps the newest ${MAX_TOASTS}, each with its own id`, () => {
    const store = createDeskStore(() => fakeApi())
    for (let i = 1; i <= 5; i++) store.getState().toast({ tone: 'info', title: `t${i}` })
    const toasts = store.getState().toasts
    expect(toasts.map((t) => t.title)).toEqual(['t3', 't4', 't5'])
    expect(new Set(toasts.map((t) => t.id)).size).toBe(3)
    store.getState().dismissToast(toasts[1]!.id)
    expect(store.getState().toasts.map((t) => t.title)).toEqual(['t3', 't5'])
  })
})

describe('a revealed secret', () => {
  it(`is hidden after ${REVEAL_MS / 1000} s, and at once when another token opens`, async () => {
    vi.useFakeTimers()
    const api = fakeApi({
      tokens: {
        reveal: async () => ({ secret: 'S3CRET' }),
        list: async () => ({ items: [], total: 0 }),
        show: async ({ id }) => ({ token: token(id), audit: [] }),
      },
    })
    const store = createDeskStore(() => api)
    await store.getState().reveal('a')
    expect(store.getState().revealed).toMatchObject({ id: 'a', secret: 'S3CRET' })
    vi.advanceTimersByTime(REVEAL_MS - 1)
    expect(holdsSecret(store.getState())).toBe(true)
    vi.advanceTimersByTime(1)
    expect(store.getState().revealed).toBeNull()

    await store.getState().reveal('a')
    await store.getState().openDetail('b')
    expect(store.getState().revealed).toBeNull()
    expect(store.getState().detail?.token.id).toBe('b')
  })
})

describe('the list', () => {
  it('drops a page that arrives after the filters changed, and keeps the newer one', async () => {
    const answers: Array<(r: { items: TokenView[]; total: number }) => void> = []
    const queries: unknown[] = []
    const api = fakeApi({
      tokens: {
        list: (q) => {
          queries.push(q)
          return new Promise((resolve) => answers.push(resolve))
        },
      },
    })
    const store = createDeskStore(() => api)
    store.getState().startList()
    store.getState().setFilter({ status: 'revoked' })
    expect(queries).toEqual([
      { kind: 'personal', sort: 'expiresAt', dir: 'asc', limit: PAGE_SIZE, offset: 0 },
      { kind: 'personal', sort: 'expiresAt', dir: 'asc', status: 'revoked', limit: PAGE_SIZE, offset: 0 },
    ])
    answers[1]!({ items: [token('new', { status: 'revoked' })], total: 1 })
    answers[0]!({ items: [token('old1'), token('old2')], total: 2 })
    await vi.waitFor(() => expect(store.getState().total).toBe(1))
    await Promise.resolve()
    const s = store.getState()
    expect(s.pages[0]!.items.map((t) => t.id)).toEqual(['new'])
    expect(s.total).toBe(1)
  })

  it('a failed page shows main’s message in the list, not a toast', async () => {
    const api = fakeApi({ tokens: { list: async () => Promise.reject(new BridgeError('db_error', 'the database is locked')) } })
    const store = createDeskStore(() => api)
    store.getState().startList()
    await vi.waitFor(() => expect(store.getState().listError).toBe('the database is locked'))
    expect(store.getState().toasts).toEqual([])
  })
})

describe('actions say what happened', () => {
  it('a refused revoke: an error toast with main’s words, false, nothing else changed', async () => {
    const api = fakeApi({ tokens: { revoke: async () => Promise.reject(new BridgeError('conflict', 'another TokenDesk process is changing "x" right now')) } })
    const store = createDeskStore(() => api)
    expect(await store.getState().revoke('a')).toBe(false)
    expect(store.getState().toasts).toEqual([{ id: 1, tone: 'error', title: 'Could not revoke the token', description: 'another TokenDesk process is changing "x" right now' }])
  })

  it('a revoke: the success toast names the token, and the list and side lists refresh', async () => {
    const calls: string[] = []
    const api = fakeApi({
      tokens: {
        revoke: async ({ id }) => token(id, { name: 'ibm-main', status: 'revoked' }),
        list: async () => (calls.push('list'), { items: [], total: 0 }),
        expiring: async () => (calls.push('expiring'), { items: [], expired: 0, expiring: 0 }),
      },
      reminders: { due: async () => (calls.push('due'), { items: [], total: 0 }) },
    })
    const store = createDeskStore(() => api)
    expect(await store.getState().revoke('a')).toBe(true)
    expect(store.getState().toasts[0]).toMatchObject({ tone: 'success', title: 'Token revoked', description: 'ibm-main is revoked. You can restore it, or delete it for good.' })
    await vi.waitFor(() => expect(calls.sort()).toEqual(['due', 'expiring', 'list']))
  })
})

describe('refreshing', () => {
  it('an action’s refresh and the change event that follows it are one refresh', async () => {
    vi.useFakeTimers()
    const lists: unknown[] = []
    const api = fakeApi({
      tokens: {
        revoke: async ({ id }) => token(id, { status: 'revoked' }),
        list: async (q) => (lists.push(q), { items: [], total: 0 }),
        expiring: async () => ({ items: [], expired: 0, expiring: 0 }),
      },
      reminders: { due: async () => ({ items: [], total: 0 }) },
    })
    const store = createDeskStore(() => api)
    await store.getState().revoke('a') // refreshes once it returns …
    store.getState().refreshAll() // … and the tokensChanged event asks again a moment later
    await vi.advanceTimersByTimeAsync(REFRESH_COALESCE_MS)
    expect(lists).toHaveLength(1)
    store.getState().refreshAll()
    await vi.advanceTimersByTimeAsync(REFRESH_COALESCE_MS)
    expect(lists).toHaveLength(2)
  })
})
