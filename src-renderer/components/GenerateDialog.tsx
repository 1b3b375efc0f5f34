import * as Dialog from '@radix-ui/react-dialog'
import { platformName } from '../../src-main/core/platform-catalog'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { NameSchema } from '../../src-main/core/model'
import { KINDS, mintsFor } from '../../src-main/core/connectors/kinds'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../src-main/core/token-kinds'
import { canAddTo } from '../permissions'
import { DAY_MS, errorCode, errorMessage, isoDay } from '../format'
import { useDesk } from '../store'
import { DialogFooter, DialogHead, ExpiryField, firstIssue, NameField, ScopesField, TextField, useExpiry, useNameField, useScopes } from './fields'
import { DialogShell } from './DialogShell'
import { desk } from '../bridge'

/**
 * Creates a token on a connected platform (a personal token, or an IBM Quantum API key: what the
 * connection's kind makes, connectors/kinds.ts); the secret is then shown once.
 */
export function GenerateDialog() {
  const { open, connectionId, service } = useDesk((s) => s.generateDialog)
  return (
    <DialogShell open={open} onClose={() => useDesk.getState().closeGenerate()} testId="generate-dialog" wide>
      {open ? <GenerateForm initialConnection={connectionId} initialService={service} /> : null}
    </DialogShell>
  )
}

function GenerateForm({ initialConnection, initialService }: { initialConnection: string | null; initialService: boolean }) {
  const id = useId()
  const all = useDesk((s) => s.connections)
  const managedOrgs = useDesk((s) => s.orgs).filter(canAddTo)
  const usable = all.filter((c) => c.capabilities.createToken)
  const [connId, setConnId] = useState(initialConnection && usable.some((c) => c.id === initialConnection) ? initialConnection : (usable[0]?.id ?? ''))
  const conn = usable.find((c) => c.id === connId) ?? null
  // A Qualytics connection also makes service tokens: for a service account, of an organization.
  const serviceField = conn ? KINDS[conn.kind].serviceAccountField : undefined
  const [forService, setForService] = useState(initialService)
  const service = forService && serviceField !== undefined
  const [org, setOrg] = useState(managedOrgs[0]?.name ?? '')
  const [account, setAccount] = useState('')
  const [accountId, setAccountId] = useState('')
  const mints = conn ? mintsFor(conn.kind, service && serviceField ? { [serviceField]: accountId } : undefined) : null
  const owner = service ? org || null : null
  const label = conn ? KINDS[conn.kind].label : ''
  const [instance, setInstance] = useState('')
  const nameState = useNameField()
  const { name, nameTouched } = nameState
  const [nameConflict, setNameConflict] = useState<string | null>(null)
  const { expiry, setExpiry, customDate, setCustomDate, pastDateError, expires } = useExpiry()
  const scopeState = useScopes()
  const { scopeError } = scopeState
  const [submitted, setSubmitted] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const nameIssue = firstIssue(NameSchema, name)
  const nameError = nameConflict ?? (nameTouched || submitted ? nameIssue : null)
  const maxDay = isoDay(Date.now() + 365 * DAY_MS)
  const dateError =
    pastDateError ??
    (expiry === 'custom' && conn && !conn.capabilities.expiresAt && customDate > maxDay
      ? `${conn.kind} takes an expiry of at most one year`
      : null)

  // Uniqueness per platform, checked as the user types (the core's conflict is shown the same way).
  useEffect(() => {
    setNameConflict(null)
    if (!mints || nameIssue) return
    const t = setTimeout(() => {
      desk.tokens
        .list({ kind: mints.kind, platform: mints.platform, org: owner, search: name, limit: 50 })
        .then((r) => {
          if (r.items.some((x) => x.name === name)) setNameConflict(`a ${KIND_RULES[mints.kind].noun} named "${name}" for ${mints.platform} already exists; choose another name`)
        })
        .catch(() => undefined)
    }, 250)
    return () => clearTimeout(t)
  }, [name, mints?.kind, mints?.platform, owner, nameIssue])
  // "Never" only where the platform's keys may live without an expiry (IBM Cloud API keys).
  const allowNever = conn?.capabilities.noExpiry === true
  useEffect(() => {
    if (!allowNever && expiry === 'never') setExpiry('30d')
  }, [allowNever, expiry, setExpiry])
  const serviceErrors = {
    org: service && !org ? 'choose an organization you own or maintain' : null,
    account: service && !account.trim() ? 'name the service account' : null,
    accountId: service && !/^\d{1,18}$/.test(accountId.trim()) ? "the service account's numeric user id on the platform" : null,
  }
  const crn = instance.trim()
  const instanceError = crn && !/^crn:v1:[\x21-\x7e]+$/.test(crn) ? 'an instance is a CRN: crn:v1:… as IBM Quantum shows it on the instance page' : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setFormError(null)
    if (!conn || nameError || nameIssue || scopeError || dateError || instanceError) return
    if (serviceErrors.org || serviceErrors.account || serviceErrors.accountId) return
    const allScopes = conn.capabilities.scopes ? scopeState.allScopes() : []
    setBusy(true)
    try {
      const desk = useDesk.getState()
      const { token, secret } = await desk.generate({
        connectionId: conn.id,
        name,
        ...(conn.capabilities.neverExpires ? {} : { expires }),
        ...(allScopes.length ? { scopes: allScopes } : {}),
        ...(conn.kind === 'ibm-cloud' && crn ? { fields: { instance: crn } } : {}),
        ...(service && serviceField ? { org, fields: { [SERVICE_ACCOUNT_FIELD]: account.trim(), [serviceField]: accountId.trim() } } : {}),
      })
      desk.closeGenerate()
      desk.showSecretOnce({ variant: 'generated', id: token.id, name: token.name, platform: `${platformName(token.platform)} (connection ${conn.name})`, secret })
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
      <DialogHead title={conn?.kind === 'ibm-cloud' ? 'Generate an IBM Cloud API key' : conn?.kind === 'aws-iam' ? 'Generate an AWS access key' : service ? 'Generate a service token' : 'Generate a personal token'} />
      <Dialog.Description className="dialog-desc">
        {conn?.kind === 'ibm-cloud'
          ? 'TokenDesk creates the API key in your IBM Cloud account and keeps it as an IBM Quantum provider token in your OS keychain. You see it once, right after.'
          : conn?.kind === 'aws-iam'
            ? 'TokenDesk creates an access key for your IAM user and keeps it as an Amazon Braket provider token (with its key id) in your OS keychain. You see the secret once, right after. AWS allows two keys per user.'
          : service
            ? "TokenDesk creates the token on the platform for the organization's service account and stores its secret in your OS keychain. You see the secret once, right after; every member of the organization may use it."
            : 'TokenDesk creates the token on the platform and stores its secret in your OS keychain. You see the secret once, right after.'}
      </Dialog.Description>
      {usable.length === 0 ? (
        <p className="hint" role="note">
          No connection can generate tokens. Connect a TokenDesk hub, Qualytics or IBM Cloud account under Connections first.
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
        {serviceField !== undefined ? (
          <fieldset className="field">
            <legend>For</legend>
            <div className="segmented">
              <label className={service ? '' : 'on'}>
                <input type="radio" name={`${id}-for`} checked={!service} onChange={() => setForService(false)} />
                Me
              </label>
              <label className={service ? 'on' : ''}>
                <input type="radio" name={`${id}-for`} checked={service} onChange={() => setForService(true)} />
                A service account
              </label>
            </div>
          </fieldset>
        ) : null}
        {service ? (
          <>
            <div className="field">
              <label htmlFor={`${id}-org`}>Organization</label>
              <select id={`${id}-org`} value={org} onChange={(e) => setOrg(e.target.value)} aria-invalid={submitted && !!serviceErrors.org} aria-describedby={submitted && serviceErrors.org ? `${id}-org-err` : undefined}>
                <option value="">Choose…</option>
                {managedOrgs.map((o) => (
                  <option key={o.name} value={o.name}>
                    {o.name}
                  </option>
                ))}
              </select>
              {managedOrgs.length === 0 ? <p className="hint">Only an organization&apos;s owners and maintainers make its service tokens: add one you manage under Organizations.</p> : null}
              {submitted && serviceErrors.org ? (
                <p id={`${id}-org-err`} className="error">
                  {serviceErrors.org}
                </p>
              ) : null}
            </div>
            <TextField id={`${id}-account`} label="Service account" value={account} autoComplete="off" spellCheck={false} placeholder="e.g. etl-pipeline" onChange={(e) => setAccount(e.target.value)} error={submitted ? serviceErrors.account : null} />
            <TextField
              id={`${id}-account-id`}
              label="Its user id"
              value={accountId}
              inputMode="numeric"
              autoComplete="off"
              inputClassName="mono"
              placeholder="e.g. 77"
              onChange={(e) => setAccountId(e.target.value)}
              error={submitted ? serviceErrors.accountId : null}
              hint={`The service account's user id on ${label}; the platform makes the token for that account.`}
            />
          </>
        ) : null}
        <NameField
          id={`${id}-name`}
          state={nameState}
          error={nameError}
          placeholder="e.g. laptop-notebook"
          hint="Lowercase letters, digits and hyphens; unique per platform."
        />
        {conn?.kind === 'ibm-cloud' ? (
          <TextField
            id={`${id}-instance`}
            wide
            label="IBM Quantum instance (optional)"
            value={instance}
            autoComplete="off"
            spellCheck={false}
            inputClassName="mono"
            placeholder="crn:v1:bluemix:public:quantum-computing:us-east:a/…::"
            onChange={(e) => setInstance(e.target.value)}
            error={submitted ? instanceError : null}
            hint="Kept with the key; SDK configs (qiskit-ibm.json, QISKIT_IBM_INSTANCE) get it too."
          />
        ) : null}

        {conn?.capabilities.neverExpires ? (
          <p className="hint span-2" role="note">
            {label} keys do not expire: TokenDesk keeps this one without an expiry. Rotate it from time to time; revoke it as soon as you no longer need it.
          </p>
        ) : (
        <ExpiryField id={id} expiry={expiry} onExpiry={setExpiry} customDate={customDate} onCustomDate={setCustomDate} allowNever={allowNever} dateError={dateError}>
          {conn && !conn.capabilities.expiresAt ? <p className="hint">{label} takes an expiry in whole days; a date is rounded up to whole days from now.</p> : null}
          {allowNever && expiry === 'never' ? <p className="hint">The key works until you revoke or delete it; TokenDesk cannot remind you before it stops.</p> : null}
        </ExpiryField>
        )}

        {!conn || conn.capabilities.scopes ? (
          <ScopesField
            id={id}
            state={scopeState}
            placeholder="e.g. tokens:read"
            hint="Separate scopes with commas or spaces. The platform refuses scopes your management token does not hold."
          />
        ) : (
          <p className="hint span-2" role="note">
            {label} {conn.kind === 'ibm-cloud' ? 'API keys' : conn.kind === 'aws-iam' ? 'access keys' : 'tokens'} take no scopes: {mints?.kind === 'provider' ? 'a key' : 'a token there'} has {service ? 'the service account' : 'your account'}&apos;s permissions.
          </p>
        )}
      </div>
      <DialogFooter formError={formError} busy={busy} disabled={!conn}>
        {busy ? 'Generating…' : 'Generate token'}
      </DialogFooter>
    </form>
  )
}
