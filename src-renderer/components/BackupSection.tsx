import * as Dialog from '@radix-ui/react-dialog'
import { useId, useState, type FormEvent } from 'react'
import type { BackupReport, RestoreReport } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage } from '../format'
import { FormFooter } from './FormFooter'

const MIN_PASSPHRASE = 10

type Mode = 'create' | 'restore'

/**
 * Settings → Backup. The passphrase lives only in the open dialog's own state: it goes to main
 * with the request and is dropped when the dialog closes (never in the store, never shown).
 */
export function BackupSection() {
  const [mode, setMode] = useState<Mode | null>(null)
  return (
    <section className="card" aria-labelledby="backup-title">
      <h2 id="backup-title">Backup</h2>
      <p className="hint">
        One file with every token, its secret and its history, encrypted with a passphrase (the age format; <code>age -d</code> opens it
        too). Keep it and the passphrase apart: with a new laptop or a reset keyring, restore brings everything back. Platform connections
        are not included.
      </p>
      <div className="row-actions">
        <button type="button" className="btn" onClick={() => setMode('create')}>
          Create backup…
        </button>
        <button type="button" className="btn" onClick={() => setMode('restore')}>
          Restore from backup…
        </button>
      </div>
      <Dialog.Root open={mode !== null} onOpenChange={(o) => !o && setMode(null)}>
        <Dialog.Portal>
          <Dialog.Overlay className="overlay" />
          <Dialog.Content className="dialog dialog-narrow" data-testid="backup-dialog" onInteractOutside={(e) => e.preventDefault()}>
            {mode ? <BackupForm key={mode} mode={mode} onDone={() => setMode(null)} /> : null}
          </Dialog.Content>
        </Dialog.Portal>
      </Dialog.Root>
    </section>
  )
}

function BackupForm({ mode, onDone }: { mode: Mode; onDone: () => void }) {
  const id = useId()
  const [path, setPath] = useState('')
  const [suggested, setSuggested] = useState(false)
  const [pass, setPass] = useState('')
  const [again, setAgain] = useState('')
  const [flag, setFlag] = useState(false) // overwrite (create) or rename (restore)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [result, setResult] = useState<BackupReport & { file: string } | RestoreReport | null>(null)

  if (mode === 'create' && !suggested) {
    setSuggested(true)
    void desk.backup.suggestPath({}).then((r) => setPath((p) => p || r.path), () => undefined)
  }

  const passErr = mode === 'create' && pass.length > 0 && pass.length < MIN_PASSPHRASE ? `at least ${MIN_PASSPHRASE} characters` : null
  const againErr = mode === 'create' && again.length > 0 && again !== pass ? 'the two passphrases differ' : null
  const ready = path.trim() !== '' && pass.length > 0 && !passErr && !againErr && (mode === 'restore' || again === pass)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!ready || busy) return
    setBusy(true)
    setError(null)
    try {
      if (mode === 'create') setResult(await desk.backup.create({ path: path.trim(), passphrase: pass, overwrite: flag }))
      else setResult(await desk.backup.restore({ path: path.trim(), passphrase: pass, rename: flag }))
      setPass('')
      setAgain('')
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  if (result) {
    return (
      <>
        <Dialog.Title>{mode === 'create' ? 'Backup written' : 'Backup restored'}</Dialog.Title>
        <Dialog.Description className="dialog-desc">{'file' in result ? createdText(result) : restoredText(result)}</Dialog.Description>
        {'skipped' in result && result.skipped.length > 0 ? (
          <ul className="plain-list" aria-label="Skipped">
            {result.skipped.map((s) => (
              <li key={s.name}>{s.reason}</li>
            ))}
          </ul>
        ) : null}
        {'failed' in result && result.failed.length > 0 ? (
          <ul className="plain-list error" aria-label="Not restored">
            {result.failed.map((f) => (
              <li key={f.name}>
                {f.name}: {f.reason}
              </li>
            ))}
          </ul>
        ) : null}
        <div className="dialog-actions">
          <button type="button" className="btn btn-primary" onClick={onDone} autoFocus>
            Done
          </button>
        </div>
      </>
    )
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Dialog.Title>{mode === 'create' ? 'Create a backup' : 'Restore from a backup'}</Dialog.Title>
      <Dialog.Description className="dialog-desc">
        {mode === 'create'
          ? 'Every token with its secret and history goes into one encrypted file, readable only by you. Without the passphrase nobody, you included, can open it.'
          : "The backup's tokens are added to this vault. Tokens whose name is already here are skipped, or restored under a new name if you ask."}
      </Dialog.Description>
      <div className="field">
        <label htmlFor={`${id}-path`}>{mode === 'create' ? 'Save to' : 'Backup file'}</label>
        <input id={`${id}-path`} className="mono" value={path} placeholder="/home/you/tokendesk-backup.age" onChange={(e) => setPath(e.target.value)} spellCheck={false} autoFocus />
        <p className="hint">The full path of the file.</p>
      </div>
      <div className="field">
        <label htmlFor={`${id}-pass`}>Passphrase</label>
        <input id={`${id}-pass`} type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} aria-invalid={!!passErr} aria-describedby={`${id}-pass-hint`} />
        <p id={`${id}-pass-hint`} className={passErr ? 'error' : 'hint'}>
          {passErr ?? (mode === 'create' ? `At least ${MIN_PASSPHRASE} characters; several unrelated words are easy to type and hard to guess.` : 'The passphrase the backup was made with.')}
        </p>
      </div>
      {mode === 'create' ? (
        <div className="field">
          <label htmlFor={`${id}-again`}>The same passphrase again</label>
          <input id={`${id}-again`} type="password" autoComplete="off" value={again} onChange={(e) => setAgain(e.target.value)} aria-invalid={!!againErr} />
          {againErr ? <p className="error">{againErr}</p> : null}
        </div>
      ) : null}
      <label className="check">
        <input type="checkbox" checked={flag} onChange={(e) => setFlag(e.target.checked)} />
        {mode === 'create' ? 'Replace the file if it exists' : 'Restore tokens whose name is taken as NAME-restored'}
      </label>
      <FormFooter
        error={error}
        busy={busy}
        disabled={!ready}
        label={mode === 'create' ? 'Create backup' : 'Restore'}
        busyLabel={mode === 'create' ? 'Encrypting…' : 'Restoring…'}
      />
    </form>
  )
}

function createdText(r: BackupReport & { file: string }): string {
  const missing = r.missingSecrets.length > 0 ? ` Left out ${r.missingSecrets.length} whose secret is not in the keychain: ${r.missingSecrets.join(', ')}.` : ''
  return `${r.tokens} token${r.tokens === 1 ? '' : 's'} with their secrets and history are in ${r.file}.${missing} Keep the passphrase somewhere else.`
}

function restoredText(r: RestoreReport): string {
  const made = new Date(r.createdAt).toLocaleString()
  const renamed = r.restored.filter((x) => !x.name.startsWith(`${x.from} `)).length
  return (
    `Restored ${r.restored.length} token${r.restored.length === 1 ? '' : 's'} from a backup made ${made}` +
    (renamed > 0 ? ` (${renamed} under a new name)` : '') +
    (r.skipped.length > 0 ? `; skipped ${r.skipped.length} already here.` : '.')
  )
}
