import { memo, useEffect, useLayoutEffect, useRef, type KeyboardEvent } from 'react'
import { platformName } from '../../src-main/core/platform-catalog'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../src-main/core/token-kinds'
import type { TokenView } from '../../src-preload/contract/channels'
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
  index: number
  start: number
  focused: boolean
  /** The list has an Owner column. */
  owned: boolean
  groupStart: boolean
  repeat: boolean
  ownerLabel: string
}

const Row = memo(function Row({ token, index, start, focused, owned, groupStart, repeat, ownerLabel }: RowProps) {
  const style = { transform: `translateY(${start}px)`, height: ROW_HEIGHT }
  if (!token) {
    return (
      <div role="row" aria-rowindex={index + 2} className="row row-loading" style={style} data-index={index} aria-busy="true" tabIndex={focused ? 0 : -1}>
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
      aria-rowindex={index + 2}
      className={`row${groupStart ? ' group-start' : ''}${token.status === 'revoked' ? ' is-revoked' : ''}`}
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
  const pages = useDesk((s) => s.pages)
  const orgs = useDesk((s) => s.orgs)
  const focusedIndex = useDesk((s) => s.focusedIndex)
  const listError = useDesk((s) => s.listError)
  const scrollRef = useRef<HTMLDivElement>(null)
  const wantFocus = useRef(false)

  const count = total ?? 0
  const shown = total ?? LOADING_ROWS
  // A few rows beyond each edge, so a key press or a short scroll shows rows already painted.
  const { first, last, totalHeight, scrollToIndex } = useRowWindow(scrollRef, shown, ROW_HEIGHT, 4)
  const indexes: number[] = []
  for (let i = first; i <= last; i++) indexes.push(i)

  useEffect(() => {
    if (total !== null && count > 0) useDesk.getState().ensureRange(first, last)
  }, [first, last, count, total, pages])

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
    scrollToIndex(i)
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
      aria-rowcount={count + 1}
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
          {indexes.map((index) => {
            const token = rowAt(useDesk.getState(), index)
            const prev = index > 0 ? rowAt(useDesk.getState(), index - 1) : undefined
            const groupStart = provider && filters.sort === 'platform' && !!token && (index === 0 || (!!prev && prev.platform !== token.platform))
            return (
              <Row
                key={index}
                token={token}
                index={index}
                start={index * ROW_HEIGHT}
                focused={index === focusedIndex}
                owned={owned}
                groupStart={groupStart}
                repeat={provider && filters.sort === 'platform' && !!token && !groupStart}
                ownerLabel={token ? ownerLabel(token) : ''}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}
