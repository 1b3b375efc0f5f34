import { useState } from 'react'
import { exactDateTime } from '../format'
import { useDesk } from '../store'

const SHOWN = 3

/** Reminders due now (from main's planner), each with Snooze 1 hour / 1 day. */
export function Reminders() {
  const reminders = useDesk((s) => s.reminders)
  const total = useDesk((s) => s.remindersTotal)
  const [all, setAll] = useState(false)
  if (reminders.length === 0) return null
  const d = useDesk.getState
  const shown = all ? reminders : reminders.slice(0, SHOWN)
  return (
    <section className="reminders" aria-labelledby="reminders-title" data-testid="reminders">
      <h2 id="reminders-title" className="reminders-title">
        Reminders <span className="banner-sub">({total.toLocaleString('en')})</span>
      </h2>
      <ul className={`reminder-list${all ? ' all' : ''}`}>
        {shown.map((r) => (
          <li key={r.key} data-reminder-key={r.key} data-token-id={r.tokenId}>
            <button type="button" className="link" onClick={() => void d().openDetail(r.tokenId)}>
              {r.title}
            </button>
            <span className="muted" title={`Valid through ${exactDateTime(r.expiresAt)}`}>
              {r.body}
            </span>
            <span className="banner-actions">
              <button type="button" className="btn btn-small" aria-label={`Snooze 1 h: ${r.tokenName}`} onClick={() => void d().snooze(r.key, '1h')}>
                Snooze 1 h
              </button>
              <button type="button" className="btn btn-small" aria-label={`Snooze 1 day: ${r.tokenName}`} onClick={() => void d().snooze(r.key, '1d')}>
                Snooze 1 day
              </button>
            </span>
          </li>
        ))}
      </ul>
      {reminders.length > SHOWN ? (
        <button type="button" className="link" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Show fewer' : total > reminders.length ? `Show the ${reminders.length} soonest` : `Show all ${total}`}
        </button>
      ) : null}
      {all && total > reminders.length ? (
        <p className="hint">{(total - reminders.length).toLocaleString('en')} more; snoozing these brings the next ones up.</p>
      ) : null}
    </section>
  )
}
