import * as Dialog from '@radix-ui/react-dialog'
import { useId, useState, type FormEvent } from 'react'
import { NameSchema } from '../../src-main/core/model'
import type { TokenView } from '../../src-preload/contract/channels'
import { errorCode, errorMessage } from '../format'
import { useDesk } from '../store'
import { DialogFooter, DialogHead, ExpiryField, firstIssue, NameField, ScopesField, TextField, useExpiry, useNameField, useScopes } from './fields'
import { DialogShell } from './DialogShell'
import { KIND_RULES } from '../../src-main/core/token-kinds'

/**
 * Edits what TokenDesk keeps about a token — name, expiry, scopes, fields, note — never its
 * secret (core/rules/edit.ts decides what may change; a generated token keeps its platform's
 * expiry and scopes). Only what the user changed is sent.
 */
export function EditTokenDialog() {
  const token = useDesk((s) => s.editDialog)
  return (
    <DialogShell open={token !== null} onClose={() => useDesk.getState().closeEdit()} testId="edit-dialog" wide>
      {token ? <EditForm token={token} /> : null}
    </DialogShell>
  )
}

const FIELD_NAME = /^[a-z][a-z0-9_]{0,39}$/

function EditForm({ token }: { token: TokenView }) {
  const id = useId()
  const linked = !!token.connectionId
  const nameState = useNameField(token.name, true)
  const { name } = nameState
  const [changeExpiry, setChangeExpiry] = useState(false)
  const { expiry, setExpiry, customDate, setCustomDate, pastDateError, expires } = useExpiry(KIND_RULES[token.kind].defaultExpiry)
  const scopeState = useScopes(token.scopes)
  const [fields, setFields] = useState<[string, string][]>(Object.entries(token.fields))
  const [newKey, setNewKey] = useState('')
  const [newValue, setNewValue] = useState('')
  const [note, setNote] = useState(token.note ?? '')
  const [submitted, setSubmitted] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [nameConflict, setNameConflict] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const nameIssue = firstIssue(NameSchema, name)
  const nameError = nameConflict ?? nameIssue
  const newKeyError = newKey && !FIELD_NAME.test(newKey) ? 'field names are lowercase snake_case (e.g. aws_access_key_id)' : newKey && fields.some(([k]) => k === newKey) ? `${newKey} is already a field; change its value above` : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setFormError(null)
    if (nameError || newKeyError || scopeState.scopeError || (changeExpiry && pastDateError)) return
    const all = new Map(fields)
    if (newKey) all.set(newKey, newValue)
    const setF = Object.fromEntries([...all].filter(([k, v]) => token.fields[k] !== v))
    const unset = Object.keys(token.fields).filter((k) => !all.has(k))
    const scopes = scopeState.allScopes()
    const req = {
      id: token.id,
      ...(name !== token.name ? { name } : {}),
      ...(changeExpiry && !linked ? { expires } : {}),
      ...(!linked && scopes.join(' ') !== token.scopes.join(' ') ? { scopes } : {}),
      ...(Object.keys(setF).length ? { fields: setF } : {}),
      ...(unset.length ? { unsetFields: unset } : {}),
      ...((note.trim() || null) !== token.note ? { note: note.trim() || null } : {}),
    }
    setBusy(true)
    try {
      await useDesk.getState().editToken(req)
      useDesk.getState().closeEdit()
    } catch (err) {
      if (errorCode(err) === 'conflict') setNameConflict(errorMessage(err))
      else setFormError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <DialogHead title={`Edit ${token.name}`} />
      <Dialog.Description className="dialog-desc">The secret stays as it is; the token&apos;s history records what you change (field names, never their values).</Dialog.Description>
      <div className="form-grid">
        <NameField
          id={`${id}-name`}
          state={{ ...nameState, setName: (v) => (setNameConflict(null), nameState.setName(v)) }}
          error={submitted || name !== token.name ? nameError : null}
          placeholder={token.name}
          hint="Lowercase letters, digits and hyphens; unique per platform."
        />
        <TextField id={`${id}-note`} label="Note (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />

        {linked ? (
          <p className="hint span-2" role="note">
            Generated on a platform: its expiry and scopes are the platform&apos;s (sync brings any change over).
          </p>
        ) : (
          <>
            <label className="check span-2">
              <input type="checkbox" checked={changeExpiry} onChange={(e) => setChangeExpiry(e.target.checked)} /> Change the expiry (now{' '}
              {token.expiresAt === null ? 'never' : new Date(token.expiresAt).toISOString().slice(0, 10)})
            </label>
            {changeExpiry ? (
              <ExpiryField id={id} expiry={expiry} onExpiry={setExpiry} customDate={customDate} onCustomDate={setCustomDate} allowNever={KIND_RULES[token.kind].allowNever} dateError={pastDateError} />
            ) : null}
            <ScopesField id={id} state={scopeState} placeholder="e.g. read" hint="Separate scopes with commas or spaces." />
          </>
        )}

        <fieldset className="field span-2">
          <legend>Fields</legend>
          {fields.length === 0 ? <p className="hint">No fields yet.</p> : null}
          {fields.map(([k, v], i) => (
            <div className="field-row" key={k}>
              <label htmlFor={`${id}-f-${k}`} className="mono">
                {k}
              </label>
              <input id={`${id}-f-${k}`} className="mono" value={v} spellCheck={false} onChange={(e) => setFields((f) => f.map((p, j) => (j === i ? [k, e.target.value] : p)))} />
              <button type="button" className="btn" aria-label={`Remove field ${k}`} onClick={() => setFields((f) => f.filter((_, j) => j !== i))}>
                Remove
              </button>
            </div>
          ))}
          <div className="field-row">
            <input aria-label="New field name" className="mono" placeholder="new_field" value={newKey} spellCheck={false} onChange={(e) => setNewKey(e.target.value.trim())} aria-invalid={!!newKeyError} />
            <input aria-label="New field value" className="mono" placeholder="value" value={newValue} spellCheck={false} onChange={(e) => setNewValue(e.target.value)} />
          </div>
          {newKeyError ? (
            <p className="error" role="alert">
              {newKeyError}
            </p>
          ) : (
            <p className="hint">Values an SDK needs beside the secret, e.g. aws_access_key_id, instance, url. Not for secrets.</p>
          )}
        </fieldset>
      </div>
      <DialogFooter formError={formError} busy={busy}>
        {busy ? 'Saving…' : 'Save changes'}
      </DialogFooter>
    </form>
  )
}
