import type { ListQuery, TokenView } from '../../src-preload/contract/channels'
import { errorMessage } from '../format'
import type { DeskState, Filters, ListSlice, ListView, SliceMaker, SortDir, View } from './types'

export const PAGE_SIZE = 200
export const ME = '@me'

export const defaultFilters = (kind: ListView): Filters => ({
  search: '',
  status: '',
  platform: '',
  org: '',
  sort: kind === 'provider' ? 'platform' : 'expiresAt',
  dir: 'asc',
})

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

const LIST_VIEWS: readonly View[] = ['personal', 'provider', 'service']
export const isListView = (v: View): v is ListView => LIST_VIEWS.includes(v)
/** The list on screen (personal while another tab is shown). */
export const currentListView = (s: Pick<DeskState, 'view'>): ListView => (isListView(s.view) ? s.view : 'personal')

export function rowAt(s: Pick<DeskState, 'pages'>, index: number): TokenView | undefined {
  return s.pages[Math.floor(index / PAGE_SIZE)]?.items[index % PAGE_SIZE]
}

/**
 * The token list: filters per view and a paging cache filled as the virtual list scrolls. Each
 * reset starts a new generation; a page that arrives for an older one is dropped.
 */
export const makeListSlice: SliceMaker<ListSlice> = (set, get, api) => {
  // Working state in the slice's closure: the debounce timer, the pages being fetched, and the
  // last range the list asked for (a refresh re-fetches it).
  let searchTimer: ReturnType<typeof setTimeout> | undefined
  const inFlight = new Set<string>()
  let lastRange: [number, number] = [0, PAGE_SIZE - 1]

  /** Resets the list for new filters: a new generation, no rows, fetch from the top. */
  const resetList = () => {
    set((s) => ({ gen: s.gen + 1, pages: {}, groups: null, focusedIndex: 0, listError: null }))
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
        groups: res.groups ?? null,
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
    view: 'personal',
    filters: { personal: defaultFilters('personal'), provider: defaultFilters('provider'), service: defaultFilters('service') },
    pages: {},
    gen: 0,
    total: null,
    groups: null,
    listError: null,
    kindTotal: null,
    focusedIndex: 0,

    setView(view) {
      const prev = currentListView(get())
      set({ view })
      if (isListView(view) && view !== prev) {
        set({ total: null, kindTotal: null })
        get().startList()
      }
      if (view === 'orgs') void get().loadOrgs()
      if (view === 'connections') void get().loadConnections()
    },

    startList() {
      resetList()
      void loadKindTotal()
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

    refreshList() {
      set((s) => ({ gen: s.gen + 1 }))
      get().ensureRange(lastRange[0], lastRange[1])
      void loadKindTotal()
    },

    setFocusedIndex(i) {
      set({ focusedIndex: i })
    },
  }
}
