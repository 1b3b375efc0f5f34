import { Suspense, useState, type KeyboardEvent, type PointerEvent } from 'react'
import type { TokenView } from '../../src-preload/contract/channels'
import { MoreIcon } from './Icons'
import { later } from './lazy'

const RowMenuContent = later('RowMenuContent')

/**
 * The ⋮ button of one row. Until it is pressed it is a plain button: a list paints dozens of rows
 * and a Radix menu per row costs more to mount than the rest of the row. The first press (as
 * Radix's own trigger: a primary-button pointer down, or Enter, Space or ArrowDown) mounts the real
 * menu, open, in its place.
 */
export function RowMenu({ token, tabIndex }: { token: TokenView; tabIndex: number }) {
  const [openedBy, setOpenedBy] = useState<'pointer' | 'keyboard' | null>(null)
  const button = (
    <button
      type="button"
      className="icon-btn"
      aria-label={`Actions for ${token.name}`}
      aria-haspopup="menu"
      aria-expanded={false}
      tabIndex={tabIndex}
      onPointerDown={(e: PointerEvent) => {
        if (e.button !== 0 || e.ctrlKey) return
        e.preventDefault()
        setOpenedBy('pointer')
      }}
      onKeyDown={(e: KeyboardEvent) => {
        e.stopPropagation() // the list's arrow-key navigation must not see keys meant for the menu
        if (e.key !== 'Enter' && e.key !== ' ' && e.key !== 'ArrowDown') return
        e.preventDefault()
        setOpenedBy('keyboard')
      }}
    >
      <MoreIcon />
    </button>
  )
  if (!openedBy) return button
  return (
    <Suspense fallback={button}>
      <RowMenuContent token={token} tabIndex={tabIndex} openedBy={openedBy} />
    </Suspense>
  )
}
