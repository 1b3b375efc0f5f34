import { memo, useEffect, useLayoutEffect, useMemo, useRef, type KeyboardEvent } from 'react'
import { platformName } from '../../src-main/core/platform-catalog'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../src-main/core/token-kinds'
import type { ListGroup } from '../../src-main/core/model'
import type { TokenView } from '../../src-preload/contract/channels'
import { groupRows } from '../list-groups'
import { exactDate, exactDateTime } from '../format'
import { roleOf } from '../permissions'
import { useRowWindow } from '../row-window'
import { currentListView, rowAt, useDesk, type SortKey } from '../store'
import { SortAscIcon, SortDescIcon, SortNoneIcon } from './Icons'
import { ProblemMarker } from './ProblemMarker'
import { Expires, LastUsed } from './TimeCells'
import { RowMenu } from './RowMenu'
import { StatusChip } from './StatusChip'

const ROW_HEIGHT = 52
/** Placeholder rows while the first page loads: the list's shape, marked busy, instead of an empty box. */
const LOADING_ROWS = 6

interface Column {
  id: string
  label: string
  sort?: SortKey
  /** Only in lists of tokens that may belong to an organization (provider, service). */
  ownedOnly?: boolean
}

const COLUMNS: Column[] = [
  { id: 'name', label: 'Name', sort: 'name' },
  { id: 'platform', label: 'Platform', sort: 'platform' },
  { id: 'owner', label: 'Owner', ownedOnly: true },
  { id: 'scopes', label: 'Scopes' },
  { id: 'created', label: 'Created', sort: 'createdAt' },
  { id: 'expires', label: 'Expires', sort: 'expiresAt' },
  { id: 'status', label: 'Status', sort: 'status' },
  { id: 'used', label: 'Last used', sort: 'lastUsedAt' },
  { id: 'actions', label: 'Actions' },
]

function Scopes({ scopes }: { scopes: string[] }) {
  if (scopes.length === 0) return <span className="muted">No scopes</span>
  const shown = scopes.slice(0, 2)
  return (
    <span className="scopes" title={scopes.join(', ')}>
      {shown.map((s) => (
        <span key={s} className="scope">
          {s}
        </span>
      ))}
      {scopes.length > 2 ? <span className="muted">+{scopes.length - 2}</span> : null}
    </span>
  )
}

interface RowProps {
  token: TokenView | undefined
  /** The token's place in the list (paging, focus). */
  index: number
  /** The row's place on screen (headers count too). */
  row: number
  start: number
  focused: boolean
  /** The list has an Owner column. */
  owned: boolean
  repeat: boolean
  ownerLabel: string
}

/** A group's header: the provider's name and how many of its tokens the list holds. */
const GroupHeader = memo(function GroupHeader({ group, row, start, columns }: { group: ListGroup; row: number; start: number; columns: number }) {
  return (
    <div role="row" aria-rowindex={row + 2} className="row group-header" style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }} data-group={group.platform}>
      <div role="rowheader" aria-colspan={columns} className="cell">
        <span className="group-name">{platformName(group.platform)}</span>
        <span className="muted">
          {group.count.toLocaleString('en')} {group.count === 1 ? 'token' : 'tokens'}
        </span>
      </div>
    </div>
  )
})

const Row = memo(function Row({ token, index, row, start, focused, owned, repeat, ownerLabel }: RowProps) {
  const style = { transform: `translateY(${start}px)`, height: ROW_HEIGHT }
  if (!token) {
    return (
      <div role="row" aria-rowindex={row + 2} className="row row-loading" style={style} data-index={index} aria-busy="true" tabIndex={focused ? 0 : -1}>
        <div role="gridcell" className="cell">
          <span className="skeleton" />
          <span className="sr-only">Loading…</span>
        </div>
      </div>
    )
  }
  const open = () => void useDesk.getState().openDetail(token.id)
  return (
    <div
      role="row"
      aria-rowindex={row + 2}
      className={`row${token.status === 'revoked' ? ' is-revoked' : ''}`}
      style={style}
      data-index={index}
      data-token-id={token.id}
      data-status={token.status}
      tabIndex={focused ? 0 : -1}
      onFocus={(e) => {
        if (e.target === e.currentTarget) useDesk.getState().setFocusedIndex(index)
      }}
      onClick={(e) => {
        // Clicks inside the row's menu bubble here through the React portal: ignore them.
        if (!e.currentTarget.contains(e.target as Node) || (e.target as HTMLElement).closest('button')) return
        useDesk.getState().setFocusedIndex(index)
        open()
      }}
    >
      <div role="gridcell" className="cell cell-name">
        <span className="name" title={token.name}>
          {token.name}
        </span>
        {token.problem ? (
          <span className="sub">
            <ProblemMarker problem={token.problem} />
          </span>
        ) : token.kind === 'service' ? (
          <span className="sub ellipsis" title={`service account ${token.fields[SERVICE_ACCOUNT_FIELD] ?? ''}`}>
            as {token.fields[SERVICE_ACCOUNT_FIELD]}
          </span>
        ) : null}
      </div>
      <div role="gridcell" className={`cell cell-platform${repeat ? ' repeat' : ''}`}>
        <span className="ellipsis" title={token.platform}>
          {platformName(token.platform)}
        </span>
      </div>
      {owned ? (
        <div role="gridcell" className="cell col-owner">
          <span className="two-line" title={ownerLabel}>
            <span className="ellipsis">{token.org ?? 'You'}</span>
            {token.org ? <span className="sub">{ownerLabel}</span> : null}
          </span>
        </div>
      ) : null}
      <div role="gridcell" className="cell col-scopes">
        <Scopes scopes={token.scopes} />
      </div>
      <div role="gridcell" className="cell col-created">
        <span title={exactDateTime(token.createdAt)}>{exactDate(token.createdAt)}</span>
      </div>
      <div role="gridcell" className="cell col-expires">
        <Expires at={token.expiresAt} />
      </div>
      <div role="gridcell" className="cell col-status">
        <StatusChip status={token.status} />
      </div>
      <div role="gridcell" className="cell col-used">
        <LastUsed at={token.lastUsedAt} />
      </div>
      <div role="gridcell" className="cell cell-actions">
        <RowMenu token={token} tabIndex={focused ? 0 : -1} />
      </div>
    </div>
  )
})

export function TokenList() {
  const kind = useDesk(currentListView)
  const provider = kind === 'provider'
  const owned = KIND_RULES[kind].org !== 'none'
  const filters = useDesk((s) => s.filters[kind])
  const total = useDesk((s) => s.total)
  const groups = useDesk((s) => s.groups)
  const pages = useDesk((s) => s.pages)
  const orgs = useDesk((s) => s.orgs)
  const focusedIndex = useDesk((s) => s.focusedIndex)
  const listError = useDesk((s) => s.listError)
  const scrollRef = useRef<HTMLDivElement>(null)
  const wantFocus = useRef(false)

  const count = total ?? 0
  // Provider tokens sorted by provider come in groups, each under a header row (list-groups.ts).
  const grouped = provider && filters.sort === 'platform'
  const layout = useMemo(() => groupRows(count, grouped ? groups : null), [count, grouped, groups])
  const shown = total === null ? LOADING_ROWS : layout.count
  // A few rows beyond each edge, so a key press or a short scroll shows rows already painted.
  const { first, last, totalHeight, scrollToIndex } = useRowWindow(scrollRef, shown, ROW_HEIGHT, 4)
  const rows: number[] = []
  for (let r = first; r <= last; r++) rows.push(r)

  useEffect(() => {
    if (total === null || count === 0) return
    const [from, to] = layout.tokenRange(first, last)
    if (to >= from) useDesk.getState().ensureRange(from, to)
  }, [first, last, count, total, pages, layout])

  useLayoutEffect(() => {
    if (!wantFocus.current) return
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${focusedIndex}"]`)
    if (el) {
      el.focus({ preventScroll: true })
      wantFocus.current = false
    }
  })

  const state = useDesk.getState
  const move = (to: number) => {
    const i = Math.max(0, Math.min(count - 1, to))
    wantFocus.current = true
    state().setFocusedIndex(i)
    scrollToIndex(layout.rowOf(i))
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 520) / ROW_HEIGHT) - 1)
    const fromRow = (e.target as HTMLElement).getAttribute('role') === 'row'
    switch (e.key) {
      case 'ArrowDown':
        move(focusedIndex + 1)
        break
      case 'ArrowUp':
        move(focusedIndex - 1)
        break
      case 'PageDown':
        move(focusedIndex + page)
        break
      case 'PageUp':
        move(focusedIndex - page)
        break
      case 'Home':
        move(0)
        break
      case 'End':
        move(count - 1)
        break
      case 'Enter': {
        if (!fromRow) return
        const t = rowAt(state(), focusedIndex)
        if (t) void state().openDetail(t.id)
        break
      }
      default:
        return
    }
    e.preventDefault()
  }

  const ownerLabel = (t: TokenView) => {
    if (t.org === null) return 'You'
    const role = roleOf(t.org, orgs)
    return role ? `you are ${role === 'owner' ? 'an owner' : `a ${role}`}` : 'not in your organizations'
  }

  const visibleCols = COLUMNS.filter((c) => owned || !c.ownedOnly)
  const label = KIND_RULES[kind].tab

  return (
    <div
      className={`grid${owned ? ' grid-owned' : ''}`}
      role="grid"
      aria-label={label}
      aria-rowcount={layout.count + 1}
      aria-busy={total === null}
      data-total={total ?? ''}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="row head-row">
          {visibleCols.map((c) => {
            const active = c.sort && filters.sort === c.sort
            const ariaSort = c.sort ? (active ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none') : undefined
            return (
              <div role="columnheader" key={c.id} aria-sort={ariaSort} className={`cell head-cell col-${c.id}${c.id === 'actions' ? ' cell-actions' : ''}`}>
                {c.sort ? (
                  <button type="button" className="sort-btn" onClick={() => state().toggleSort(c.sort!)}>
                    {provider && c.id === 'platform' ? 'Provider' : c.label}
                    {active ? filters.dir === 'asc' ? <SortAscIcon /> : <SortDescIcon /> : <SortNoneIcon />}
                  </button>
                ) : c.id === 'actions' ? (
                  <span className="sr-only">{c.label}</span>
                ) : (
                  c.label
                )}
              </div>
            )
          })}
        </div>
      </div>
      <div role="rowgroup" className="grid-body" ref={scrollRef} onKeyDown={onKeyDown}>
        {listError ? (
          <div role="row" className="list-error">
            <div role="gridcell">Could not load tokens: {listError}</div>
          </div>
        ) : null}
        <div className="grid-spacer" style={{ height: totalHeight }}>
          {rows.map((r) => {
            const what = total === null ? ({ kind: 'token', index: r } as const) : layout.at(r)
            if (what.kind === 'header') {
              return <GroupHeader key={`h${r}`} group={what.group} row={r} start={r * ROW_HEIGHT} columns={visibleCols.length} />
            }
            const token = rowAt(useDesk.getState(), what.index)
            return (
              <Row
                key={r}
                token={token}
                index={what.index}
                row={r}
                start={r * ROW_HEIGHT}
                focused={what.index === focusedIndex}
                owned={owned}
                repeat={grouped && !!token}
                ownerLabel={token ? ownerLabel(token) : ''}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}
