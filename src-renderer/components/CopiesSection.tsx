import { useCallback, useEffect, useState } from 'react'
import type { PlacementView } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage, exactDateTime } from '../format'
import { useDesk } from '../store'

const STATE_TEXT: Record<PlacementView['state'], string> = {
  current: 'Current',
  stale: 'Old secret',
  changed: 'Changed by someone',
  missing: 'Gone',
}

const STATE_HINT: Record<PlacementView['state'], string> = {
  current: 'holds this token’s current secret',
  stale: 'still holds the secret TokenDesk wrote before the last rotation',
  changed: 'holds something else now: edited by someone or another tool',
  missing: 'the file or the entry is gone',
}

/**
 * The detail panel's "Copies in files": every file entry TokenDesk wrote the token into, with its
 * state read from the file now, and "Update" for the copies left with an old secret. A changed
 * copy is rewritten only after a second, explicit click.
 */
export function CopiesSection({ tokenId, updatedAt }: { tokenId: string; updatedAt: number }) {
  const [list, setList] = useState<PlacementView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [confirmReplace, setConfirmReplace] = useState(false)

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
            <span className={`copy-state copy-${p.state}`} title={STATE_HINT[p.state]}>
              {STATE_TEXT[p.state]}
            </span>
            <span className="mono copy-path">{p.path}</span>
            {p.entry !== 'default' ? <span className="muted"> · {p.entry}</span> : null}
            <span className="sub">written {exactDateTime(p.writtenAt)}</span>
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
