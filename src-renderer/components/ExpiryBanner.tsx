import { useState } from 'react'
import { expiryDate, relative } from '../format'
import { denyReason } from '../permissions'
import { useDesk } from '../store'
import { rotatePrefill, rotatesOnPlatform } from './actions'
import { WarnIcon } from './Icons'
import { StatusChip } from './StatusChip'

const SHOWN = 4

/** Tokens expiring within the window or already expired, each with Rotate and Revoke. */
export function ExpiryBanner() {
  const { items, expired, expiring } = useDesk((s) => s.attention)
  const orgs = useDesk((s) => s.orgs)
  const connections = useDesk((s) => s.connections)
  const days = useDesk((s) => s.settings?.expiringWindowDays ?? 7)
  const [all, setAll] = useState(false)
  const total = expired + expiring
  if (total === 0 || items.length === 0) return null
  const shown = all ? items : items.slice(0, SHOWN)
  const d = useDesk.getState
  return (
    <section className="banner" aria-labelledby="expiry-banner-title" data-testid="expiry-banner">
      <h2 id="expiry-banner-title" className="banner-title">
        <WarnIcon />
        {total === 1 ? '1 token needs attention' : `${total.toLocaleString('en')} tokens need attention`}
        <span className="banner-sub">
          {expired ? `${expired.toLocaleString('en')} expired, ` : ''}
          {expiring.toLocaleString('en')} expiring within {days} {days === 1 ? 'day' : 'days'}
        </span>
      </h2>
      <ul className="banner-list">
        {shown.map((t) => {
          const rotateWhy = denyReason(t.org, orgs, 'add')
          const revokeWhy = denyReason(t.org, orgs, 'revoke')
          const onPlatform = rotatesOnPlatform(t, connections)
          return (
            <li key={t.id}>
              <button type="button" className="link" onClick={() => void d().openDetail(t.id)}>
                {t.name}
              </button>
              <span className="muted">
                {t.platform}
                {t.org ? ` · ${t.org}` : ''}
              </span>
              <StatusChip status={t.status} />
              <span>
                {t.expiresAt !== null ? (t.status === 'expired' ? `expired ${relative(t.expiresAt)}` : `expires ${relative(t.expiresAt)}`) : ''}
                <span className="muted"> ({t.expiresAt !== null ? expiryDate(t.expiresAt) : ''})</span>
              </span>
              <span className="banner-actions">
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={!!rotateWhy}
                  title={rotateWhy ?? (onPlatform ? `Make the successor of ${t.name} on its platform` : `Add the new secret for ${t.name}`)}
                  onClick={() => (onPlatform ? d().openRotate(t) : d().openAdd(rotatePrefill(t)))}
                >
                  Rotate
                </button>
                <button
                  type="button"
                  className="btn btn-small btn-danger-ghost"
                  disabled={!!revokeWhy}
                  title={revokeWhy ?? undefined}
                  onClick={() => d().askConfirm({ action: 'revoke', token: t })}
                >
                  Revoke
                </button>
              </span>
            </li>
          )
        })}
      </ul>
      {items.length > SHOWN ? (
        <button type="button" className="link" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Show fewer' : total > items.length ? `Show the ${items.length} soonest` : `Show all ${total}`}
        </button>
      ) : null}
      {all && total > items.length ? (
        <p className="hint" data-testid="banner-more">
          {(total - items.length).toLocaleString('en')} more: filter the list by status Expired or Expiring to see them all.
        </p>
      ) : null}
    </section>
  )
}
