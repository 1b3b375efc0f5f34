import { create } from 'zustand'
import type { AuditEvent, CheckOutcome, ConnectionView, ConnectResult, DueReminder, ListQuery, Org, Settings, Status, SyncReport, TokenView } from '../src-preload/contract/channels'
import type { TokenKind } from '../src-main/core/model'
import { errorMessage } from './format'
import { desk } from './bridge'

/**
 * The renderer's one store. It holds token METADATA only. Two fields may briefly hold a secret:
 *  - `secretOnce`: the secret of a token just added (or generated), shown once; cleared when its
 *    dialog closes.
 *  - `revealed`: a secret the user explicitly asked to reveal; cleared by a timer after
 *    REVEAL_MS, when the detail panel closes, or when another token is selected.
 * Nothing else in the store, the DOM or a log ever carries a secret.
 */

export type View = 'personal' | 'provider' | 'connections' | 'orgs' | 'settings'
export type ListView = Extract<View, 'personal' | 'provider'>
export type SortKey = NonNullable<ListQuery['sort']>
export type SortDir = 'asc' | 'desc'

export interface Filters {
  search: string
  status: Status | ''
  platform: string
  /** '' any owner, '@me' the user's own, else an organization slug. */
  org: string
  sort: SortKey
  dir: SortDir
}

export const PAGE_SIZE = 200
export const REVEAL_MS = 20_000
/** Toasts on screen at once: the newest three (an older one gives way). */
export const MAX_TOASTS = 3
export const ME = '@me'

export interface Page {
  gen: number
  items: TokenView[]
}

export interface AddPrefill {
  kind: TokenKind
  platform?: string
  org?: string | null
  name?: string
  scopes?: string[]
  fields?: Record<string, string>
  note?: string | null
  /** Set when the dialog rotates an existing token: that token is offered for revocation. */
  rotateFrom?: { id: string; name: string }
}

export interface SecretOnce {
  /** 'added' after Add existing; 'generated' when a platform connection created the token. */
  variant: 'added' | 'generated'
  id: string
  name: string
  platform: string
  secret: string
  /** Set after a rotation: the old token, whose copies in files the dialog offers to update. */
  rotatedFrom?: { id: string; name: string }
}

export interface Revealed {
  id: string
  secret: string
  hidesAt: number
}

export interface Toast {
  id: number
  tone: 'success' | 'error' | 'info'
  title: string
  description?: string
}

export type Confirm =
  | { action: 'revoke' | 'delete'; token: TokenView }
  | { action: 'disconnect'; connection: ConnectionView }
  /** Copy or reveal the secret of an expired token: its platform will most likely refuse it. */
  | { action: 'use-expired'; token: TokenView; use: 'copy' | 'reveal' }
  | null

export { syncSummary } from './sync-summary'
import { syncSummary } from './sync-summary'

export interface DeskState {
  ready: boolean
  view: View
  filters: Record<ListView, Filters>
  /** Pages of the current list, keyed by page number; a page from an older `gen` is stale. */
  pages: Record<number, Page>
  gen: number
  total: number | null
  listError: string | null
  /** Total tokens of the current kind without filters, for the empty state. */
  kindTotal: number | null
  focusedIndex: number
  /** The expiry banner's tokens (the soonest few) and how many need attention in all. */
  attention: { items: TokenView[]; expired: number; expiring: number }
  orgs: Org[]
  settings: Settings | null
  selectedId: string | null
  detail: { token: TokenView; audit: AuditEvent[] } | null
  addDialog: { open: boolean; prefill: AddPrefill | null }
  confirm: Confirm
  connections: ConnectionView[]
  connectDialog: boolean
  /** The Generate dialog; `connectionId` preselects a connection. */
  generateDialog: { open: boolean; connectionId: string | null }
  /** The token the "Write to SDK config" dialog is for (metadata only). */
  sdkDialog: TokenView | null
  /** "Import tokens from this computer" is open. */
  importDialog: boolean
  /** Due reminders (the soonest few, from main's planner) and how many are due in all. */
  reminders: DueReminder[]
  remindersTotal: number
  secretOnce: SecretOnce | null
  revealed: Revealed | null
  toasts: Toast[]
}

export interface DeskActions {
  init(): Promise<void>
  /** Takes what main holds for the window: a token to open, notices to show once. */
  takePending(): Promise<void>
  setView(view: View): void
  setFilter(patch: Partial<Filters>): void
  clearFilters(): void
  toggleSort(key: SortKey): void
  ensureRange(startIndex: number, endIndex: number): void
  refreshList(): void
  refreshAll(): void
  setFocusedIndex(i: number): void
  loadExpiring(): Promise<void>
  loadOrgs(): Promise<void>
  setOrg(name: string, role: Org['role']): Promise<boolean>
  updateSettings(patch: Partial<Settings>): Promise<boolean>
  openDetail(id: string): Promise<void>
  closeDetail(): void
  openAdd(prefill?: AddPrefill | null): void
  closeAdd(): void
  /** Adds a token; throws the BridgeError so the dialog can show it inline. */
  addToken(req: Parameters<typeof desk.tokens.add>[0], opts?: { revokeAfter?: string }): Promise<TokenView>
  loadConnections(): Promise<void>
  openConnect(): void
  closeConnect(): void
  /** Connects a platform; throws the BridgeError so the dialog can show it inline. */
  connect(req: Parameters<typeof desk.connections.connect>[0]): Promise<ConnectResult>
  disconnect(id: string): Promise<boolean>
  sync(id?: string): Promise<SyncReport | null>
  openGenerate(connectionId?: string | null): void
  closeGenerate(): void
  /** Generates a token on a platform; throws the BridgeError so the dialog can show it inline. */
  generate(req: Parameters<typeof desk.tokens.generate>[0]): Promise<{ token: TokenView; secret: string }>
  checkToken(id: string): Promise<CheckOutcome | null>
  openSdk(token: TokenView): void
  closeSdk(): void
  openImport(): void
  closeImport(): void
  loadReminders(): Promise<void>
  snooze(key: string, choice: '1h' | '1d'): Promise<boolean>
  showSecretOnce(s: SecretOnce): void
  closeSecretOnce(): void
  askConfirm(c: Confirm): void
  revoke(id: string): Promise<boolean>
  restore(id: string): Promise<boolean>
  remove(id: string): Promise<boolean>
  copy(id: string): Promise<void>
  reveal(id: string): Promise<void>
  hideReveal(): void
  /** Closes the topmost open dialog; false when none is open. */
  closeTopDialog(): boolean
  toast(t: Omit<Toast, 'id'>): void
  dismissToast(id: number): void
}

export type Desk = DeskState & DeskActions

const defaultFilters = (kind: ListView): Filters => ({
  search: '',
  status: '',
  platform: '',
  org: '',
  sort: kind === 'provider' ? 'platform' : 'expiresAt',
  dir: 'asc',
})

const api = () => desk

export function listQuery(kind: ListView, f: Filters): ListQuery {
  const q: ListQuery = { kind, sort: f.sort, dir: f.dir }
  const search = f.search.trim().toLowerCase()
  if (search) q.search = search.slice(0, 64)
  if (f.status) q.status = f.status
  if (f.platform) q.platform = f.platform
  if (f.org === ME) q.org = null
  else if (f.org) q.org = f.org
  return q
}

/** A query with no narrowing filter: its total is the kind's total, so no separate count is needed. */
const showsWholeKind = (q: ListQuery) => q.search === undefined && q.status === undefined && q.platform === undefined && q.org === undefined

export const currentListView = (s: DeskState): ListView => (s.view === 'provider' ? 'provider' : 'personal')

export function rowAt(s: DeskState, index: number): TokenView | undefined {
  return s.pages[Math.floor(index / PAGE_SIZE)]?.items[index % PAGE_SIZE]
}

export const useDesk = create<Desk>()((set, get) => {
  // The store's own working state, in its closure rather than at module level: timers, the
  // pages being fetched, and the last range the list asked for (a refresh re-fetches it).
  let toastSeq = 0
  let revealTimer: ReturnType<typeof setTimeout> | undefined
  let searchTimer: ReturnType<typeof setTimeout> | undefined
  const inFlight = new Set<string>()
  let lastRange: [number, number] = [0, PAGE_SIZE - 1]

  const fail = (title: string, e: unknown) => get().toast({ tone: 'error', title, description: errorMessage(e) })

  /** Resets the list for new filters: a new generation, no rows, fetch from the top. */
  const resetList = () => {
    set((s) => ({ gen: s.gen + 1, pages: {}, focusedIndex: 0, listError: null }))
    lastRange = [0, PAGE_SIZE - 1]
    get().ensureRange(0, PAGE_SIZE - 1)
  }

  const fetchPage = async (page: number) => {
    const s = get()
    const kind = currentListView(s)
    const gen = s.gen
    const key = `${gen}:${kind}:${page}`
    if (inFlight.has(key)) return
    inFlight.add(key)
    try {
      const q = listQuery(kind, s.filters[kind])
      const res = await api().tokens.list({ ...q, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
      const now = get()
      if (now.gen !== gen || currentListView(now) !== kind) return
      set((st) => ({
        pages: { ...st.pages, [page]: { gen, items: res.items } },
        total: res.total,
        ...(showsWholeKind(q) ? { kindTotal: res.total } : {}),
        listError: null,
      }))
    } catch (e) {
      if (get().gen === gen) set({ listError: errorMessage(e) })
    } finally {
      inFlight.delete(key)
    }
  }

  /** The kind's total, for the empty states; only asked for when filters narrow the list. */
  const loadKindTotal = async () => {
    const kind = currentListView(get())
    if (showsWholeKind(listQuery(kind, get().filters[kind]))) return
    try {
      const res = await api().tokens.list({ kind, limit: 1 })
      if (currentListView(get()) === kind) set({ kindTotal: res.total })
    } catch {
      /* the list itself reports the error */
    }
  }

  return {
    ready: false,
    view: 'personal',
    filters: { personal: defaultFilters('personal'), provider: defaultFilters('provider') },
    pages: {},
    gen: 0,
    total: null,
    listError: null,
    kindTotal: null,
    focusedIndex: 0,
    attention: { items: [], expired: 0, expiring: 0 },
    orgs: [],
    settings: null,
    selectedId: null,
    detail: null,
    addDialog: { open: false, prefill: null },
    confirm: null,
    connections: [],
    connectDialog: false,
    generateDialog: { open: false, connectionId: null },
    sdkDialog: null,
    importDialog: false,
    reminders: [],
    remindersTotal: 0,
    secretOnce: null,
    revealed: null,
    toasts: [],

    async init() {
      const t = api()
      // The first page of the list does not wait for settings and organizations.
      resetList()
      void loadKindTotal()
      const [settings, orgs] = await Promise.all([
        t.settings.get({}).catch((e) => (fail('Could not load settings', e), null)),
        t.orgs.list({}).catch((e) => (fail('Could not load organizations', e), [] as Org[])),
      ])
      set({ settings, orgs, ready: true })
      void get().loadExpiring()
      void get().loadConnections()
      void get().loadReminders()
      void get().takePending()
    },

    async takePending() {
      const pending = await api()
        .desktop.pending({})
        .catch(() => null)
      if (!pending) return
      for (const n of pending.notices) {
        const title = { 'clipboard-not-cleared': 'The clipboard was not cleared', 'notifications-failed': 'Notifications are not shown', 'orphaned-secrets': 'Secrets without a token' }[n.kind]
        get().toast({ tone: 'error', title, description: n.message })
      }
      if (pending.openTokenId) await get().openDetail(pending.openTokenId)
    },

    setView(view) {
      const prev = currentListView(get())
      set({ view })
      if ((view === 'personal' || view === 'provider') && view !== prev) {
        set({ total: null, kindTotal: null })
        resetList()
        void loadKindTotal()
      }
      if (view === 'orgs') void get().loadOrgs()
      if (view === 'connections') void get().loadConnections()
    },

    setFilter(patch) {
      const kind = currentListView(get())
      set((s) => ({ filters: { ...s.filters, [kind]: { ...s.filters[kind], ...patch } } }))
      clearTimeout(searchTimer)
      // Typing in the search box re-queries after a short pause; other filters apply at once.
      if ('search' in patch && Object.keys(patch).length === 1) searchTimer = setTimeout(resetList, 120)
      else resetList()
    },

    clearFilters() {
      clearTimeout(searchTimer)
      const kind = currentListView(get())
      const { sort, dir } = get().filters[kind]
      set((s) => ({ filters: { ...s.filters, [kind]: { ...defaultFilters(kind), sort, dir } } }))
      resetList()
    },

    toggleSort(key) {
      const kind = currentListView(get())
      const f = get().filters[kind]
      const dir: SortDir = f.sort === key ? (f.dir === 'asc' ? 'desc' : 'asc') : 'asc'
      get().setFilter({ sort: key, dir })
    },

    ensureRange(start, end) {
      lastRange = [start, end]
      const s = get()
      const first = Math.floor(Math.max(0, start) / PAGE_SIZE)
      const last = Math.floor(Math.max(0, end) / PAGE_SIZE)
      for (let p = first; p <= last; p++) {
        const page = s.pages[p]
        if (!page || page.gen !== s.gen) void fetchPage(p)
      }
    },

    /** Re-fetches what is on screen without clearing it, so a change elsewhere does not flicker. */
    refreshList() {
      set((s) => ({ gen: s.gen + 1 }))
      get().ensureRange(lastRange[0], lastRange[1])
      void loadKindTotal()
    },

    refreshAll() {
      get().refreshList()
      void get().loadExpiring()
      void get().loadReminders()
      const id = get().selectedId
      if (id) void get().openDetail(id)
    },

    setFocusedIndex(i) {
      set({ focusedIndex: i })
    },

    async loadExpiring() {
      try {
        set({ attention: await api().tokens.expiring({}) })
      } catch (e) {
        fail('Could not load expiring tokens', e)
      }
    },

    async loadOrgs() {
      try {
        set({ orgs: await api().orgs.list({}) })
      } catch (e) {
        fail('Could not load organizations', e)
      }
    },

    async setOrg(name, role) {
      try {
        const org = await api().orgs.set({ name, role })
        await get().loadOrgs()
        get().toast({ tone: 'success', title: 'Organization saved', description: `You are a ${org.role} of ${org.name}.` })
        return true
      } catch (e) {
        fail('Could not save the organization', e)
        return false
      }
    },

    async updateSettings(patch) {
      try {
        const settings = await api().settings.update(patch)
        set({ settings })
        get().toast({ tone: 'success', title: 'Settings saved' })
        get().refreshAll()
        return true
      } catch (e) {
        fail('Could not save settings', e)
        return false
      }
    },

    async openDetail(id) {
      if (get().revealed && get().revealed!.id !== id) get().hideReveal()
      set({ selectedId: id })
      try {
        const detail = await api().tokens.show({ id })
        if (get().selectedId === id) set({ detail })
      } catch (e) {
        if (get().selectedId === id) set({ selectedId: null, detail: null })
        fail('Could not open the token', e)
      }
    },

    closeDetail() {
      get().hideReveal()
      set({ selectedId: null, detail: null })
    },

    openAdd(prefill = null) {
      set({ addDialog: { open: true, prefill } })
    },

    closeAdd() {
      set({ addDialog: { open: false, prefill: null } })
    },

    async addToken(req, opts) {
      const token = await api().tokens.add(req)
      if (opts?.revokeAfter) {
        try {
          await api().tokens.revoke({ id: opts.revokeAfter })
        } catch (e) {
          fail('The new token was added, but the old one was not revoked', e)
        }
      }
      get().refreshAll()
      return token
    },

    async loadConnections() {
      try {
        set({ connections: await api().connections.list({}) })
      } catch (e) {
        fail('Could not load connections', e)
      }
    },

    openConnect() {
      set({ connectDialog: true })
    },

    closeConnect() {
      set({ connectDialog: false })
    },

    async connect(req) {
      const c = await api().connections.connect(req)
      await get().loadConnections()
      if (c.importedOrgs.length > 0) void get().loadOrgs()
      return c
    },

    async disconnect(id) {
      try {
        const r = await api().connections.disconnect({ id })
        get().toast({
          tone: 'success',
          title: 'Disconnected',
          description:
            r.unlinkedTokens === 0
              ? 'The management token was removed from your keychain.'
              : `The management token was removed from your keychain. ${r.unlinkedTokens} ${r.unlinkedTokens === 1 ? 'token stays' : 'tokens stay'} in TokenDesk, no longer linked to the platform.`,
        })
        await get().loadConnections()
        return true
      } catch (e) {
        fail('Could not disconnect', e)
        return false
      }
    },

    async sync(id) {
      try {
        const report = await api().connections.sync(id === undefined ? {} : { id })
        const { ok, lines } = syncSummary(report)
        get().toast({ tone: ok ? 'success' : 'error', title: ok ? 'Sync finished' : 'Sync failed', description: lines.join('\n') })
        await get().loadConnections()
        get().refreshAll()
        return report
      } catch (e) {
        fail('Could not sync', e)
        return null
      }
    },

    openGenerate(connectionId = null) {
      set({ generateDialog: { open: true, connectionId } })
    },

    closeGenerate() {
      set({ generateDialog: { open: false, connectionId: null } })
    },

    async generate(req) {
      const r = await api().tokens.generate(req)
      get().refreshAll()
      void get().loadConnections()
      return r
    },

    async checkToken(id) {
      try {
        const r = await api().tokens.check({ id })
        const works = r.status === 'works'
        get().toast({ tone: works ? 'success' : 'error', title: works ? 'The token works' : 'The platform rejected the token', description: r.message })
        get().refreshAll()
        return r
      } catch (e) {
        fail('Could not check the token', e)
        get().refreshAll()
        return null
      }
    },

    openSdk(token) {
      set({ sdkDialog: token })
    },

    closeSdk() {
      set({ sdkDialog: null })
    },

    openImport() {
      set({ importDialog: true })
    },

    closeImport() {
      set({ importDialog: false })
    },

    async loadReminders() {
      try {
        const { items, total } = await api().reminders.due({})
        set({ reminders: items, remindersTotal: total })
      } catch {
        /* reminders are a convenience; the expiry banner still shows what needs attention */
      }
    },

    async snooze(key, choice) {
      try {
        await api().reminders.snooze({ key, choice })
        set((s) => ({ reminders: s.reminders.filter((r) => r.key !== key), remindersTotal: Math.max(0, s.remindersTotal - 1) }))
        void get().loadReminders()
        return true
      } catch (e) {
        fail('Could not snooze the reminder', e)
        return false
      }
    },

    showSecretOnce(s) {
      set({ secretOnce: s })
    },

    closeSecretOnce() {
      set({ secretOnce: null })
    },

    askConfirm(c) {
      set({ confirm: c })
    },

    async revoke(id) {
      try {
        const t = await api().tokens.revoke({ id })
        get().toast({ tone: 'success', title: 'Token revoked', description: `${t.name} is revoked. You can restore it, or delete it for good.` })
        get().refreshAll()
        return true
      } catch (e) {
        fail('Could not revoke the token', e)
        return false
      }
    },

    async restore(id) {
      try {
        const t = await api().tokens.restore({ id })
        get().toast({ tone: 'success', title: 'Token restored', description: `${t.name} is ${t.status} again.` })
        get().refreshAll()
        return true
      } catch (e) {
        fail('Could not restore the token', e)
        return false
      }
    },

    async remove(id) {
      try {
        await api().tokens.delete({ id })
        if (get().selectedId === id) get().closeDetail()
        get().toast({ tone: 'success', title: 'Token deleted', description: 'The secret and its metadata were removed.' })
        get().refreshAll()
        return true
      } catch (e) {
        fail('Could not delete the token', e)
        return false
      }
    },

    async copy(id) {
      try {
        const { clearsAfterSeconds } = await api().tokens.copy({ id })
        get().toast({ tone: 'success', title: 'Copied to the clipboard', description: `The clipboard is cleared in ${clearsAfterSeconds} seconds.` })
        get().refreshList()
      } catch (e) {
        fail('Could not copy the secret', e)
      }
    },

    async reveal(id) {
      try {
        const { secret } = await api().tokens.reveal({ id })
        clearTimeout(revealTimer)
        set({ revealed: { id, secret, hidesAt: Date.now() + REVEAL_MS } })
        revealTimer = setTimeout(() => get().hideReveal(), REVEAL_MS)
        if (get().selectedId === id) void get().openDetail(id)
        get().refreshList()
      } catch (e) {
        fail('Could not reveal the secret', e)
      }
    },

    hideReveal() {
      clearTimeout(revealTimer)
      if (get().revealed) set({ revealed: null })
    },

    closeTopDialog() {
      const s = get()
      if (s.confirm) s.askConfirm(null)
      else if (s.secretOnce) s.closeSecretOnce()
      else if (s.addDialog.open) s.closeAdd()
      else if (s.generateDialog.open) s.closeGenerate()
      else if (s.connectDialog) s.closeConnect()
      else if (s.sdkDialog) s.closeSdk()
      else if (s.importDialog) s.closeImport()
      else if (s.selectedId) s.closeDetail()
      else return false
      return true
    },

    toast(t) {
      set((s) => ({ toasts: [...s.toasts.slice(-(MAX_TOASTS - 1)), { ...t, id: ++toastSeq }] }))
    },

    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }))
    },
  }
})

/** Whether the store currently holds any secret (for tests: never the secret itself). */
export const holdsSecret = (s: DeskState) => s.secretOnce !== null || s.revealed !== null
