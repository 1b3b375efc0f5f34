/**
 * Form pieces shared by the Add token, Rotate, Generate and Connect dialogs: labelled text fields with
 * hint and inline error, the name field, the expiry fieldset, the scopes chips input (with its state
 * hook), the secret input, and the dialog head and footer. None of these ever holds a secret: the
 * secret input is uncontrolled, read by its dialog through a ref.
 */
import * as Dialog from '@radix-ui/react-dialog'
import { useMemo, useState, type InputHTMLAttributes, type KeyboardEvent, type ReactNode, type RefObject } from 'react'
import { ScopeSchema } from '../../src-main/core/model'
import { EXPIRY_PRESETS } from '../../src-main/core/rules/expiry'
import { DAY_MS, isoDay } from '../format'
import { CloseIcon } from './Icons'

const PRESET_LABEL: Record<string, string> = { '30d': '30 days', '60d': '60 days', '90d': '90 days', '1y': '1 year' }

/** The first issue a schema finds in a value, or null when it is valid. */
export function firstIssue(schema: { safeParse(v: unknown): { success: true } | { success: false; error: { issues: { message: string }[] } } }, v: string): string | null {
  const r = schema.safeParse(v)
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid')
}

/** Splits typed scopes on commas and whitespace. */
export const splitScopes = (s: string) => s.split(/[\s,]+/).filter(Boolean)

/* ---------- text fields ---------- */

type TextFieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'aria-invalid' | 'aria-describedby' | 'className'> & {
  /** The input's id; the hint and error get `${id}-hint` and `${id}-err`. */
  id: string
  label: ReactNode
  hint?: ReactNode
  error?: string | null
  /** Announce the error as an alert (name fields do). */
  alertError?: boolean
  /** Class names of the wrapping field, besides `field`. */
  wide?: boolean
  inputClassName?: string
}

/** A labelled, controlled text input with an optional hint and inline error, wired by aria-describedby. */
export function TextField({ id, label, hint, error, alertError, wide, inputClassName, ...input }: TextFieldProps) {
  const hasHint = hint !== undefined && hint !== null
  const describedBy = hasHint ? `${id}-hint${error ? ` ${id}-err` : ''}` : error ? `${id}-err` : undefined
  return (
    <div className={wide ? 'field span-2' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} className={inputClassName} aria-invalid={!!error} aria-describedby={describedBy} />
      {hasHint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-err`} className="error" role={alertError ? 'alert' : undefined}>
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** The token name: validated inline once touched (blur) or on submit; the conflict check stays with the dialog. */
export function useNameField(initial = '', initiallyTouched = false) {
  const [name, setName] = useState(initial)
  const [nameTouched, setNameTouched] = useState(initiallyTouched)
  return { name, setName, nameTouched, setNameTouched }
}

export function NameField({ id, state, error, placeholder, hint }: { id: string; state: ReturnType<typeof useNameField>; error: string | null; placeholder: string; hint: ReactNode }) {
  return (
    <TextField
      id={id}
      label="Name"
      value={state.name}
      autoComplete="off"
      spellCheck={false}
      placeholder={placeholder}
      onChange={(e) => state.setName(e.target.value)}
      onBlur={() => state.setNameTouched(true)}
      error={error}
      alertError
      hint={hint}
    />
  )
}

/* ---------- expiry ---------- */

export const PAST_DATE_ERROR = 'choose a date from today on (the token is valid through that day, UTC)'

/** Expiry choice (a preset, 'custom' or 'never') and the custom date; `expires` is what the core takes. */
/** The expiry choice; provider keys start at "never" (they do not expire by themselves), personal tokens at 30 days. */
export function useExpiry(initial: string = '30d') {
  const [expiry, setExpiry] = useState<string>(initial)
  const [customDate, setCustomDate] = useState(isoDay(Date.now() + 30 * DAY_MS))
  const today = isoDay(Date.now())
  const pastDateError = expiry === 'custom' && (!customDate || customDate < today) ? PAST_DATE_ERROR : null
  const expires = expiry === 'custom' ? customDate : expiry
  return { expiry, setExpiry, customDate, setCustomDate, pastDateError, expires }
}

export function ExpiryField({
  id,
  expiry,
  onExpiry,
  customDate,
  onCustomDate,
  allowNever = false,
  dateError,
  children,
}: {
  /** The dialog's useId(); radios are named `${id}-exp`, the date input is `${id}-date`. */
  id: string
  expiry: string
  onExpiry: (v: string) => void
  customDate: string
  onCustomDate: (v: string) => void
  allowNever?: boolean
  dateError: string | null
  /** Hints shown below the choice. */
  children?: ReactNode
}) {
  return (
    <fieldset className="field span-2">
      <legend>Expires</legend>
      <div className="segmented">
        {[...EXPIRY_PRESETS, 'custom', ...(allowNever ? ['never'] : [])].map((p) => (
          <label key={p} className={expiry === p ? 'on' : ''}>
            <input type="radio" name={`${id}-exp`} value={p} checked={expiry === p} onChange={() => onExpiry(p)} />
            {PRESET_LABEL[p] ?? (p === 'custom' ? 'Custom date' : 'Never')}
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
            min={isoDay(Date.now())}
            onChange={(e) => onCustomDate(e.target.value)}
            aria-invalid={!!dateError}
          />
        </div>
      ) : null}
      {dateError ? <p className="error">{dateError}</p> : null}
      {children}
    </fieldset>
  )
}

/* ---------- scopes ---------- */

/** Committed scope chips plus the text being typed; the draft counts as scopes on submit. */
export function useScopes(initial: string[] = []) {
  const [scopes, setScopes] = useState<string[]>(initial)
  const [scopeDraft, setScopeDraft] = useState('')
  const scopeError = useMemo(() => {
    for (const s of [...scopes, ...splitScopes(scopeDraft)]) {
      const r = ScopeSchema.safeParse(s)
      if (!r.success) return `"${s}": ${r.error.issues[0]?.message}`
    }
    return null
  }, [scopes, scopeDraft])

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

  const removeScope = (s: string) => setScopes((x) => x.filter((y) => y !== s))
  /** Chips and draft together, without duplicates. */
  const allScopes = () => [...new Set([...scopes, ...splitScopes(scopeDraft)])]

  return { scopes, scopeDraft, setScopeDraft, scopeError, commitScopes, onScopeKey, removeScope, allScopes }
}

export type ScopesState = ReturnType<typeof useScopes>

export function ScopesField({ id, state, placeholder, hint }: { id: string; state: ScopesState; placeholder: string; hint: ReactNode }) {
  const { scopes, scopeDraft, setScopeDraft, scopeError, commitScopes, onScopeKey, removeScope } = state
  return (
    <div className="field span-2">
      <label htmlFor={`${id}-scopes`}>Scopes</label>
      <div className="chips-input" onClick={() => document.getElementById(`${id}-scopes`)?.focus()}>
        {scopes.map((s) => (
          <span className="scope" key={s}>
            {s}
            <button type="button" className="chip-x" aria-label={`Remove scope ${s}`} onClick={() => removeScope(s)}>
              ×
            </button>
          </span>
        ))}
        <input
          id={`${id}-scopes`}
          value={scopeDraft}
          placeholder={scopes.length ? '' : placeholder}
          onChange={(e) => setScopeDraft(e.target.value)}
          onKeyDown={onScopeKey}
          onBlur={commitScopes}
          aria-describedby={`${id}-scopes-hint`}
          aria-invalid={!!scopeError}
        />
      </div>
      <p id={`${id}-scopes-hint`} className="hint">
        {hint}
      </p>
      {scopeError ? <p className="error">{scopeError}</p> : null}
    </div>
  )
}

/* ---------- dialog frame ---------- */

export function DialogHead({ title }: { title: ReactNode }) {
  return (
    <div className="dialog-head">
      <Dialog.Title>{title}</Dialog.Title>
      <Dialog.Close className="icon-btn" aria-label="Close">
        <CloseIcon />
      </Dialog.Close>
    </div>
  )
}

/** The form-level error and the Cancel / submit row. */
export function DialogFooter({ formError, busy, disabled, children }: { formError: string | null; busy: boolean; disabled?: boolean; children: ReactNode }) {
  return (
    <>
      {formError ? (
        <p className="error form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="dialog-actions">
        <Dialog.Close className="btn">Cancel</Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={busy || !!disabled}>
          {children}
        </button>
      </div>
    </>
  )
}

/**
 * A secret's input. The secret stays in the element — read once on submit through `inputRef` —
 * and never reaches React state or the store.
 */
export function SecretField({ id, label, inputRef, error, onChange, placeholder, wide }: { id: string; label: string; inputRef: RefObject<HTMLInputElement | null>; error: string | null; onChange: () => void; placeholder: string; wide?: boolean }) {
  return (
    <div className={`field${wide ? ' span-2' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        autoComplete="off"
        spellCheck={false}
        className="mono"
        placeholder={placeholder}
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={onChange}
      />
      {error ? (
        <p id={`${id}-err`} className="error">
          {error}
        </p>
      ) : null}
    </div>
  )
}
