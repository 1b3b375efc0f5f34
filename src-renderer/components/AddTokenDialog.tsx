import * as Dialog from '@radix-ui/react-dialog'
import { catalogEntry, platformName } from '../../src-main/core/platform-catalog'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { KNOWN_PLATFORMS, KNOWN_PROVIDERS, NameSchema, SlugSchema, TOKEN_KINDS, type TokenKind } from '../../src-main/core/model'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../src-main/core/token-kinds'
import { errorCode, errorMessage } from '../format'
import { canAddTo } from '../permissions'
import { currentListView, useDesk, type AddPrefill } from '../store'
import { DialogFooter, DialogHead, ExpiryField, firstIssue, NameField, ScopesField, SecretField, TextField, useExpiry, useNameField, useScopes } from './fields'
import { useReturnFocus } from './returnFocus'
// `bridge` where a local `desk` (the store) is in scope.
import { desk, desk as bridge } from '../bridge'
import { standaloneCheckFor } from '../../src-main/core/connectors/check-only'

const OTHER = '__other'

const KIND_LABEL: Record<TokenKind, string> = { personal: 'Personal access token', provider: 'Provider token', service: 'Service token' }

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
  const known = (k: TokenKind): readonly string[] => (KIND_RULES[k].target === 'provider' ? KNOWN_PROVIDERS : KNOWN_PLATFORMS)
  const initialKind: TokenKind = prefill?.kind ?? currentListView(useDesk.getState())
  const [kind, setKind] = useState<TokenKind>(initialKind)
  const initialPlatform = prefill?.platform ?? known(initialKind)[0]!
  const [platformSel, setPlatformSel] = useState(known(initialKind).includes(initialPlatform) ? initialPlatform : OTHER)
  const [otherPlatform, setOtherPlatform] = useState(known(initialKind).includes(initialPlatform) ? '' : initialPlatform)
  const nameState = useNameField(prefill?.name ?? '', !!prefill?.name)
  const { name, nameTouched } = nameState
  const [nameConflict, setNameConflict] = useState<string | null>(null)
  const { expiry, setExpiry, customDate, setCustomDate, pastDateError, expires } = useExpiry(KIND_RULES[initialKind].defaultExpiry)
  const scopeState = useScopes(prefill?.scopes ?? [])
  const { scopeError } = scopeState
  const [fields, setFields] = useState<Record<string, string>>(prefill?.fields ?? {})
  const [org, setOrg] = useState<string>(prefill?.org ?? '')
  const [account, setAccount] = useState(prefill?.fields?.[SERVICE_ACCOUNT_FIELD] ?? '')
  const [note, setNote] = useState(prefill?.note ?? '')
  const [formError, setFormError] = useState<string | null>(null)
  const [submitted, setSubmitted] = useState(false)
  const [busy, setBusy] = useState(false)
  // The secret stays in the input element only; it is read once on submit and never stored here.
  const secretRef = useRef<HTMLInputElement>(null)
  const [secretError, setSecretError] = useState<string | null>(null)
  // Set once the platform's token page was opened: the dialog waits for the paste.
  const [openedPage, setOpenedPage] = useState<string | null>(null)

  const platform = platformSel === OTHER ? otherPlatform.trim() : platformSel
  // The platform's fields and the name of its secret, from the catalog (custom platforms have none).
  const entry = catalogEntry(platform)
  const rule = KIND_RULES[kind]
  const spec = entry?.kind === (rule.target === 'provider' ? 'provider' : 'personal') ? entry : undefined
  const managedOrgs = orgs.filter(canAddTo)
  const memberOrgs = orgs.filter((o) => !canAddTo(o))
  const ownerOrg = rule.org === 'none' ? null : org || null
  const orgError = rule.org === 'required' && submitted && !org ? `a ${rule.noun} belongs to an organization you own or maintain` : null
  const accountError = kind === 'service' && submitted && !account.trim() ? 'name the service account the token acts as' : null

  const nameError = nameConflict ?? (nameTouched || submitted ? firstIssue(NameSchema, name) : null)
  const platformError = platformSel === OTHER && (otherPlatform || submitted) ? firstIssue(SlugSchema, otherPlatform.trim()) : null
  const dateError = pastDateError

  // Uniqueness is checked as the user types (the core's conflict error is shown the same way).
  useEffect(() => {
    setNameConflict(null)
    if (firstIssue(NameSchema, name) || !platform || firstIssue(SlugSchema, platform)) return
    const t = setTimeout(() => {
      desk.tokens
        .list({ kind, platform, org: ownerOrg, search: name, limit: 50 })
        .then((r) => {
          if (r.items.some((x) => x.name === name)) {
            setNameConflict(`a ${KIND_RULES[kind].noun} named "${name}" for ${platform} already exists${ownerOrg ? ` in ${ownerOrg}` : ''}; choose another name`)
          }
        })
        .catch(() => undefined)
    }, 250)
    return () => clearTimeout(t)
  }, [name, kind, platform, ownerOrg])

  const changeKind = (k: TokenKind) => {
    const from = KIND_RULES[kind]
    const to = KIND_RULES[k]
    setKind(k)
    if (to.target !== from.target) {
      setPlatformSel(known(k)[0]!)
      setOtherPlatform('')
      setFields({})
    }
    if (to.org === 'none') setOrg('')
    // The expiry follows the kind's default unless the user chose another one.
    if (expiry === from.defaultExpiry || (expiry === 'never' && !to.allowNever)) setExpiry(to.defaultExpiry)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setFormError(null)
    const secret = secretRef.current?.value ?? ''
    const sErr = secret.length === 0 ? 'paste the secret' : null
    setSecretError(sErr)
    if (nameError || firstIssue(NameSchema, name) || platformError || !platform || scopeError || dateError || sErr) return
    if ((rule.org === 'required' && !org) || (kind === 'service' && !account.trim())) return
    const allScopes = scopeState.allScopes()
    const defaults = Object.fromEntries((spec?.fields ?? []).filter((f) => f.options).map((f) => [f.key, f.options![0]!]))
    const withAccount = kind === 'service' ? { ...fields, [SERVICE_ACCOUNT_FIELD]: account } : fields
    const cleanFields = Object.fromEntries(Object.entries({ ...defaults, ...withAccount }).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()]))
    setBusy(true)
    try {
      // Where the platform's who-am-I needs no connection, the pasted token is checked before it is
      // stored: a token the platform refuses is not kept; one it accepts says whose it is.
      let checked: string | null = null
      if (standaloneCheckFor({ kind, platform })) {
        try {
          const r = await bridge.tokens.checkNew({ kind, platform, secret })
          if (r.available && r.status === 'rejected') {
            setSecretError(`${r.message ?? 'the platform refused this token'}; nothing was stored`)
            return
          }
          if (r.available && r.ok) checked = r.message ?? null
        } catch (err) {
          checked = `Not checked: ${errorMessage(err)}`
        }
      }
      const desk = useDesk.getState()
      const token = await desk.addToken(
        {
          token: {
            kind,
            platform,
            name,
            expires,
            scopes: allScopes,
            fields: cleanFields,
            org: ownerOrg,
            note: note.trim() ? note.trim() : null,
          },
          secret,
        },
      )
      if (secretRef.current) secretRef.current.value = ''
      desk.closeAdd()
      desk.showSecretOnce({ variant: 'added', id: token.id, name: token.name, platform: platformName(token.platform), secret })
      if (checked) desk.toast({ tone: checked.startsWith('Not checked') ? 'info' : 'success', title: checked.startsWith('Not checked') ? `${token.name} was stored without a check` : `${token.name} works`, description: checked })
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

  const title = 'Add a token you already have'
  const desc = 'Paste a token you created on a platform. The secret goes to your OS keychain; only its name, scopes and dates are kept in TokenDesk.'

  return (
    <form onSubmit={submit} noValidate>
      <DialogHead title={title} />
      <Dialog.Description className="dialog-desc">{desc}</Dialog.Description>

      <div className="form-grid">
        <fieldset className="field span-2">
          <legend>Kind</legend>
          <div className="segmented">
            {TOKEN_KINDS.map((k) => (
              <label key={k} className={kind === k ? 'on' : ''}>
                <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => changeKind(k)} />
                {KIND_LABEL[k]}
              </label>
            ))}
          </div>
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-platform`}>{rule.target === 'provider' ? 'Provider' : 'Platform'}</label>
          <select id={`${id}-platform`} value={platformSel} onChange={(e) => (setPlatformSel(e.target.value), setFields({}))}>
            {known(kind).map((p) => (
              <option key={p} value={p}>
                {platformName(p)}
              </option>
            ))}
            <option value={OTHER}>other…</option>
          </select>
          {platformSel === OTHER ? (
            <>
              <label htmlFor={`${id}-other`} className="sr-only">
                {rule.target === 'provider' ? 'Provider' : 'Platform'} id
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

        <NameField
          id={`${id}-name`}
          state={nameState}
          error={nameError}
          placeholder="e.g. ci-runner"
          hint={`Lowercase letters, digits and hyphens; unique per ${rule.target}${rule.org === 'none' ? '' : ' and owner'}.`}
        />

        {rule.org !== 'none' ? (
          <div className="field span-2">
            <label htmlFor={`${id}-org`}>{rule.org === 'required' ? 'Organization' : 'Owner'}</label>
            <select
              id={`${id}-org`}
              value={org}
              onChange={(e) => setOrg(e.target.value)}
              aria-invalid={!!orgError}
              aria-describedby={[memberOrgs.length ? `${id}-org-hint` : '', orgError ? `${id}-org-err` : ''].filter(Boolean).join(' ') || undefined}
            >
              <option value="">{rule.org === 'required' ? 'Choose an organization…' : 'Just me'}</option>
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
                You are a member of {memberOrgs.map((o) => o.name).join(', ')}: only an owner or maintainer may add its {rule.noun}s.
              </p>
            ) : null}
            {rule.org === 'required' && orgs.length === 0 ? (
              <p className="hint">Add the organization under Organizations first, with your role in it.</p>
            ) : null}
            {orgError ? (
              <p id={`${id}-org-err`} className="error">
                {orgError}
              </p>
            ) : null}
          </div>
        ) : null}

        {kind === 'service' ? (
          <TextField
            id={`${id}-account`}
            wide
            label="Service account"
            value={account}
            autoComplete="off"
            spellCheck={false}
            placeholder="e.g. etl-pipeline"
            onChange={(e) => setAccount(e.target.value)}
            error={accountError}
            hint="The service account the token acts as, as your platform names it."
          />
        ) : null}

        <ExpiryField
          id={id}
          expiry={expiry}
          onExpiry={setExpiry}
          customDate={customDate}
          onCustomDate={setCustomDate}
          allowNever={rule.allowNever}
          dateError={dateError}
        >
          {expiry === 'never' ? <p className="hint">Only provider and service tokens may be kept without an expiry. Prefer a date where the platform allows one.</p> : null}
        </ExpiryField>

        <ScopesField id={id} state={scopeState} placeholder="e.g. jobs:read, backends" hint="Separate scopes with commas or spaces." />

        {spec?.fields.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`${id}-f-${f.key}`}>
              {f.label}
              {f.required ? '' : ' (optional)'}
            </label>
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
                placeholder={f.help}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => setFields((x) => ({ ...x, [f.key]: e.target.value }))}
              />
            )}
          </div>
        ))}

        {spec?.createAt ? (
          <div className="field span-2 create-on" data-testid="create-on-platform">
            <button
              type="button"
              className="btn"
              onClick={() => {
                void bridge.desktop
                  .openCreatePage({ platform })
                  .then((r) => {
                    setOpenedPage(r.url)
                    secretRef.current?.focus()
                  })
                  .catch((err: unknown) => setFormError(errorMessage(err)))
              }}
            >
              Create it on {spec.name}
            </button>
            <p className="hint" role="status">
              {openedPage
                ? `Opened ${new URL(openedPage).host} in your browser. Make the token there, copy it, and paste it below.`
                : `${spec.name} has no API TokenDesk can make tokens with: this opens where you make one, in your browser.`}
            </p>
          </div>
        ) : null}

        <SecretField
          id={`${id}-secret`}
          label={kind === 'service' ? 'Service token' : (spec?.secretLabel ?? 'Secret')}
          inputRef={secretRef}
          error={secretError}
          onChange={() => secretError && setSecretError(null)}
          placeholder="Paste the token"
          wide
        />

        <div className="field span-2">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <textarea id={`${id}-note`} rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>

      </div>

      <DialogFooter formError={formError} busy={busy}>
        {busy ? 'Adding…' : 'Add token'}
      </DialogFooter>
    </form>
  )
}
