import { exactDateTime, expiryDate, relative } from '../format'

// The list's and the detail panel's time cells. Apart from TokenList so the detail panel (in the
// on-demand chunk) does not import the list, whose row menu loads that chunk: no import circle.

export function Expires({ at }: { at: number | null }) {
  if (at === null) return <span className="muted">Never expires</span>
  return (
    <span className="two-line" title={`Valid through ${exactDateTime(at)} (local time)`}>
      <span>{relative(at)}</span>
      <span className="sub">{expiryDate(at)}</span>
    </span>
  )
}

export const LastUsed = ({ at }: { at: number | null }) =>
  at === null ? (
    <span className="muted">Not used</span>
  ) : (
    <span className="two-line" title={exactDateTime(at)}>
      <span>Last used</span>
      <span className="sub">{relative(at)}</span>
    </span>
  )
