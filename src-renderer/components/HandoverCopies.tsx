import { useState } from 'react'
import { desk } from '../bridge'
import { errorMessage } from '../format'
import { useDesk } from '../store'
import { CopyChecklist, copyKey, useCopyChecklist } from './CopyChecklist'

/**
 * The end of a rotation: "Update these copies". The old token's copies that still hold its secret
 * are listed ticked; the ticked ones get the new token's secret (and become its copies).
 * A copy someone changed is shown, never ticked, never written.
 */
export function HandoverCopies({ from, to }: { from: { id: string; name: string }; to: string }) {
  const state = useCopyChecklist(from.id)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  if (state.list !== null && state.list.length === 0) return null
  if (done) {
    return (
      <p className="copies-done" role="status" data-testid="handover-done">
        {done}
      </p>
    )
  }
  const run = async () => {
    setBusy(true)
    try {
      const r = await desk.placements.handover({ from: from.id, to, only: state.chosen.map(copyKey) })
      setDone(`Updated ${r.written.length} ${r.written.length === 1 ? 'copy' : 'copies'} with the new token.`)
    } catch (e) {
      useDesk.getState().toast({ tone: 'error', title: 'The copies were not updated', description: errorMessage(e) })
    } finally {
      setBusy(false)
    }
  }
  const n = state.chosen.length
  return (
    <div className="handover" data-testid="handover">
      <CopyChecklist legend={`Update these copies of ${from.name}`} state={state} testId="handover-copies" />
      {state.list !== null ? (
        <div className="row-actions">
          <button type="button" className="btn btn-primary btn-small" disabled={busy || n === 0} onClick={() => void run()}>
            {busy ? 'Updating…' : `Update ${n} ${n === 1 ? 'copy' : 'copies'} with the new token`}
          </button>
        </div>
      ) : null}
    </div>
  )
}
