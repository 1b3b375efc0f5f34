import * as Dialog from '@radix-ui/react-dialog'
import { useEffect, useId, useMemo, useState, type FormEvent, type KeyboardEvent } from 'react'
import { NameSchema, ScopeSchema } from '../../src-main/core/model'
import { EXPIRY_PRESETS } from '../../src-main/core/rules/expiry'
import { DAY_MS, errorCode, errorMessage, isoDay } from '../format'
import { useDesk } from '../store'
import { CloseIcon } from './Icons'
import { useReturnFocus } from './returnFocus'

const PRESET_LABEL: Record<string, string> = { '30d': '30 days', '60d': '60 days', '90d': '90 days', '1y': '1 year' }
const splitScopes = (s: string) => s.split(/[\s,]+/).filter(Boolean)

/** Creates a personal token on a connected platform; the secret is then shown once. */
export function GenerateDialog() {
  const { open, connectionId } = useDesk((s) => s.generateDialog)
  const returnFocus = useReturnFocus(open)
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !o && useDesk.getState().closeGenerate()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="generate-dialog" onCloseAutoFocus={returnFocus}>
          {open ? <GenerateForm initialConnection={connectionId} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function GenerateForm({ initialConnection }: { initialConnection: string | null }) {
  const id = useId()
  const all = useDesk((s) => s.connections)
  const usable = all.filter((c) => c.capabilities.createToken)
  const [connId, setConnId] = useState(initialConnection && usable.some((c) => c.id === initialConnection) ? initialConnection : (usable[0]?.id ?? ''))
  const conn = usable.find((c) => c.id === connId) ?? null
  const [name, setName] = useState('')
  const [nameTouched, setNameTouched] = useState(false)
  const [nameConflict, setNameConflict] = useState<string | null>(null)
  const [expiry, setExpiry] = useState('30d')
  const [customDate, setCustomDate] = useState(isoDay(Date.now() + 30 * DAY_MS))
  const [scopes, setScopes] = useState<string[]>([])
  const [scopeDraft, setScopeDraft] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const nameIssue = (() => {
    const r = NameSchema.safeParse(name)
    return r.success ? null : (r.error.issues[0]?.message ?? 'invalid')
  })()
  const nameError = nameConflict ?? (nameTouched || submitted ? nameIssue : null)
  const scopeError = useMemo(() => {
    for (const s of [...scopes, ...splitScopes(scopeDraft)]) {
      const r = ScopeSchema.safeParse(s)
      if (!r.success) return `"${s}": ${r.error.issues[0]?.message}`
    }
    return null
  }, [scopes, scopeDraft])
  const today = isoDay(Date.now())
  const maxDay = isoDay(Date.now() + 365 * DAY_MS)
  const dateError =
    expiry === 'custom' && (!customDate || customDate < today)
      ? 'choose a date from today on (the token is valid through that day, UTC)'
      : expiry === 'custom' && conn && !conn.capabilities.expiresAt && customDate > maxDay
        ? `${conn.kind} takes an expiry of at most one year`
        : null

  // Uniqueness per platform, checked as the user types (the core's conflict is shown the same way).
  useEffect(() => {
    setNameConflict(null)
    if (!conn || nameIssue) return
    const t = setTimeout(() => {
      window.tokendesk.tokens
        .list({ kind: 'personal', platform: conn.kind, search: name, limit: 50 })
        .then((r) => {
          if (r.items.some((x) => x.name === name)) setNameConflict(`a personal token named "${name}" for ${conn.kind} already exists; choose another name`)
        })
        .catch(() => undefined)
    }, 250)
    return () => clearTimeout(t)
  }, [name, conn, nameIssue])

  const commitScopes = () => {
    const next = splitScopes(scopeDraft)
    if (next.length === 0) return
    setScopes((s) => [...new Set([...s, ...next])])
    setScopeDraft('')
  }
  const onScopeKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',' || e.key === ' ') {
      e.preventDefault()
      commitScopes()
    } else if (e.key === 'Backspace' && scopeDraft === '' && scopes.length > 0) {
      setScopes((s) => s.slice(0, -1))
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setFormError(null)
    if (!conn || nameError || nameIssue || scopeError || dateError) return
    const allScopes = conn.capabilities.scopes ? [...new Set([...scopes, ...splitScopes(scopeDraft)])] : []
    setBusy(true)
    try {
      const desk = useDesk.getState()
      const { token, secret } = await desk.generate({
        connectionId: conn.id,
        name,
        expires: expiry === 'custom' ? customDate : expiry,
        ...(allScopes.length ? { scopes: allScopes } : {}),
      })
      desk.closeGenerate()
      desk.showSecretOnce({ variant: 'generated', id: token.id, name: token.name, platform: `${token.platform} (connection ${conn.name})`, secret })
    } catch (err) {
      const code = errorCode(err)
      const msg = errorMessage(err)
      if (code === 'conflict') setNameConflict(msg)
      else setFormError(msg)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <div className="dialog-head">
        <Dialog.Title>Generate a personal token</Dialog.Title>
        <Dialog.Close className="icon-btn" aria-label="Close">
          <CloseIcon />
        </Dialog.Close>
      </div>
      <Dialog.Description className="dialog-desc">
        TokenDesk creates the token on the platform and stores its secret in your OS keychain. You see the secret once, right after.
      </Dialog.Description>
      {usable.length === 0 ? (
        <p className="hint" role="note">
          No connection can generate tokens. Connect a TokenDesk hub or Qualytics account under Connections first.
        </p>
      ) : null}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-conn`}>Connection</label>
          <select id={`${id}-conn`} value={connId} onChange={(e) => setConnId(e.target.value)} disabled={usable.length === 0}>
            {usable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} — {c.kind}
                {c.account ? ` (${c.account})` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. laptop-notebook"
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setNameTouched(true)}
            aria-invalid={!!nameError}
            aria-describedby={`${id}-name-hint${nameError ? ` ${id}-name-err` : ''}`}
          />
          <p id={`${id}-name-hint`} className="hint">
            Lowercase letters, digits and hyphens; unique per platform.
          </p>
          {nameError ? (
            <p id={`${id}-name-err`} className="error" role="alert">
              {nameError}
            </p>
          ) : null}
        </div>

        <fieldset className="field span-2">
          <legend>Expires</legend>
          <div className="segmented">
            {[...EXPIRY_PRESETS, 'custom'].map((p) => (
              <label key={p} className={expiry === p ? 'on' : ''}>
                <input type="radio" name={`${id}-exp`} value={p} checked={expiry === p} onChange={() => setExpiry(p)} />
                {PRESET_LABEL[p] ?? 'Custom date'}
              </label>
            ))}
          </div>
          {expiry === 'custom' ? (
            <div className="inline-date">
              <label htmlFor={`${id}-date`}>Valid through (UTC)</label>
              <input
                id={`${id}-date`}
                type="date"
                value={customDate}
                min={today}
                onChange={(e) => setCustomDate(e.target.value)}
                aria-invalid={!!dateError}
              />
            </div>
          ) : null}
          {dateError ? <p className="error">{dateError}</p> : null}
          {conn && !conn.capabilities.expiresAt ? <p className="hint">{conn.kind} takes an expiry in whole days; a date is rounded up to whole days from now.</p> : null}
        </fieldset>

        {!conn || conn.capabilities.scopes ? (
          <div className="field span-2">
            <label htmlFor={`${id}-scopes`}>Scopes</label>
            <div className="chips-input" onClick={() => document.getElementById(`${id}-scopes`)?.focus()}>
              {scopes.map((s) => (
                <span className="scope" key={s}>
                  {s}
                  <button type="button" className="chip-x" aria-label={`Remove scope ${s}`} onClick={() => setScopes((x) => x.filter((y) => y !== s))}>
                    ×
                  </button>
                </span>
              ))}
              <input
                id={`${id}-scopes`}
                value={scopeDraft}
                placeholder={scopes.length ? '' : 'e.g. tokens:read'}
                onChange={(e) => setScopeDraft(e.target.value)}
                onKeyDown={onScopeKey}
                onBlur={commitScopes}
                aria-describedby={`${id}-scopes-hint`}
                aria-invalid={!!scopeError}
              />
            </div>
            <p id={`${id}-scopes-hint`} className="hint">
              Separate scopes with commas or spaces. The platform refuses scopes your management token does not hold.
            </p>
            {scopeError ? <p className="error">{scopeError}</p> : null}
          </div>
        ) : (
          <p className="hint span-2" role="note">
            {conn.kind} tokens take no scopes: a token there has your account&apos;s permissions.
          </p>
        )}
      </div>
      {formError ? (
        <p className="error form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="dialog-actions">
        <Dialog.Close className="btn">Cancel</Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={busy || !conn}>
          {busy ? 'Generating…' : 'Generate token'}
        </button>
      </div>
    </form>
  )
}
