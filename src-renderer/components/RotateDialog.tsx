import * as Dialog from '@radix-ui/react-dialog'
import { catalogEntry, platformName } from '../../src-main/core/platform-catalog'
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { KINDS } from '../../src-main/core/connectors/kinds'
import type { TokenView } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage, inSentence } from '../format'
import { useDesk } from '../store'
import { DialogFooter, DialogHead, SecretField } from './fields'
import { DialogShell } from './DialogShell'
import { rotatesOnPlatform } from './actions'

const GRACE: readonly { value: 'now' | '1h' | '1d' | '7d'; label: string }[] = [
  { value: 'now', label: 'Now' },
  { value: '1h', label: 'After 1 hour' },
  { value: '1d', label: 'After 1 day' },
  { value: '7d', label: 'After 7 days' },
]

/**
 * Rotate means one thing in the app and the CLI: the token keeps its name, id and history and
 * gets a new secret. A connected token's platform makes it (core/connections/rotation.ts; the old
 * platform token is revoked now or after a grace period, by whichever TokenDesk process runs
 * then); for any other token the user makes it on the platform and pastes it here, as with
 * `tokendesk rotate`. Either way the files holding the old secret can be updated at once.
 */
export function RotateDialog() {
  const token = useDesk((s) => s.rotateDialog)
  const connections = useDesk((s) => s.connections)
  return (
    <DialogShell open={token !== null} onClose={() => useDesk.getState().closeRotate()} testId="rotate-dialog">
      {token ? rotatesOnPlatform(token, connections) ? <PlatformRotateForm token={token} /> : <SecretRotateForm token={token} /> : null}
    </DialogShell>
  )
}

/**
 * "Update the N files that hold it": the files holding the token's current secret, counted before
 * the rotation; after it, `update()` writes the new secret into them (when ticked) and says how it
 * went, for the toast.
 */
function useUpdateFiles(id: string) {
  const [count, setCount] = useState(0)
  const [wanted, setWanted] = useState(true)
  useEffect(() => {
    desk.placements
      .list({ id })
      .then((r) => setCount(r.placements.filter((p) => p.state === 'current').length))
      .catch(() => setCount(0))
  }, [id])
  const update = async (): Promise<string> => {
    if (!wanted || count === 0) return ''
    const u = await desk.placements.update({ id, replace: false })
    return ` ${u.written.length} ${u.written.length === 1 ? 'file was' : 'files were'} updated${u.left.length ? `; ${u.left.length} left as they are` : ''}.`
  }
  return { count, wanted, setWanted, update }
}

function UpdateFilesCheck({ files }: { files: ReturnType<typeof useUpdateFiles> }) {
  if (files.count === 0) return null
  return (
    <label className="check">
      <input type="checkbox" checked={files.wanted} onChange={(e) => files.setWanted(e.target.checked)} /> Update the {files.count} {files.count === 1 ? 'file that holds' : 'files that hold'} it
    </label>
  )
}

function SecretRotateForm({ token }: { token: TokenView }) {
  const id = useId()
  const files = useUpdateFiles(token.id)
  const [formError, setFormError] = useState<string | null>(null)
  const [secretError, setSecretError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // The secret stays in the input element only; it is read once on submit and never stored here.
  const secretRef = useRef<HTMLInputElement>(null)
  const platform = platformName(token.platform)
  const secretLabel = catalogEntry(token.platform)?.secretLabel ?? 'Secret'

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setFormError(null)
    const secret = secretRef.current?.value ?? ''
    if (!secret) return setSecretError('paste the new secret')
    setBusy(true)
    const d = useDesk.getState()
    try {
      const t = await d.rotateToken(token.id, secret)
      if (secretRef.current) secretRef.current.value = ''
      d.closeRotate()
      const written = await files.update()
      d.toast({ tone: 'success', title: `${t.name} rotated`, description: `The new secret replaced the old one in your keychain. Revoke the old one on ${platform} once nothing uses it.${written}` })
    } catch (err) {
      setFormError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <DialogHead title={`Rotate ${token.name}`} />
      <Dialog.Description className="dialog-desc">
        Make a new token on {platform} and paste its secret here. It replaces {token.name}&apos;s secret — same name and history, as <code>tokendesk rotate</code> does.
      </Dialog.Description>
      <SecretField
        id={`${id}-secret`}
        label={`New ${inSentence(secretLabel)}`}
        inputRef={secretRef}
        error={secretError}
        onChange={() => secretError && setSecretError(null)}
        placeholder="Paste the new token"
      />
      <UpdateFilesCheck files={files} />
      <DialogFooter formError={formError} busy={busy}>
        {busy ? 'Rotating…' : 'Replace secret'}
      </DialogFooter>
    </form>
  )
}

function PlatformRotateForm({ token }: { token: TokenView }) {
  const id = useId()
  const conn = useDesk((s) => s.connections.find((c) => c.id === token.connectionId) ?? null)
  const where = conn ? `${KINDS[conn.kind].label} (${conn.name})` : token.platform
  const [grace, setGrace] = useState<(typeof GRACE)[number]['value']>('1d')
  const files = useUpdateFiles(token.id)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

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
      d.toast({ tone: 'success', title: `${r.token.name} rotated`, description: old + (await files.update()) })
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
      <UpdateFilesCheck files={files} />
      <DialogFooter formError={formError} busy={busy}>
        {busy ? 'Rotating…' : 'Rotate'}
      </DialogFooter>
    </form>
  )
}
