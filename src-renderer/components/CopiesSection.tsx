import { useCallback, useEffect, useState } from 'react'
import type { PlacementView } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage, exactDateTime } from '../format'
import { useDesk } from '../store'
import { holdsTokenSecret } from '../../src-main/core/placements/target'
import { COPY_STATE_HINT, COPY_STATE_TEXT, copyKey } from './CopyChecklist'

/**
 * The detail panel's "Copies in files": every file entry TokenDesk wrote the token into, with its
 * state read from the file now, "Update" for the copies left with an old secret, and "Remove
 * from file" for a copy that holds the token's secret. A changed copy is rewritten, and a copy
 * removed, only after a second, explicit click.
 */
export function CopiesSection({ tokenId, updatedAt }: { tokenId: string; updatedAt: number }) {
  const [list, setList] = useState<PlacementView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirmReplace, setConfirmReplace] = useState(false)
  /** The copy whose "Remove from file" was clicked once and now asks to be confirmed. */
  const [removing, setRemoving] = useState<PlacementView | null>(null)

  const load = useCallback(() => {
    desk.placements.list({ id: tokenId }).then(
      (r) => (setList(r.placements), setError(null)),
      (e: unknown) => setError(errorMessage(e)),
    )
  }, [tokenId])
  // Reloaded when the token changes (a rotate makes copies stale).
  useEffect(load, [load, updatedAt])

  const update = async (replace: boolean) => {
    setBusy(true)
    try {
      const r = await desk.placements.update({ id: tokenId, replace })
      useDesk.getState().toast({
        tone: 'success',
        title: `Updated ${r.written.length} ${r.written.length === 1 ? 'copy' : 'copies'}`,
        description: r.left.length > 0 ? `${r.left.length} left as ${r.left.length === 1 ? 'it was' : 'they were'} (changed by someone, or gone).` : 'Every copy holds the current secret.',
      })
    } catch (e) {
      useDesk.getState().toast({ tone: 'error', title: 'The copies were not updated', description: errorMessage(e) })
    } finally {
      setBusy(false)
      setConfirmReplace(false)
      load()
    }
  }

  const remove = async (p: PlacementView) => {
    setBusy(true)
    try {
      const r = await desk.placements.remove({ id: tokenId, only: [copyKey(p)] })
      useDesk.getState().toast(
        r.removed.length > 0
          ? { tone: 'success', title: `Removed from ${p.path}`, description: 'Only this entry; the previous file is kept in TokenDesk’s file backups.' }
          : { tone: 'info', title: `${p.path} was left as it is`, description: 'It no longer holds this token’s secret.' },
      )
    } catch (e) {
      useDesk.getState().toast({ tone: 'error', title: `Could not remove it from ${p.path}`, description: errorMessage(e) })
    } finally {
      setBusy(false)
      setRemoving(null)
      load()
    }
  }

  if (error) return <p className="error">{error}</p>
  if (list === null) return <p className="muted">Reading the files…</p>
  if (list.length === 0) return <p className="muted">Not written into any file by TokenDesk.</p>
  const stale = list.filter((p) => p.state === 'stale').length
  const changed = list.filter((p) => p.state === 'changed').length
  return (
    <div data-testid="copies">
      <ul className="copies">
        {list.map((p) => (
          <li key={`${p.path}\u0000${p.entry}`}>
            <span className={`copy-state copy-${p.state}`} title={COPY_STATE_HINT[p.state]}>
              {COPY_STATE_TEXT[p.state]}
            </span>
            <span className="mono copy-path">{p.path}</span>
            {p.entry !== 'default' ? <span className="muted"> · {p.entry}</span> : null}
            <span className="sub">written {exactDateTime(p.writtenAt)}</span>
            {p.backups.length > 0 ? (
              <span className="sub" title={p.backups[0]}>
                · {p.backups.length} earlier {p.backups.length === 1 ? 'version' : 'versions'} kept in TokenDesk’s file backups
              </span>
            ) : null}
            {holdsTokenSecret(p) ? (
              removing === p ? (
                <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => void remove(p)}>
                  Remove {p.entry === 'default' ? 'the token' : p.entry} from this file
                </button>
              ) : (
                <button type="button" className="btn btn-small" disabled={busy} aria-label={`Remove from file: ${p.path}${p.entry === 'default' ? '' : ` (${p.entry})`}`} onClick={() => setRemoving(p)}>
                  Remove from file…
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      <div className="row-actions">
        {stale > 0 ? (
          <button type="button" className="btn btn-primary btn-small" disabled={busy} onClick={() => void update(false)}>
            Update {stale} {stale === 1 ? 'copy' : 'copies'} with the current secret
          </button>
        ) : null}
        {changed > 0 ? (
          confirmReplace ? (
            <button type="button" className="btn btn-danger btn-small" disabled={busy} onClick={() => void update(true)}>
              Overwrite what someone changed
            </button>
          ) : (
            <button type="button" className="btn btn-small" disabled={busy} onClick={() => setConfirmReplace(true)}>
              Also overwrite {changed} changed…
            </button>
          )
        ) : null}
      </div>
    </div>
  )
}
