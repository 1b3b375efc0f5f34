import { useCallback, useEffect, useState } from 'react'
import type { FoundCopyView } from '../../src-preload/contract/channels'
import { desk } from '../bridge'
import { errorMessage, exactDateTime } from '../format'
import { useDesk } from '../store'

const STATE_TEXT: Record<FoundCopyView['state'], string> = { present: 'Plaintext', 'old secret': 'Old secret', gone: 'Gone' }
const STATE_HINT: Record<FoundCopyView['state'], string> = {
  present: 'The last scan that read this file saw the secret here',
  'old secret': 'Holds the secret this token had before it was rotated; scans look for the current one only',
  gone: 'A scan since no longer saw it',
}

/**
 * The detail panel's "Found by scan": the copies `tokendesk scan` (or Find copies…) found of this
 * token, which TokenDesk did not write — the file and line, and whether the last scan still saw
 * it. TokenDesk cannot update these; the words say what to do.
 */
export function FoundCopiesSection({ tokenId, name, updatedAt }: { tokenId: string; name: string; updatedAt: number }) {
  const [list, setList] = useState<FoundCopyView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(() => {
    desk.scan.found({ id: tokenId }).then(
      (r) => (setList(r.found), setError(null)),
      (e: unknown) => setError(errorMessage(e)),
    )
  }, [tokenId])
  useEffect(load, [load, updatedAt])
  useEffect(() => desk.on('tokensChanged', (e) => e.ids.includes(tokenId) && load()), [load, tokenId])

  const find = (
    <button type="button" className="btn btn-small" onClick={() => useDesk.getState().openScan({ all: false, tokenId, name })}>
      Find copies…
    </button>
  )
  if (error) return <p className="error">{error}</p>
  if (list === null) return null
  const there = list.filter((c) => c.state !== 'gone')
  return (
    <div data-testid="found-copies">
      {list.length === 0 ? (
        <p className="muted">No scan has found a plaintext copy of it yet.</p>
      ) : (
        <>
          <ul className="copies">
            {list.map((c, i) => (
              <li key={i}>
                <span className={`copy-state found-${c.state.replace(' ', '-')}`} title={STATE_HINT[c.state]}>
                  {STATE_TEXT[c.state]}
                </span>
                <span className="mono copy-path">
                  {c.path}:{c.line}
                  {c.cell !== undefined ? `, cell ${c.cell}` : ''}
                </span>
                {c.key ? <span className="muted"> · {c.key}</span> : null}
                <span className="sub">
                  {c.commit ? `in commit ${c.commit.slice(0, 12)} · ` : ''}
                  {c.state === 'gone' ? `gone since ${exactDateTime(c.goneAt!)}` : `last seen ${exactDateTime(c.lastSeenAt)}`}
                </span>
              </li>
            ))}
          </ul>
          {there.length > 0 ? <p className="hint">Found by scan, not written by TokenDesk: update these by hand (or rotate the token), then scan again.</p> : null}
        </>
      )}
      <div className="row-actions">{find}</div>
    </div>
  )
}
