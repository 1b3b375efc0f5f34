import { deleteOnly } from '../../src-main/core/rules/lifecycle'
import { useState } from 'react'
import { platformName } from '../../src-main/core/platform-catalog'
import { attentionTotal, mergeAttention, type AttentionRow } from '../attention'
import { exactDateTime, expiryDate, relative } from '../format'
import { denyReason } from '../permissions'
import { useDesk } from '../store'
import { rotatesOnPlatform } from './actions'
import { WarnIcon } from './Icons'
import { StatusChip } from './StatusChip'

/**
 * What needs the user, in one compact area: expired and expiring tokens and due reminders,
 * merged by token (attention.ts), each row with Rotate, Revoke and — when a reminder is due —
 * Snooze. Capped in height (it scrolls inside itself, so the token list keeps its room) and
 * collapsible to its title line.
 */
export function AttentionArea() {
  const { items, expired, expiring } = useDesk((s) => s.attention)
  const reminders = useDesk((s) => s.reminders)
  const days = useDesk((s) => s.settings?.expiringWindowDays ?? 7)
  const [open, setOpen] = useState(true)
  const rows = mergeAttention(items, reminders, Date.now(), days)
  if (rows.length === 0) return null
  const total = attentionTotal(rows, expired, expiring)
  const reminderOnly = rows.length - items.length
  const notLoaded = expired + expiring - items.length
  const parts = [
    expired ? `${expired.toLocaleString('en')} expired` : '',
    expiring ? `${expiring.toLocaleString('en')} expiring within ${days} ${days === 1 ? 'day' : 'days'}` : '',
    reminderOnly ? `${reminderOnly} ${reminderOnly === 1 ? 'reminder' : 'reminders'} due` : '',
  ].filter(Boolean)
  return (
    <section className="attention" aria-labelledby="attention-title" data-testid="attention">
      <h2 id="attention-title" className="attention-title">
        <button type="button" className="attention-toggle" aria-expanded={open} aria-controls="attention-list" onClick={() => setOpen(!open)}>
          <WarnIcon />
          <span>{total === 1 ? '1 token needs attention' : `${total.toLocaleString('en')} tokens need attention`}</span>
          <span className="attention-sub">{parts.join(', ')}</span>
          <span className="attention-chevron" aria-hidden="true">
            {open ? '▴' : '▾'}
          </span>
        </button>
      </h2>
      {open ? (
        <>
          <ul id="attention-list" className="attention-list">
            {rows.map((r) => (
              <Row key={r.tokenId} row={r} />
            ))}
          </ul>
          {notLoaded > 0 ? (
            <p className="hint" data-testid="attention-more">
              {notLoaded.toLocaleString('en')} more: filter the list by status Expired or Expiring to see them all.
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  )
}

function Row({ row }: { row: AttentionRow }) {
  const orgs = useDesk((s) => s.orgs)
  const connections = useDesk((s) => s.connections)
  const d = useDesk.getState
  const t = row.token
  const r = row.reminder
  const rotateWhy = t ? denyReason(t.org, orgs, 'add', t.kind) : null
  const revokeWhy = t ? denyReason(t.org, orgs, 'revoke', t.kind) : null
  const deleteWhy = t ? denyReason(t.org, orgs, 'delete', t.kind) : null
  const onPlatform = t ? rotatesOnPlatform(t, connections) : false
  return (
    <li data-token-id={row.tokenId} {...(r ? { 'data-reminder-key': r.key } : {})}>
      <button type="button" className="link" onClick={() => void d().openDetail(row.tokenId)}>
        {row.name}
      </button>
      <span className="muted ellipsis">{t ? `${platformName(t.platform)}${t.org ? ` · ${t.org}` : ''}` : 'reminder'}</span>
      {t ? <StatusChip status={t.status} /> : <span />}
      <span className="ellipsis attention-when" title={r ? r.body : undefined}>
        {t && t.expiresAt !== null ? (
          <>
            {t.status === 'expired' ? `expired ${relative(t.expiresAt)}` : `expires ${relative(t.expiresAt)}`}
            <span className="muted"> ({expiryDate(t.expiresAt)})</span>
          </>
        ) : r ? (
          <span title={`${r.body} Valid through ${exactDateTime(r.expiresAt)}.`}>{r.title}</span>
        ) : null}
      </span>
      <span className="attention-actions">
        {t ? (
          <>
            <button
              type="button"
              className="btn btn-small"
              disabled={!!rotateWhy}
              title={rotateWhy ?? (onPlatform ? `Make the successor of ${t.name} on its platform` : `Replace the secret of ${t.name} with a new one`)}
              onClick={() => d().openRotate(t)}
            >
              Rotate
            </button>
            {deleteOnly(t) ? (
              <button type="button" className="btn btn-small btn-danger-ghost" disabled={!!deleteWhy} title={deleteWhy ?? undefined} onClick={() => d().askConfirm({ action: 'delete', token: t })}>
                Delete
              </button>
            ) : (
              <button type="button" className="btn btn-small btn-danger-ghost" disabled={!!revokeWhy} title={revokeWhy ?? undefined} onClick={() => d().askConfirm({ action: 'revoke', token: t })}>
                Revoke
              </button>
            )}
          </>
        ) : null}
        {r ? (
          <span className="snooze" role="group" aria-label={`Snooze the reminder for ${r.tokenName}`}>
            <span className="muted">Snooze</span>
            <button type="button" className="btn btn-small" aria-label={`Snooze 1 h: ${r.tokenName}`} onClick={() => void d().snooze(r.key, '1h')}>
              1 h
            </button>
            <button type="button" className="btn btn-small" aria-label={`Snooze 1 day: ${r.tokenName}`} onClick={() => void d().snooze(r.key, '1d')}>
              1 day
            </button>
          </span>
        ) : null}
      </span>
    </li>
  )
}
