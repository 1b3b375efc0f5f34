import { useEffect, useState } from 'react'
import { platformName } from '../../src-main/core/platform-catalog'
import { KNOWN_PLATFORMS, KNOWN_PROVIDERS, STATUSES } from '../../src-main/core/vocabulary'
import { KIND_RULES } from '../../src-main/core/token-kinds'
import { currentListView, ME, useDesk } from '../store'

/** Search, status, platform/provider and owner filters for the current list. */
export function FilterBar() {
  const kind = useDesk(currentListView)
  const f = useDesk((s) => s.filters[kind])
  const orgs = useDesk((s) => s.orgs)
  const total = useDesk((s) => s.total)
  const setFilter = useDesk((s) => s.setFilter)
  // The input keeps its own text so typing paints at once; the store re-queries after a pause.
  const [search, setSearch] = useState(f.search)
  useEffect(() => setSearch(f.search), [f.search, kind])
  const noun = KIND_RULES[kind].target
  const platforms: readonly string[] = noun === 'provider' ? KNOWN_PROVIDERS : KNOWN_PLATFORMS
  const extra = f.platform && !platforms.includes(f.platform) ? [f.platform] : []
  const filtered = f.search || f.status || f.platform || f.org

  return (
    <div className="filters" role="search" aria-label={`Filter ${kind} tokens`}>
      <label className="field-inline grow">
        <span className="sr-only">Search by name, scope or note</span>
        <input
          type="search"
          placeholder="Search name, scope, note…"
          value={search}
          maxLength={64}
          onChange={(e) => {
            setSearch(e.target.value)
            setFilter({ search: e.target.value })
          }}
        />
      </label>
      <label className="field-inline">
        <span>Status</span>
        <select value={f.status} onChange={(e) => setFilter({ status: e.target.value as typeof f.status })}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0]!.toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        <span>{noun === 'provider' ? 'Provider' : 'Platform'}</span>
        <select value={f.platform} onChange={(e) => setFilter({ platform: e.target.value })}>
          <option value="">Any</option>
          {[...platforms, ...extra].map((p) => (
            <option key={p} value={p}>
              {platformName(p)}
            </option>
          ))}
        </select>
      </label>
      {KIND_RULES[kind].org !== 'none' ? (
        <label className="field-inline">
          <span>Owner</span>
          <select value={f.org} onChange={(e) => setFilter({ org: e.target.value })}>
            <option value="">Anyone</option>
            {KIND_RULES[kind].org === 'optional' ? <option value={ME}>You</option> : null}
            {orgs.map((o) => (
              <option key={o.name} value={o.name}>
                {o.name} ({o.role})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="count" aria-live="polite">
        {total === null ? 'Loading…' : `${total.toLocaleString('en')} ${total === 1 ? 'token' : 'tokens'}`}
      </span>
      {filtered ? (
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            setSearch('')
            useDesk.getState().clearFilters()
          }}
        >
          Clear filters
        </button>
      ) : null}
    </div>
  )
}
