import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Settings } from '../../src-preload/contract/channels'
import { DAY_MS } from '../format'
import { useDesk } from '../store'
import { BackupSection } from './BackupSection'
import { KeychainCheckSection } from './KeychainCheckSection'

const HOUR = DAY_MS / 24

/** Lead times are edited in days (fractions allowed, 0 = at expiry) and stored in ms. */
const toDays = (ms: number) => String(Math.round((ms / DAY_MS) * 100) / 100)

export function SettingsView() {
  const settings = useDesk((s) => s.settings)
  if (!settings) return <p className="page muted">Loading settings…</p>
  return (
    <div className="page">
      <SettingsForm key={JSON.stringify(settings)} settings={settings} />
      <BackupSection />
      <KeychainCheckSection />
    </div>
  )
}

function SettingsForm({ settings }: { settings: Settings }) {
  const id = useId()
  const [windowDays, setWindowDays] = useState(String(settings.expiringWindowDays))
  const [leads, setLeads] = useState(settings.reminderLeadTimesMs.map(toDays))
  const [clip, setClip] = useState(String(settings.clipboardClearSeconds))
  const [theme, setTheme] = useState(settings.theme)
  const [openAtLogin, setOpenAtLogin] = useState(settings.openAtLogin)
  const [linuxBackground, setLinuxBackground] = useState(settings.linuxKeepRunningInBackground)
  const [busy, setBusy] = useState(false)

  // The theme previews at once; saving makes it stick.
  useEffect(() => {
    document.documentElement.dataset.theme = theme
    return () => {
      document.documentElement.dataset.theme = useDesk.getState().settings?.theme ?? 'system'
    }
  }, [theme])

  const wd = Number(windowDays)
  const windowErr = Number.isInteger(wd) && wd >= 1 && wd <= 90 ? null : 'a whole number of days from 1 to 90'
  const cs = Number(clip)
  const clipErr = Number.isInteger(cs) && cs >= 5 && cs <= 600 ? null : 'a whole number of seconds from 5 to 600'
  const leadMs = leads.map((l) => Math.round(Number(l) * DAY_MS))
  const leadErr = leads.some((l) => l.trim() === '' || !Number.isFinite(Number(l)) || Number(l) < 0 || Number(l) > 90)
    ? 'each lead time is 0 to 90 days (0 = at expiry)'
    : null

  const save = async (e: FormEvent) => {
    e.preventDefault()
    if (windowErr || clipErr || leadErr) return
    setBusy(true)
    await useDesk.getState().updateSettings({
      expiringWindowDays: wd,
      reminderLeadTimesMs: [...new Set(leadMs)].sort((a, b) => b - a),
      clipboardClearSeconds: cs,
      theme,
      openAtLogin,
      linuxKeepRunningInBackground: linuxBackground,
    })
    setBusy(false)
  }

  const leadText = (ms: number) => (ms === 0 ? 'at expiry' : ms % DAY_MS === 0 ? `${ms / DAY_MS} d before` : `${Math.round(ms / HOUR)} h before`)

  return (
    <form className="page" onSubmit={save} noValidate>
      <section className="card">
        <h2>Expiry and reminders</h2>
        <div className="field narrow">
          <label htmlFor={`${id}-window`}>Expiring window (days)</label>
          <input
            id={`${id}-window`}
            type="number"
            min={1}
            max={90}
            value={windowDays}
            onChange={(e) => setWindowDays(e.target.value)}
            aria-invalid={!!windowErr}
            aria-describedby={`${id}-window-hint`}
          />
          <p id={`${id}-window-hint`} className={windowErr ? 'error' : 'hint'}>
            {windowErr ?? 'Tokens this close to expiry turn amber and show in the banner.'}
          </p>
        </div>
        <fieldset className="field">
          <legend>Reminder lead times (days before expiry)</legend>
          <div className="lead-list">
            {leads.map((l, i) => (
              <span key={i} className="lead">
                <label className="sr-only" htmlFor={`${id}-lead-${i}`}>
                  Reminder {i + 1}, days before expiry
                </label>
                <input id={`${id}-lead-${i}`} type="number" min={0} max={90} step="any" value={l} onChange={(e) => setLeads(leads.map((x, j) => (j === i ? e.target.value : x)))} />
                <button type="button" className="icon-btn" aria-label={`Remove reminder ${i + 1}`} onClick={() => setLeads(leads.filter((_, j) => j !== i))}>
                  ×
                </button>
              </span>
            ))}
            {leads.length < 6 ? (
              <button type="button" className="btn btn-small" onClick={() => setLeads([...leads, '1'])}>
                Add reminder
              </button>
            ) : null}
          </div>
          <p className={leadErr ? 'error' : 'hint'}>{leadErr ?? `Reminders: ${leadErr ? '' : leadMs.map(leadText).join(', ') || 'none'}. Use 0 for a reminder at expiry, 0.25 for 6 hours.`}</p>
        </fieldset>
      </section>
      <section className="card">
        <h2>Clipboard</h2>
        <div className="field narrow">
          <label htmlFor={`${id}-clip`}>Clear the clipboard after (seconds)</label>
          <input id={`${id}-clip`} type="number" min={5} max={600} value={clip} onChange={(e) => setClip(e.target.value)} aria-invalid={!!clipErr} aria-describedby={`${id}-clip-hint`} />
          <p id={`${id}-clip-hint`} className={clipErr ? 'error' : 'hint'}>
            {clipErr ?? 'A copied secret is removed from the clipboard after this delay, unless you copied something else meanwhile.'}
          </p>
        </div>
      </section>
      <section className="card">
        <h2>Appearance and startup</h2>
        <fieldset className="field">
          <legend>Theme</legend>
          <div className="segmented">
            {(['system', 'light', 'dark'] as const).map((t) => (
              <label key={t} className={theme === t ? 'on' : ''}>
                <input type="radio" name={`${id}-theme`} value={t} checked={theme === t} onChange={() => setTheme(t)} />
                {t === 'system' ? 'Match system' : t === 'light' ? 'Light' : 'Dark'}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={openAtLogin} onChange={(e) => setOpenAtLogin(e.target.checked)} />
          Open TokenDesk at login
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={linuxBackground}
            aria-describedby={`${id}-bg-hint`}
            onChange={(e) => setLinuxBackground(e.target.checked)}
          />
          On Linux, keep running in the background when the window closes
        </label>
        <p id={`${id}-bg-hint`} className="hint">
          Only if your desktop shows tray icons: otherwise TokenDesk would keep running with no way back to it. Windows and macOS
          always keep running (notification area, Dock).
        </p>
      </section>
      <div className="page-actions">
        <button type="submit" className="btn btn-primary" disabled={busy || !!(windowErr || clipErr || leadErr)}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  )
}
