import * as Dialog from '@radix-ui/react-dialog'
import { platformName } from '../../src-main/core/platform-catalog'
import { useEffect, useId, useState, type FormEvent } from 'react'
import { KINDS } from '../../src-main/core/connectors/kinds'
import type { TokenView } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage } from '../format'
import { useDesk } from '../store'
import { DialogFooter, DialogHead } from './fields'
import { DialogShell } from './DialogShell'

const GRACE: readonly { value: 'now' | '1h' | '1d' | '7d'; label: string }[] = [
  { value: 'now', label: 'Now' },
  { value: '1h', label: 'After 1 hour' },
  { value: '1d', label: 'After 1 day' },
  { value: '7d', label: 'After 7 days' },
]

/**
 * Rotation on the platform (core/connections/rotation.ts): the platform makes the successor, which
 * takes this token's place; the old platform token is revoked now or after a grace period, by
 * whichever TokenDesk process runs then. The files holding the old secret can be updated at once.
 */
export function RotateDialog() {
  const token = useDesk((s) => s.rotateDialog)
  return (
    <DialogShell open={token !== null} onClose={() => useDesk.getState().closeRotate()} testId="rotate-dialog">
      {token ? <RotateForm token={token} /> : null}
    </DialogShell>
  )
}

function RotateForm({ token }: { token: TokenView }) {
  const id = useId()
  const conn = useDesk((s) => s.connections.find((c) => c.id === token.connectionId) ?? null)
  const where = conn ? `${KINDS[conn.kind].label} (${conn.name})` : token.platform
  const [grace, setGrace] = useState<(typeof GRACE)[number]['value']>('1d')
  const [copies, setCopies] = useState(0)
  const [updateCopies, setUpdateCopies] = useState(true)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    desk.placements
      .list({ id: token.id })
      .then((r) => setCopies(r.placements.filter((p) => p.state === 'current').length))
      .catch(() => setCopies(0))
  }, [token.id])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setFormError(null)
    setBusy(true)
    const d = useDesk.getState()
    try {
      const r = await d.rotateOnPlatform(token.id, grace)
      d.closeRotate()
      d.showSecretOnce({ variant: 'generated', id: r.token.id, name: r.token.name, platform: `${platformName(r.token.platform)} (rotated on ${where})`, secret: r.secret })
      const old = r.retireError
        ? `The old platform token could not be revoked yet (${r.retireError}); TokenDesk tries again at its next start or sync.`
        : r.retireAt <= Date.now()
          ? 'The old platform token is revoked.'
          : `The old platform token stays valid until ${new Date(r.retireAt).toLocaleString()}, then TokenDesk revokes it.`
      let files = ''
      if (updateCopies && copies > 0) {
        const u = await desk.placements.update({ id: token.id, replace: false })
        files = ` ${u.written.length} ${u.written.length === 1 ? 'file was' : 'files were'} updated${u.left.length ? `; ${u.left.length} left as they are` : ''}.`
      }
      d.toast({ tone: 'success', title: `${r.token.name} rotated`, description: old + files })
    } catch (err) {
      setFormError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <DialogHead title={`Rotate ${token.name} on the platform`} />
      <Dialog.Description className="dialog-desc">
        {where} makes a new token with the same scopes and lifetime. It takes {token.name}&apos;s place here (same name and history); you see its secret once.
      </Dialog.Description>
      <fieldset className="field">
        <legend>Revoke the old platform token</legend>
        <div className="segmented">
          {GRACE.map((g) => (
            <label key={g.value} className={grace === g.value ? 'on' : ''}>
              <input type="radio" name={`${id}-grace`} value={g.value} checked={grace === g.value} onChange={() => setGrace(g.value)} />
              {g.label}
            </label>
          ))}
        </div>
        <p className="hint">A grace period lets running jobs finish with the old token; whichever TokenDesk runs then (this app, a CLI run) revokes it.</p>
      </fieldset>
      {copies > 0 ? (
        <label className="check">
          <input type="checkbox" checked={updateCopies} onChange={(e) => setUpdateCopies(e.target.checked)} /> Update the {copies} {copies === 1 ? 'file' : 'files'} that hold it
        </label>
      ) : null}
      <DialogFooter formError={formError} busy={busy}>
        {busy ? 'Rotating…' : 'Rotate'}
      </DialogFooter>
    </form>
  )
}
