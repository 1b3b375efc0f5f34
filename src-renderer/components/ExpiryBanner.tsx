import { useState } from 'react'
import { expiryDate, relative } from '../format'
import { denyReason } from '../permissions'
import { useDesk } from '../store'
import { rotatePrefill } from './actions'
import { WarnIcon } from './Icons'
import { StatusChip } from './StatusChip'

const SHOWN = 4

/** Tokens expiring within the window or already expired, each with Rotate and Revoke. */
export function ExpiryBanner() {
  const expiring = useDesk((s) => s.expiring)
  const orgs = useDesk((s) => s.orgs)
  const days = useDesk((s) => s.settings?.expiringWindowDays ?? 7)
  const [all, setAll] = useState(false)
  const due = expiring.filter((t) => t.status === 'expiring' || t.status === 'expired')
  if (due.length === 0) return null
  const expired = due.filter((t) => t.status === 'expired').length
  const shown = all ? due : due.slice(0, SHOWN)
  const d = useDesk.getState
  return (
    <section className="banner" aria-labelledby="expiry-banner-title" data-testid="expiry-banner">
      <h2 id="expiry-banner-title" className="banner-title">
        <WarnIcon />
        {due.length === 1 ? '1 token needs attention' : `${due.length} tokens need attention`}
        <span className="banner-sub">
          {expired ? `${expired} expired, ` : ''}
          {due.length - expired} expiring within {days} {days === 1 ? 'day' : 'days'}
        </span>
      </h2>
      <ul className="banner-list">
        {shown.map((t) => {
          const rotateWhy = denyReason(t.org, orgs, 'add')
          const revokeWhy = denyReason(t.org, orgs, 'revoke')
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
                <button type="button" className="btn btn-small" disabled={!!rotateWhy} title={rotateWhy ?? `Add the new secret for ${t.name}`} onClick={() => d().openAdd(rotatePrefill(t))}>
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
      {due.length > SHOWN ? (
        <button type="button" className="link" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Show fewer' : `Show all ${due.length}`}
        </button>
      ) : null}
    </section>
  )
}
