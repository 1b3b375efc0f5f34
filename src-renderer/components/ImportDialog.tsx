import * as Dialog from '@radix-ui/react-dialog'
import { NOT_READ_WORDS } from '../../src-main/core/import/not-read'
import { platformName } from '../../src-main/core/platform-catalog'
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { ScanReport } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage } from '../format'
import { useDesk } from '../store'
import { FormFooter } from './FormFooter'
import { useReturnFocus } from './returnFocus'
import { useToggleSet } from './useToggleSet'

type Found = ScanReport['found'][number]
const keyOf = (f: Found) => `${f.format}\u0000${f.file}\u0000${f.entry}`
const importable = (f: Found) => !f.heldBy && !f.problem

/**
 * "Import tokens from this computer": what the SDK files TokenDesk knows hold (and the .env files
 * of a folder the user names), as a checklist. Secrets never reach the window: each row shows at
 * most the last 4 characters, and main reads the file again on import. Nothing is imported until
 * the user confirms; names can be changed first.
 */
export function ImportDialog() {
  const open = useDesk((s) => s.importDialog)
  const returnFocus = useReturnFocus(open)
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !o && useDesk.getState().closeImport()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="import-dialog" onCloseAutoFocus={returnFocus} onInteractOutside={(e) => e.preventDefault()}>
          {open ? <ImportForm /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function ImportForm() {
  const id = useId()
  const [report, setReport] = useState<ScanReport | null>(null)
  const [folder, setFolder] = useState('')
  const [scanning, setScanning] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [names, setNames] = useState<Record<string, string>>({})
  const unticked = useToggleSet()

  const scan = (paths?: string[]) => {
    setScanning(true)
    setError(null)
    desk.imports.scan(paths ? { paths } : {}).then(
      (r) => {
        setReport(r)
        setNames(Object.fromEntries(r.found.map((f) => [keyOf(f), f.name])))
        unticked.reset()
        setScanning(false)
      },
      (e: unknown) => {
        setError(errorMessage(e))
        setScanning(false)
      },
    )
  }
  useEffect(() => scan(), [])

  const chosen = (report?.found ?? []).filter((f) => importable(f) && !unticked.has(keyOf(f)))
  const toggle = (f: Found) => unticked.toggle(keyOf(f))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (chosen.length === 0) return
    setBusy(true)
    setError(null)
    try {
      const r = await desk.imports.apply({ items: chosen.map((f) => ({ file: f.file, format: f.format, entry: f.entry, name: (names[keyOf(f)] ?? f.name).trim() })) })
      if (r.failed.length > 0) {
        setError(r.failed.map((f) => `${f.name}: ${f.reason}`).join('; '))
        scan(folder.trim() ? [folder.trim()] : undefined)
      } else useDesk.getState().closeImport()
      if (r.imported.length > 0) {
        useDesk.getState().toast({ tone: 'success', title: `Imported ${r.imported.length} ${r.imported.length === 1 ? 'token' : 'tokens'}`, description: 'Each file is now a copy TokenDesk knows: rotate and delete offer to update or remove it.' })
      }
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)}>
      <Dialog.Title>Import tokens from this computer</Dialog.Title>
      <Dialog.Description className="dialog-desc">
        TokenDesk looked in the files your SDKs read (AWS credentials, qiskit accounts, PlanQK/Kipu and Qualytics configs, Hugging Face tokens). Tick what to
        import; secrets stay in the files and go straight to your keychain, never to this window.
      </Dialog.Description>
      <div className="field import-folder">
        <label htmlFor={`${id}-folder`}>Also look in a folder (its .env files) or a file</label>
        <div className="btn-row">
          <input id={`${id}-folder`} className="mono import-folder-input" value={folder} placeholder="/home/you/projects/qaoa" onChange={(e) => setFolder(e.target.value)} />
          <button type="button" className="btn" disabled={scanning || folder.trim() === ''} onClick={() => scan([folder.trim()])}>
            Look there
          </button>
        </div>
      </div>
      {scanning ? (
        <p className="muted" role="status">
          Reading the files…
        </p>
      ) : report && report.found.length === 0 ? (
        <p className="muted" role="status">
          Nothing found{folder.trim() ? ` in ${folder.trim()}` : ' in the usual places'}.
        </p>
      ) : report ? (
        <table className="import-table" data-testid="import-found">
          <colgroup>
            <col className="col-import" />
            <col className="col-name" />
            <col className="col-platform" />
            <col className="col-secret" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Import</th>
              <th scope="col">Name</th>
              <th scope="col">Platform</th>
              <th scope="col">Secret</th>
              <th scope="col">Found in</th>
            </tr>
          </thead>
          <tbody>
            {report.found.map((f) => {
              const k = keyOf(f)
              const label = `${f.file}${f.entry === 'default' ? '' : ` (${f.entry})`}`
              return (
                <tr key={k} className={importable(f) ? undefined : 'is-held'}>
                  <td>
                    <input type="checkbox" aria-label={`Import ${label}`} checked={importable(f) && !unticked.has(k)} disabled={!importable(f)} onChange={() => toggle(f)} />
                  </td>
                  <td>
                    {importable(f) ? (
                      <input aria-label={`Name for ${label}`} value={names[k] ?? f.name} maxLength={64} onChange={(e) => setNames((n) => ({ ...n, [k]: e.target.value }))} />
                    ) : (
                      <span className="muted">{f.heldBy ? `held as ${f.heldBy}` : f.problem}</span>
                    )}
                  </td>
                  <td>
                    {platformName(f.platform)}
                    <span className="sub">{f.kind === 'provider' ? 'provider token' : 'personal token'}</span>
                  </td>
                  <td className="mono">{f.masked}</td>
                  <td>
                    <span className="mono copy-path">{f.file}</span>
                    {f.entry !== 'default' ? <span className="muted"> · {f.entry}</span> : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : null}
      {report && report.unreadable.length + report.notRead.length > 0 ? (
        <ul className="plain-list" data-testid="import-unreadable">
          {report.unreadable.map((u) => (
            <li key={u.file}>
              Skipped {u.file}: {u.reason}
            </li>
          ))}
          {report.notRead.map((n) => (
            <li key={n.reason}>
              Not read: {n.count} {NOT_READ_WORDS[n.reason]}, e.g. <span className="mono copy-path">{n.examples.join(', ')}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <FormFooter
        error={error}
        busy={busy}
        disabled={chosen.length === 0}
        label={`Import ${chosen.length} ${chosen.length === 1 ? 'token' : 'tokens'}`}
        busyLabel="Importing…"
      />
    </form>
  )
}
