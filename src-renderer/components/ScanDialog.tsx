import * as Dialog from '@radix-ui/react-dialog'
import { platformName } from '../../src-main/core/platform-catalog'
import { useEffect, useId, useState, type FormEvent } from 'react'
import type { Finding, FindReport, ScanProgress } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorCode, errorMessage } from '../format'
import { useDesk, type ScanTarget } from '../store'
import { useReturnFocus } from './returnFocus'

/**
 * "Find copies": where the secrets TokenDesk holds (or one token's) are written in plaintext —
 * under a folder the user names, or in the shell and Python histories and the SDK files. Main
 * runs the scan in a worker thread and reports progress; Cancel ends it. The results, grouped by
 * token, name the file and line (never the secret, at most its last 4 characters) and what can
 * be done: rotate the token, turn its .env lines into references, open its details. Every
 * finding is recorded as a found copy, so the token's details list it afterwards too.
 */
export function ScanDialog() {
  const target = useDesk((s) => s.scanDialog)
  const returnFocus = useReturnFocus(target !== null)
  return (
    <Dialog.Root open={target !== null} onOpenChange={(o) => !o && close()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog dialog-wide" data-testid="scan-dialog" onCloseAutoFocus={returnFocus} onInteractOutside={(e) => e.preventDefault()}>
          {target ? <ScanForm target={target} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

/** Closing the dialog cancels a scan still running: nothing is recorded for it. */
function close() {
  void desk.scan.cancel({}).catch(() => undefined)
  useDesk.getState().closeScan()
}

const mb = (bytes: number) => (bytes < 100_000 ? `${Math.ceil(bytes / 1000)} KB` : `${(bytes / 1e6).toFixed(1)} MB`)
const progressWords = (p: ScanProgress) => `Read ${p.files.toLocaleString('en')} ${p.files === 1 ? 'file' : 'files'} (${mb(p.bytes)}); ${p.findings} ${p.findings === 1 ? 'copy' : 'copies'} found so far…`

function ScanForm({ target }: { target: ScanTarget }) {
  const id = useId()
  const [folder, setFolder] = useState('')
  const [git, setGit] = useState(false)
  const [progress, setProgress] = useState<ScanProgress | null>(null)
  const [running, setRunning] = useState(false)
  const [report, setReport] = useState<FindReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => desk.on('scanProgress', (p) => setProgress(p)), [])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setRunning(true)
    setError(null)
    setReport(null)
    setProgress({ files: 0, bytes: 0, findings: 0 })
    try {
      const paths = folder.trim() ? [folder.trim()] : []
      setReport(await desk.scan.run({ paths, git, ...(target.all ? {} : { tokenId: target.tokenId }) }))
    } catch (err) {
      // A cancel is the user's own doing: said quietly, not as a failure.
      setError(errorCode(err) === 'rule_refused' && /cancelled/.test(errorMessage(err)) ? null : errorMessage(err))
    } finally {
      setRunning(false)
      setProgress(null)
    }
  }

  const title = target.all ? 'Find copies of your tokens' : `Find copies of ${target.name}`
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Dialog.Title>{title}</Dialog.Title>
      <Dialog.Description className="dialog-desc">
        TokenDesk looks for the exact {target.all ? 'secrets it holds' : 'secret'} — never a guess — in the files under a folder, or, with no folder, in your shell
        and Python histories and the SDK files. It also finds a secret JSON-escaped in a notebook or URL-encoded. Secrets never reach this window.
      </Dialog.Description>
      <div className="field">
        <label htmlFor={`${id}-folder`}>Folder or file (empty: the usual places)</label>
        <input id={`${id}-folder`} className="mono" value={folder} placeholder="/home/you/projects" disabled={running} onChange={(e) => setFolder(e.target.value)} />
      </div>
      <label className="check">
        <input type="checkbox" checked={git} disabled={running} onChange={(e) => setGit(e.target.checked)} /> Include git history (every commit of each repository in the folder)
      </label>
      {running && progress ? (
        <p className="muted" role="status" data-testid="scan-progress">
          {progressWords(progress)}
        </p>
      ) : null}
      {report ? <ScanResults report={report} /> : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        {running ? (
          <button type="button" className="btn" onClick={() => void desk.scan.cancel({})}>
            Cancel scan
          </button>
        ) : (
          <Dialog.Close className="btn" type="button">
            Close
          </Dialog.Close>
        )}
        <button type="submit" className="btn btn-primary" disabled={running}>
          {running ? 'Scanning…' : report ? 'Scan again' : 'Scan'}
        </button>
      </div>
    </form>
  )
}

const place = (f: Finding) => `${f.line}${f.cell !== undefined ? `, cell ${f.cell}` : ''}${f.session !== undefined ? `, session ${f.session}` : ''}`
const isEnv = (file: string) => /(^|\/)\.env(\.[^/]+)?$/.test(file)

function ScanResults({ report }: { report: FindReport }) {
  const groups = new Map<string, Finding[]>()
  for (const f of report.findings) groups.set(f.token.id, [...(groups.get(f.token.id) ?? []), f])
  const read = `${report.files.toLocaleString('en')} ${report.files === 1 ? 'file' : 'files'} (${mb(report.bytes)})`
  const skipped = report.skipped.reduce((n, s) => n + s.count, 0)
  return (
    <div data-testid="scan-results">
      <p role="status" className={report.findings.length === 0 ? 'muted' : undefined}>
        {report.findings.length === 0
          ? `No plaintext copy found in ${read}.`
          : `${report.findings.length} plaintext ${report.findings.length === 1 ? 'copy' : 'copies'} of ${groups.size} ${groups.size === 1 ? 'token' : 'tokens'} in ${read}. Each is now listed in its token's details.`}
        {skipped > 0 ? ` Skipped ${skipped} (${report.skipped.map((s) => `${s.count} ${s.reason}`).join(', ')}).` : ''}
        {report.gitMissing ? ' Git history was not read: there is no git program on this computer.' : ''}
      </p>
      {[...groups.entries()].map(([tokenId, findings]) => (
        <TokenFindings key={tokenId} tokenId={tokenId} findings={findings} />
      ))}
    </div>
  )
}

function TokenFindings({ tokenId, findings }: { tokenId: string; findings: Finding[] }) {
  const [busy, setBusy] = useState(false)
  const t = findings[0]!.token
  const inGit = findings.some((f) => f.commit)
  const envLines = findings.filter((f) => !f.commit && isEnv(f.file)).length
  const d = useDesk.getState
  const rotate = async () => {
    try {
      const { token } = await desk.tokens.show({ id: tokenId })
      d().closeScan()
      d().openRotate(token)
    } catch (e) {
      d().toast({ tone: 'error', title: 'Could not open Rotate', description: errorMessage(e) })
    }
  }
  const toReferences = async () => {
    setBusy(true)
    try {
      const r = await desk.placements.toReferences({ id: tokenId })
      d().toast(
        r.written.length > 0
          ? { tone: 'success', title: `${r.written.length} ${r.written.length === 1 ? 'line holds' : 'lines hold'} a reference now`, description: 'No secret in those files; run programs with tokendesk run --env-file FILE -- COMMAND.' }
          : { tone: 'info', title: 'No line was changed', description: 'A line whose value is not exactly the secret (part of a longer value) is left for you to edit.' },
      )
    } catch (e) {
      d().toast({ tone: 'error', title: 'The lines were not changed', description: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="scan-group" aria-label={`Copies of ${t.name}`}>
      <h3>
        {t.name} <span className="muted">· {platformName(t.platform)} · {findings.length} {findings.length === 1 ? 'copy' : 'copies'}</span>
      </h3>
      <ul className="copies">
        {findings.map((f, i) => (
          <li key={i}>
            <span className="mono copy-path">
              {f.file}:{place(f)}
            </span>
            {f.key ? <span className="muted"> · {f.key}</span> : null}
            {f.form !== 'as is' ? <span className="muted"> · {f.form}</span> : null}
            {f.last4 ? <span className="mono muted"> · ••••{f.last4}</span> : null}
            {f.commit ? (
              <span className="sub">
                in commit {f.commit.slice(0, 12)}
                {f.date ? ` (${f.date.slice(0, 10)})` : ''}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="hint">
        {inGit
          ? 'A secret in git history stays in every clone, also after a later commit removes it: rotate the token. '
          : 'Rotate the token if these files were shared; edit the lines by hand, then scan again. '}
        {envLines > 0 ? 'A .env line can hold a reference instead of the secret.' : ''}
      </p>
      <div className="row-actions">
        <button type="button" className="btn btn-small" onClick={() => void rotate()}>
          Rotate {t.name}…
        </button>
        {envLines > 0 ? (
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void toReferences()}>
            Turn .env lines into references
          </button>
        ) : null}
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={() => {
            d().closeScan()
            void d().openDetail(tokenId)
          }}
        >
          Details
        </button>
      </div>
    </section>
  )
}
