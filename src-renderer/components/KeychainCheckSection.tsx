import * as Dialog from '@radix-ui/react-dialog'
import { useId, useState, type FormEvent } from 'react'
import { KNOWN_PLATFORMS, KNOWN_PROVIDERS, type TokenKind } from '../../src-main/core/model'
import type { Orphan } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage, exactDate } from '../format'
import { useDesk } from '../store'
import { FormFooter } from './FormFooter'

/**
 * Settings → Keychain check: the keychain entries no token points at (a deleted or new
 * database, an old crash), each kept as a token or removed. Nothing is removed without the
 * user's second click; the secrets never come to the window.
 */
export function KeychainCheckSection() {
  const [orphans, setOrphans] = useState<Orphan[] | null>(null)
  const [reclaimed, setReclaimed] = useState(0)
  const [busy, setBusy] = useState(false)
  const [adopting, setAdopting] = useState<Orphan | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)

  const check = async () => {
    setBusy(true)
    try {
      const r = await desk.doctor.orphans({})
      setOrphans(r.orphans)
      setReclaimed(r.reclaimed)
    } catch (e) {
      useDesk.getState().toast({ tone: 'error', title: 'The keychain could not be checked', description: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  const purge = async (ref: string) => {
    try {
      await desk.doctor.purge({ ref })
      setOrphans((o) => o?.filter((x) => x.ref !== ref) ?? null)
      useDesk.getState().toast({ tone: 'success', title: 'Keychain entry removed' })
    } catch (e) {
      useDesk.getState().toast({ tone: 'error', title: 'The entry was not removed', description: errorMessage(e) })
    }
    setConfirming(null)
  }

  return (
    <section className="card" aria-labelledby="keychain-check-title" data-testid="keychain-check">
      <h2 id="keychain-check-title">Keychain check</h2>
      <p className="hint">
        Finds secrets in the OS keychain that no token points at — after a deleted or new database, or an old crash. Each may be the
        only copy of a secret: keep it as a token, or remove it. Entries of tokens the history shows deleted are removed on their own.
      </p>
      <div className="row-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void check()}>
          {busy ? 'Checking…' : 'Check the keychain'}
        </button>
      </div>
      {orphans === null ? null : orphans.length === 0 ? (
        <p role="status">
          Every keychain entry belongs to a token or connection.{reclaimed > 0 ? ` ${reclaimed} of deleted tokens were removed.` : ''}
        </p>
      ) : (
        <>
          <p role="status">
            {orphans.length} keychain {orphans.length === 1 ? 'entry belongs' : 'entries belong'} to no token.
          </p>
          <table className="table">
            <thead>
              <tr>
                <th>Keychain entry</th>
                <th>Known as</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {orphans.map((o) => (
                <tr key={o.ref}>
                  <td className="mono">{o.ref}</td>
                  <td>{o.lastName ? `${o.lastName}${o.deletedAt ? `, deleted ${exactDate(o.deletedAt)}` : ''}` : 'no token known'}</td>
                  <td className="actions-cell">
                    <button type="button" className="btn btn-small" onClick={() => setAdopting(o)}>
                      Keep as token…
                    </button>{' '}
                    {confirming === o.ref ? (
                      <button type="button" className="btn btn-small btn-danger" onClick={() => void purge(o.ref)}>
                        Remove permanently
                      </button>
                    ) : (
                      <button type="button" className="btn btn-small" onClick={() => setConfirming(o.ref)}>
                        Remove…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <Dialog.Root open={adopting !== null} onOpenChange={(o) => !o && setAdopting(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="overlay" />
          <Dialog.Content className="dialog dialog-narrow" data-testid="adopt-dialog">
            {adopting ? (
              <AdoptForm
                orphan={adopting}
                onDone={(ref) => {
                  setOrphans((o) => o?.filter((x) => x.ref !== ref) ?? null)
                  setAdopting(null)
                }}
              />
            ) : null}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </section>
  )
}

function AdoptForm({ orphan, onDone }: { orphan: Orphan; onDone: (ref: string) => void }) {
  const id = useId()
  const [kind, setKind] = useState<TokenKind>('personal')
  const [platform, setPlatform] = useState('')
  const [name, setName] = useState(orphan.lastName ?? '')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const known = kind === 'provider' ? KNOWN_PROVIDERS : KNOWN_PLATFORMS

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const t = await desk.doctor.adopt({ ref: orphan.ref, token: { kind, platform: platform.trim(), name: name.trim(), expires: kind === 'provider' ? 'never' : '90d' } })
      useDesk.getState().toast({ tone: 'success', title: `Kept as ${t.name}`, description: 'The secret was moved into the new token; the old entry is gone.' })
      onDone(orphan.ref)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Dialog.Title>Keep as a token</Dialog.Title>
      <Dialog.Description className="dialog-desc">
        The secret of <span className="mono">{orphan.ref}</span> becomes a new token. It is not shown; it moves from one keychain entry to
        the other. Personal tokens get 90 days, provider tokens no expiry; change it later by rotating.
      </Dialog.Description>
      <fieldset className="field">
        <legend>Kind</legend>
        <div className="segmented">
          {(['personal', 'provider'] as const).map((k) => (
            <label key={k} className={kind === k ? 'on' : ''}>
              <input type="radio" name={`${id}-kind`} value={k} checked={kind === k} onChange={() => setKind(k)} />
              {k === 'personal' ? 'Personal' : 'Provider'}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-platform`}>{kind === 'provider' ? 'Provider' : 'Platform'}</label>
        <input id={`${id}-platform`} list={`${id}-known`} value={platform} onChange={(e) => setPlatform(e.target.value)} autoFocus />
        <datalist id={`${id}-known`}>
          {known.map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <FormFooter error={error} busy={busy} disabled={!platform.trim() || !name.trim()} label="Keep as token" busyLabel="Keeping…" />
    </form>
  )
}
