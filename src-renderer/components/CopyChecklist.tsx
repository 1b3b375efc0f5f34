import { useEffect, useState } from 'react'
import type { PlacementView } from '../../src-preload/contract/channels'
import { holdsTokenSecret } from '../../src-main/core/placements/target'
import { desk } from '../bridge'
import { errorMessage } from '../format'
import { useToggleSet } from './useToggleSet'

export const COPY_STATE_TEXT: Record<PlacementView['state'], string> = {
  current: 'Current',
  stale: 'Old secret',
  changed: 'Changed by someone',
  missing: 'Gone',
  reference: 'Reference',
}

export const COPY_STATE_HINT: Record<PlacementView['state'], string> = {
  current: 'holds this token’s current secret',
  stale: 'still holds the secret TokenDesk wrote before the last rotation',
  changed: 'holds something else now: edited by someone or another tool',
  missing: 'the file or the entry is gone',
  reference: 'holds a reference (tokendesk://…), no secret: tokendesk run gives the program the secret when it starts',
}

/** A copy as the bridge names it in `only`: the file, its format and the entry. */
export const copyKey = (p: Pick<PlacementView, 'path' | 'format' | 'entry'>) => ({ path: p.path, format: p.format, entry: p.entry })
const id = (p: Pick<PlacementView, 'path' | 'format' | 'entry'>) => `${p.format}\u0000${p.path}\u0000${p.entry}`


/**
 * The copies of a token, read from the files when `tokenId` is set, with every copy that holds
 * the token's secret ticked. Copies someone changed or that are gone are shown, never ticked.
 */
export function useCopyChecklist(tokenId: string | null) {
  const [list, setList] = useState<PlacementView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const unticked = useToggleSet()
  const resetTicks = unticked.reset
  useEffect(() => {
    setList(null)
    setError(null)
    resetTicks()
    if (tokenId === null) return
    let live = true
    desk.placements.list({ id: tokenId }).then(
      (r) => live && setList(r.placements),
      (e: unknown) => live && setError(errorMessage(e)),
    )
    return () => {
      live = false
    }
  }, [tokenId, resetTicks])
  const isTicked = (p: PlacementView) => holdsTokenSecret(p) && !unticked.has(id(p))
  const toggle = (p: PlacementView) => unticked.toggle(id(p))
  return { list, error, chosen: (list ?? []).filter(isTicked), isTicked, toggle }
}

/** The checklist itself: one row per copy, with its state in colour and word. */
export function CopyChecklist({ legend, state, testId }: { legend: string; state: ReturnType<typeof useCopyChecklist>; testId: string }) {
  if (state.error) return <p className="error">{state.error}</p>
  if (state.list === null) return <p className="muted">Reading the files…</p>
  if (state.list.length === 0) return null
  return (
    <fieldset className="copy-checklist" data-testid={testId}>
      <legend>{legend}</legend>
      <ul className="copies">
        {state.list.map((p) => (
          <li key={id(p)}>
            <label className="check copy-check">
              <input type="checkbox" checked={state.isTicked(p)} disabled={!holdsTokenSecret(p)} onChange={() => state.toggle(p)} />
              <span className="copy-where">
                <span className="mono">{p.path}</span>
                {p.entry !== 'default' ? <span className="muted"> · {p.entry}</span> : null}
              </span>
            </label>
            <span className={`copy-state copy-${p.state}`} title={COPY_STATE_HINT[p.state]}>
              {COPY_STATE_TEXT[p.state]}
            </span>
          </li>
        ))}
      </ul>
    </fieldset>
  )
}
