import type { Status } from '../../src-main/core/model'

const LABEL: Record<Status, string> = { active: 'Active', expiring: 'Expiring', expired: 'Expired', revoked: 'Revoked' }
const GLYPH: Record<Status, string> = { active: '●', expiring: '◐', expired: '✕', revoked: '⊘' }

/** A coloured chip that always carries the word, so status is never colour-only. */
export function StatusChip({ status }: { status: Status }) {
  return (
    <span className={`chip chip-${status}`} data-status={status}>
      <span aria-hidden="true" className="chip-glyph">
        {GLYPH[status]}
      </span>
      {LABEL[status]}
    </span>
  )
}
