import * as Dialog from '@radix-ui/react-dialog'
import { useEffect, useId, useMemo, useState } from 'react'
import type { ConfigPreviewView, FormatInfo, TokenView } from '../../src-preload/contract/channels'
import { errorMessage } from '../format'
import { useDesk } from '../store'
import { CloseIcon } from './Icons'
import { DialogShell } from './DialogShell'
import { desk } from '../bridge'

let formatsCache: FormatInfo[] | null = null

/** The formats a token of `platform` fits, most specific first (the core's formatsForPlatform). */
const fitting = (all: FormatInfo[], platform: string) =>
  all.filter((f) => f.platforms.length === 0 || f.platforms.includes(platform)).sort((a, b) => b.platforms.length - a.platforms.length)

/**
 * Writes a token into an SDK config file. The masked preview (from main) must be shown for the
 * exact target before Write is enabled; the secret itself never reaches the renderer.
 */
export function SdkConfigDialog() {
  const token = useDesk((s) => s.sdkDialog)
  return (
    <DialogShell open={token !== null} onClose={() => useDesk.getState().closeSdk()} testId="sdk-config-dialog" wide>
      {token ? <SdkForm key={token.id} token={token} /> : null}
    </DialogShell>
  )
}

type Target = { id: string; format: FormatInfo['format']; path?: string; profile?: string; envKey?: string; replace?: boolean; reference?: boolean }

function SdkForm({ token }: { token: TokenView }) {
  const id = useId()
  const [formats, setFormats] = useState<FormatInfo[] | null>(formatsCache)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [format, setFormat] = useState<FormatInfo['format'] | ''>('')
  const [path, setPath] = useState('')
  const [profile, setProfile] = useState('')
  const [envKey, setEnvKey] = useState('')
  const [replace, setReplace] = useState(false)
  // A .env gets a reference by default: no secret in the file (tokendesk run resolves it).
  const [reference, setReference] = useState(true)
  const [preview, setPreview] = useState<{ key: string; view: ConfigPreviewView } | null>(null)
  const [previewError, setPreviewError] = useState<{ key: string; message: string } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (formatsCache) return
    desk.sdkConfig
      .formats({})
      .then((f) => {
        formatsCache = f
        setFormats(f)
      })
      .catch((e) => setLoadError(errorMessage(e)))
  }, [])

  const options = useMemo(() => (formats ? fitting(formats, token.platform) : []), [formats, token.platform])
  useEffect(() => {
    if (format === '' && options[0]) setFormat(options[0].format)
  }, [options, format])
  const info = options.find((f) => f.format === format) ?? null

  const target: Target | null = info
    ? {
        id: token.id,
        format: info.format,
        ...(path.trim() ? { path: path.trim() } : {}),
        ...(info.options.includes('profile') && profile.trim() ? { profile: profile.trim() } : {}),
        ...(info.options.includes('envKey') && envKey.trim() ? { envKey: envKey.trim() } : {}),
        ...(replace ? { replace: true } : {}),
        ...(info.format === 'dotenv' && reference ? { reference: true } : {}),
      }
    : null
  const missingPath = !!info && info.defaultPath === null && !path.trim()
  const key = target && !missingPath ? JSON.stringify(target) : null

  // The preview follows the inputs (after a short pause); Write is enabled for the previewed target only.
  useEffect(() => {
    if (!key) return
    let live = true
    const t = setTimeout(() => {
      desk.sdkConfig
        .preview(JSON.parse(key) as Target)
        .then((view) => live && (setPreview({ key, view }), setPreviewError(null)))
        .catch((e) => live && (setPreviewError({ key, message: errorMessage(e) }), setPreview(null)))
    }, 200)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [key])

  const current = preview && preview.key === key ? preview.view : null
  const currentError = previewError && previewError.key === key ? previewError.message : null

  const write = async () => {
    if (!key || !current) return
    setBusy(true)
    try {
      const r = await desk.sdkConfig.write(JSON.parse(key) as Target)
      const d = useDesk.getState()
      d.closeSdk()
      d.toast({
        tone: 'success',
        title: r.changed ? `Written to ${r.path}` : `${r.path} was already up to date`,
        description: r.backupPath ? `The previous file was kept as ${r.backupPath}.` : r.created ? 'A new file was created (readable by you only).' : 'No backup was needed.',
      })
      d.refreshList()
    } catch (e) {
      setPreviewError({ key, message: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <div>
      <div className="dialog-head">
        <Dialog.Title>Write {token.name} to an SDK config</Dialog.Title>
        <Dialog.Close className="icon-btn" aria-label="Close">
          <CloseIcon />
        </Dialog.Close>
      </div>
      <Dialog.Description className="dialog-desc">
        {info?.format === 'dotenv' && reference
          ? 'TokenDesk writes a reference into the file, not the secret: the file is safe to commit, and tokendesk run gives your program the secret when it starts. Review the change below first.'
          : 'TokenDesk writes the secret into the file itself (readable by you only; the previous file is kept, sealed, in TokenDesk’s data folder). Review the change below first; the secret is masked as ••••.'}
      </Dialog.Description>
      {loadError ? (
        <p className="error" role="alert">
          {loadError}
        </p>
      ) : null}
      <div className="form-grid">
        <fieldset className="field span-2">
          <legend>Format</legend>
          {formats === null && !loadError ? <p className="hint">Loading formats…</p> : null}
          <div className="format-list">
            {options.map((f) => (
              <label key={f.format} className={`format-option${format === f.format ? ' on' : ''}`}>
                <input type="radio" name={`${id}-format`} value={f.format} checked={format === f.format} onChange={() => setFormat(f.format)} />
                <span className="two-line">
                  <span>
                    <span className="mono">{f.format}</span> — {f.description}
                  </span>
                  <span className="sub">{f.defaultPath ? `default ${f.defaultPath}` : 'needs a path'}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field span-2">
          <label htmlFor={`${id}-path`}>Path{info?.defaultPath ? ' (optional)' : ''}</label>
          <input
            id={`${id}-path`}
            className="mono"
            value={path}
            spellCheck={false}
            autoComplete="off"
            placeholder={info?.defaultPath ?? 'e.g. ~/projects/my-app/.env'}
            onChange={(e) => setPath(e.target.value)}
            aria-describedby={`${id}-path-hint`}
          />
          <p id={`${id}-path-hint`} className="hint">
            {info?.defaultPath ? `Leave empty for ${info.defaultPath}.` : 'This format has no default file: give the path of the file to write.'}
          </p>
        </div>
        {info?.options.includes('profile') ? (
          <div className="field">
            <label htmlFor={`${id}-profile`}>Profile (optional)</label>
            <input id={`${id}-profile`} value={profile} spellCheck={false} autoComplete="off" placeholder="default" onChange={(e) => setProfile(e.target.value)} />
          </div>
        ) : null}
        {info?.options.includes('envKey') ? (
          <div className="field">
            <label htmlFor={`${id}-envkey`}>Variable name (optional)</label>
            <input
              id={`${id}-envkey`}
              className="mono"
              value={envKey}
              spellCheck={false}
              autoComplete="off"
              placeholder="derived from the platform"
              onChange={(e) => setEnvKey(e.target.value)}
            />
          </div>
        ) : null}
        {info?.format === 'dotenv' ? (
          <label className="check span-2" data-testid="sdk-reference">
            <input type="checkbox" checked={reference} onChange={(e) => setReference(e.target.checked)} />
            <span>
              Reference (no secret in the file; use <code>tokendesk run</code>)
            </span>
          </label>
        ) : null}
      </div>

      <section className="preview" aria-labelledby={`${id}-preview-title`} aria-live="polite" data-testid="sdk-preview">
        <h3 id={`${id}-preview-title`}>Preview</h3>
        {missingPath ? (
          <p className="hint">Give a path to see the change.</p>
        ) : currentError ? (
          <p className="error" role="alert">
            {currentError}
          </p>
        ) : current ? (
          <>
            <p className="preview-path">
              <span className="mono">{current.path}</span>{' '}
              <span className="muted">{!current.exists ? '(new file)' : current.changed ? '(will be changed)' : '(already up to date)'}</span>
            </p>
            {current.changed ? (
              <p className="hint" data-testid="sdk-change">
                {current.change.entry !== 'default' ? (
                  <>
                    Entry <span className="mono">{current.change.entry}</span>:{' '}
                  </>
                ) : null}
                {current.change.secret === 'new' ? 'a new entry' : current.change.secret === 'same' ? 'the secret is the same' : 'the secret is different (masked)'}
                {Object.keys(current.change.identifiers).length > 0
                  ? `; it holds ${Object.entries(current.change.identifiers).map(([k, v]) => `${k} ${v}`).join(', ')} now`
                  : ''}
                .
              </p>
            ) : null}
            {current.change.foreign ? (
              <div className="warning-box" role="alert" data-testid="sdk-foreign">
                <span>
                  This entry holds a credential TokenDesk did not write for {token.name}. Writing replaces it; the previous file is kept in
                  TokenDesk&apos;s data folder.
                  <label className="check">
                    <input type="checkbox" checked={replace} onChange={(e) => setReplace(e.target.checked)} />
                    Replace it
                  </label>
                </span>
              </div>
            ) : null}
            <pre className="diff mono" tabIndex={0} aria-label="Change to the file, secret masked">
              {current.diff
                .split('\n')
                .filter((l, i, a) => !(i === a.length - 1 && l === ''))
                .map((l, i) => (
                  <span key={i} className={l.startsWith('+') && !l.startsWith('+++') ? 'add' : l.startsWith('-') && !l.startsWith('---') ? 'del' : undefined}>
                    {l}
                    {'\n'}
                  </span>
                ))}
            </pre>
          </>
        ) : (
          <p className="hint">Preparing the preview…</p>
        )}
      </section>

      <div className="dialog-actions">
        <Dialog.Close className="btn">Cancel</Dialog.Close>
        <button type="button" className="btn btn-primary" disabled={busy || !current || !current.changed || (current.change.foreign && !replace)} onClick={() => void write()}>
          {busy ? 'Writing…' : 'Write'}
        </button>
      </div>
    </div>
  )
}
