import * as Dialog from '@radix-ui/react-dialog'
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { KNOWN_PLATFORMS, KNOWN_PROVIDERS, NameSchema, ScopeSchema, SlugSchema, type TokenKind } from '../../src-main/core/model'
import { EXPIRY_PRESETS } from '../../src-main/core/rules/expiry'
import { errorCode, errorMessage, isoDay, DAY_MS } from '../format'
import { canAddTo } from '../permissions'
import { useDesk, type AddPrefill } from '../store'
import { CloseIcon } from './Icons'
import { useReturnFocus } from './returnFocus'

const OTHER = '__other'
const PRESET_LABEL: Record<string, string> = { '30d': '30 days', '60d': '60 days', '90d': '90 days', '1y': '1 year' }
const QISKIT_CHANNELS = ['ibm_quantum_platform', 'ibm_cloud', 'ibm_quantum'] as const

/** Provider-specific non-secret fields, and how the secret is called for that provider. */
const PROVIDER_FIELDS: Record<string, { fields: { key: string; label: string; hint?: string; options?: readonly string[] }[]; secretLabel?: string }> = {
  'ibm-quantum': {
    fields: [
      { key: 'channel', label: 'Channel', options: QISKIT_CHANNELS },
      { key: 'instance', label: 'Instance', hint: 'CRN or hub/group/project (optional)' },
    ],
    secretLabel: 'API key',
  },
  'aws-braket': {
    fields: [{ key: 'aws_access_key_id', label: 'Access key ID', hint: 'e.g. AKIA…; not secret' }],
    secretLabel: 'Secret access key',
  },
  'azure-quantum': {
    fields: [{ key: 'resource_id', label: 'Resource ID', hint: '/subscriptions/…/Microsoft.Quantum/Workspaces/…' }],
    secretLabel: 'Access key',
  },
}

function firstIssue(schema: typeof NameSchema, v: string): string | null {
  const r = schema.safeParse(v)
  return r.success ? null : (r.error.issues[0]?.message ?? 'invalid')
}

/** Splits typed scopes on commas and whitespace. */
const splitScopes = (s: string) => s.split(/[\s,]+/).filter(Boolean)

export function AddTokenDialog() {
  const { open, prefill } = useDesk((s) => s.addDialog)
  const returnFocus = useReturnFocus(open)
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !o && useDesk.getState().closeAdd()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog dialog-wide" onCloseAutoFocus={returnFocus}>
          {open ? <AddForm key={JSON.stringify(prefill)} prefill={prefill} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function AddForm({ prefill }: { prefill: AddPrefill | null }) {
  const orgs = useDesk((s) => s.orgs)
  const id = useId()
  const known = (k: TokenKind): readonly string[] => (k === 'provider' ? KNOWN_PROVIDERS : KNOWN_PLATFORMS)
  const initialKind: TokenKind = prefill?.kind ?? (useDesk.getState().view === 'provider' ? 'provider' : 'personal')
  const [kind, setKind] = useState<TokenKind>(initialKind)
  const initialPlatform = prefill?.platform ?? known(initialKind)[0]!
  const [platformSel, setPlatformSel] = useState(known(initialKind).includes(initialPlatform) ? initialPlatform : OTHER)
  const [otherPlatform, setOtherPlatform] = useState(known(initialKind).includes(initialPlatform) ? '' : initialPlatform)
  const [name, setName] = useState(prefill?.name ?? '')
  const [nameTouched, setNameTouched] = useState(!!prefill?.name)
  const [nameConflict, setNameConflict] = useState<string | null>(null)
  const [expiry, setExpiry] = useState<string>('30d')
  const [customDate, setCustomDate] = useState(isoDay(Date.now() + 30 * DAY_MS))
  const [scopes, setScopes] = useState<string[]>(prefill?.scopes ?? [])
  const [scopeDraft, setScopeDraft] = useState('')
  const [fields, setFields] = useState<Record<string, string>>(prefill?.fields ?? {})
  const [org, setOrg] = useState<string>(prefill?.org ?? '')
  const [note, setNote] = useState(prefill?.note ?? '')
  const [revokeOld, setRevokeOld] = useState(true)
  const [formError, setFormError] = useState<string | null>(null)
  const [submitted, setSubmitted] = useState(false)
  const [busy, setBusy] = useState(false)
  // The secret stays in the input element only; it is read once on submit and never stored here.
  const secretRef = useRef<HTMLInputElement>(null)
  const [secretError, setSecretError] = useState<string | null>(null)

  const platform = platformSel === OTHER ? otherPlatform.trim() : platformSel
  const providerSpec = kind === 'provider' ? PROVIDER_FIELDS[platform] : undefined
  const managedOrgs = orgs.filter(canAddTo)
  const memberOrgs = orgs.filter((o) => !canAddTo(o))

  const nameError = nameConflict ?? (nameTouched || submitted ? firstIssue(NameSchema, name) : null)
  const platformError = platformSel === OTHER && (otherPlatform || submitted) ? firstIssue(SlugSchema, otherPlatform.trim()) : null
  const scopeError = useMemo(() => {
    for (const s of [...scopes, ...splitScopes(scopeDraft)]) {
      const r = ScopeSchema.safeParse(s)
      if (!r.success) return `"${s}": ${r.error.issues[0]?.message}`
    }
    return null
  }, [scopes, scopeDraft])
  const dateError =
    expiry === 'custom' && (!customDate || customDate < isoDay(Date.now())) ? 'choose a date from today on (the token is valid through that day, UTC)' : null

  // Uniqueness is checked as the user types (the core's conflict error is shown the same way).
  useEffect(() => {
    setNameConflict(null)
    if (firstIssue(NameSchema, name) || !platform || firstIssue(SlugSchema, platform)) return
    const t = setTimeout(() => {
      window.tokendesk.tokens
        .list({ kind, platform, org: kind === 'provider' ? org || null : null, search: name, limit: 50 })
        .then((r) => {
          if (r.items.some((x) => x.name === name)) {
            setNameConflict(`a ${kind} token named "${name}" for ${platform} already exists${org ? ` in ${org}` : ''}; choose another name`)
          }
        })
        .catch(() => undefined)
    }, 250)
    return () => clearTimeout(t)
  }, [name, kind, platform, org])

  const changeKind = (k: TokenKind) => {
    setKind(k)
    setPlatformSel(known(k)[0]!)
    setOtherPlatform('')
    setFields({})
    if (k === 'personal') setOrg('')
    if (k === 'personal' && expiry === 'never') setExpiry('30d')
  }

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
    const secret = secretRef.current?.value ?? ''
    const sErr = secret.length === 0 ? 'paste the secret' : null
    setSecretError(sErr)
    if (nameError || firstIssue(NameSchema, name) || platformError || !platform || scopeError || dateError || sErr) return
    const allScopes = [...new Set([...scopes, ...splitScopes(scopeDraft)])]
    const defaults = Object.fromEntries((providerSpec?.fields ?? []).filter((f) => f.options).map((f) => [f.key, f.options![0]!]))
    const cleanFields = Object.fromEntries(Object.entries({ ...defaults, ...fields }).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))
    setBusy(true)
    try {
      const desk = useDesk.getState()
      const token = await desk.addToken(
        {
          token: {
            kind,
            platform,
            name,
            expires: expiry === 'custom' ? customDate : expiry,
            scopes: allScopes,
            fields: cleanFields,
            org: kind === 'provider' ? org || null : null,
            note: note.trim() ? note.trim() : null,
          },
          secret,
        },
        { revokeAfter: prefill?.rotateFrom && revokeOld ? prefill.rotateFrom.id : undefined },
      )
      if (secretRef.current) secretRef.current.value = ''
      desk.closeAdd()
      desk.showSecretOnce({ variant: 'added', id: token.id, name: token.name, platform: token.platform, secret })
    } catch (err) {
      const code = errorCode(err)
      const msg = errorMessage(err)
      if (code === 'conflict') setNameConflict(msg)
      else if (code === 'invalid_input' && /^name:|invalid name/.test(msg)) setNameConflict(msg.replace(/^name: /, ''))
      else setFormError(msg)
    } finally {
      setBusy(false)
    }
  }

  const title = prefill?.rotateFrom ? `Rotate ${prefill.rotateFrom.name}` : 'Add a token you already have'
  const desc = prefill?.rotateFrom
    ? `Create a new token on ${prefill.platform}, paste its secret here, and TokenDesk stores it as a new token. The old one can be revoked in the same step.`
    : 'Paste a token you created on a platform. The secret goes to your OS keychain; only its name, scopes and dates are kept in TokenDesk.'

  return (
    <form onSubmit={submit} noValidate>
      <div className="dialog-head">
        <Dialog.Title>{title}</Dialog.Title>
        <Dialog.Close className="icon-btn" aria-label="Close">
          <CloseIcon />
        </Dialog.Close>
      </div>
      <Dialog.Description className="dialog-desc">{desc}</Dialog.Description>

      <div className="form-grid">
        <fieldset className="field span-2">
          <legend>Kind</legend>
          <div className="segmented">
            {(['personal', 'provider'] as const).map((k) => (
              <label key={k} className={kind === k ? 'on' : ''}>
                <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => changeKind(k)} />
                {k === 'personal' ? 'Personal access token' : 'Provider token'}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-platform`}>{kind === 'provider' ? 'Provider' : 'Platform'}</label>
          <select id={`${id}-platform`} value={platformSel} onChange={(e) => (setPlatformSel(e.target.value), setFields({}))}>
            {known(kind).map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
            <option value={OTHER}>other…</option>
          </select>
          {platformSel === OTHER ? (
            <>
              <label htmlFor={`${id}-other`} className="sr-only">
                {kind === 'provider' ? 'Provider' : 'Platform'} id
              </label>
              <input
                id={`${id}-other`}
                placeholder="e.g. my-platform"
                value={otherPlatform}
                onChange={(e) => setOtherPlatform(e.target.value)}
                aria-invalid={!!platformError}
                aria-describedby={platformError ? `${id}-other-err` : undefined}
              />
              {platformError ? (
                <p id={`${id}-other-err`} className="error">
                  {platformError}
                </p>
              ) : null}
            </>
          ) : null}
        </div>

        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. ci-runner"
            onChange={(e) => setName(e.target.value)}
            onBlur={() => setNameTouched(true)}
            aria-invalid={!!nameError}
            aria-describedby={`${id}-name-hint${nameError ? ` ${id}-name-err` : ''}`}
          />
          <p id={`${id}-name-hint`} className="hint">
            Lowercase letters, digits and hyphens; unique per {kind === 'provider' ? 'provider and owner' : 'platform'}.
          </p>
          {nameError ? (
            <p id={`${id}-name-err`} className="error" role="alert">
              {nameError}
            </p>
          ) : null}
        </div>

        {kind === 'provider' ? (
          <div className="field span-2">
            <label htmlFor={`${id}-org`}>Owner</label>
            <select id={`${id}-org`} value={org} onChange={(e) => setOrg(e.target.value)} aria-describedby={memberOrgs.length ? `${id}-org-hint` : undefined}>
              <option value="">Just me</option>
              {managedOrgs.map((o) => (
                <option key={o.name} value={o.name}>
                  {o.name} (you are {o.role === 'owner' ? 'an owner' : 'a maintainer'})
                </option>
              ))}
              {memberOrgs.map((o) => (
                <option key={o.name} value={o.name} disabled>
                  {o.name} (member — cannot add)
                </option>
              ))}
            </select>
            {memberOrgs.length ? (
              <p id={`${id}-org-hint`} className="hint">
                You are a member of {memberOrgs.map((o) => o.name).join(', ')}: only an owner or maintainer may add its provider tokens.
              </p>
            ) : null}
          </div>
        ) : null}

        <fieldset className="field span-2">
          <legend>Expires</legend>
          <div className="segmented">
            {[...EXPIRY_PRESETS, 'custom', ...(kind === 'provider' ? ['never'] : [])].map((p) => (
              <label key={p} className={expiry === p ? 'on' : ''}>
                <input type="radio" name={`${id}-exp`} value={p} checked={expiry === p} onChange={() => setExpiry(p)} />
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
                onChange={(e) => setCustomDate(e.target.value)}
                aria-invalid={!!dateError}
              />
            </div>
          ) : null}
          {dateError ? <p className="error">{dateError}</p> : null}
          {expiry === 'never' ? <p className="hint">Only provider tokens may be stored without an expiry. Prefer a date where the provider allows one.</p> : null}
        </fieldset>

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
              placeholder={scopes.length ? '' : 'e.g. jobs:read, backends'}
              onChange={(e) => setScopeDraft(e.target.value)}
              onKeyDown={onScopeKey}
              onBlur={commitScopes}
              aria-describedby={`${id}-scopes-hint`}
              aria-invalid={!!scopeError}
            />
          </div>
          <p id={`${id}-scopes-hint`} className="hint">
            Separate scopes with commas or spaces.
          </p>
          {scopeError ? <p className="error">{scopeError}</p> : null}
        </div>

        {providerSpec?.fields.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`${id}-f-${f.key}`}>{f.label}</label>
            {f.options ? (
              <select id={`${id}-f-${f.key}`} value={fields[f.key] ?? f.options[0]} onChange={(e) => setFields((x) => ({ ...x, [f.key]: e.target.value }))}>
                {f.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : (
              <input
                id={`${id}-f-${f.key}`}
                value={fields[f.key] ?? ''}
                placeholder={f.hint}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setFields((x) => ({ ...x, [f.key]: e.target.value }))}
              />
            )}
          </div>
        ))}

        <div className="field span-2">
          <label htmlFor={`${id}-secret`}>{providerSpec?.secretLabel ?? 'Secret'}</label>
          <input
            id={`${id}-secret`}
            ref={secretRef}
            type="password"
            autoComplete="off"
            spellCheck={false}
            className="mono"
            placeholder="Paste the token"
            aria-invalid={!!secretError}
            aria-describedby={secretError ? `${id}-secret-err` : undefined}
            onChange={() => secretError && setSecretError(null)}
          />
          {secretError ? (
            <p id={`${id}-secret-err`} className="error">
              {secretError}
            </p>
          ) : null}
        </div>

        <div className="field span-2">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <textarea id={`${id}-note`} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>

        {prefill?.rotateFrom ? (
          <label className="check span-2">
            <input type="checkbox" checked={revokeOld} onChange={(e) => setRevokeOld(e.target.checked)} />
            Revoke {prefill.rotateFrom.name} once the new token is added
          </label>
        ) : null}
      </div>

      {formError ? (
        <p className="error form-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="dialog-actions">
        <Dialog.Close className="btn">Cancel</Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Adding…' : prefill?.rotateFrom ? 'Add new token' : 'Add token'}
        </button>
      </div>
    </form>
  )
}
