import * as Dialog from '@radix-ui/react-dialog'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { NameSchema } from '../../src-main/core/model'
import { DAY_MS, errorCode, errorMessage, isoDay } from '../format'
import { useDesk } from '../store'
import { DialogFooter, DialogHead, ExpiryField, firstIssue, NameField, ScopesField, useExpiry, useNameField, useScopes } from './fields'
import { useReturnFocus } from './returnFocus'
import { desk } from '../bridge'

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
    if (!conn || nameIssue) return
    const t = setTimeout(() => {
      desk.tokens
        .list({ kind: 'personal', platform: conn.kind, search: name, limit: 50 })
        .then((r) => {
          if (r.items.some((x) => x.name === name)) setNameConflict(`a personal token named "${name}" for ${conn.kind} already exists; choose another name`)
        })
        .catch(() => undefined)
    }, 250)
    return () => clearTimeout(t)
  }, [name, conn, nameIssue])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setFormError(null)
    if (!conn || nameError || nameIssue || scopeError || dateError) return
    const allScopes = conn.capabilities.scopes ? scopeState.allScopes() : []
    setBusy(true)
    try {
      const desk = useDesk.getState()
      const { token, secret } = await desk.generate({
        connectionId: conn.id,
        name,
        expires,
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
      <DialogHead title="Generate a personal token" />
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
        <NameField
          id={`${id}-name`}
          state={nameState}
          error={nameError}
          placeholder="e.g. laptop-notebook"
          hint="Lowercase letters, digits and hyphens; unique per platform."
        />

        <ExpiryField id={id} expiry={expiry} onExpiry={setExpiry} customDate={customDate} onCustomDate={setCustomDate} dateError={dateError}>
          {conn && !conn.capabilities.expiresAt ? <p className="hint">{conn.kind} takes an expiry in whole days; a date is rounded up to whole days from now.</p> : null}
        </ExpiryField>

        {!conn || conn.capabilities.scopes ? (
          <ScopesField
            id={id}
            state={scopeState}
            placeholder="e.g. tokens:read"
            hint="Separate scopes with commas or spaces. The platform refuses scopes your management token does not hold."
          />
        ) : (
          <p className="hint span-2" role="note">
            {conn.kind} tokens take no scopes: a token there has your account&apos;s permissions.
          </p>
        )}
      </div>
      <DialogFooter formError={formError} busy={busy} disabled={!conn}>
        {busy ? 'Generating…' : 'Generate token'}
      </DialogFooter>
    </form>
  )
}
