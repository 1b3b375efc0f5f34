import { useLayoutEffect, useRef } from 'react'

/**
 * Radix returns focus to a Dialog.Trigger; our dialogs are opened from menus, rows, the banner and
 * the store, so there is no trigger. This remembers what had focus when `open` turned true (layout
 * effects run before Radix moves focus into the dialog) and returns focus there on close, or to
 * the list's current row when that element is gone (e.g. the token was deleted).
 */
export function useReturnFocus(open: boolean) {
  const prev = useRef<HTMLElement | null>(null)
  useLayoutEffect(() => {
    if (open) {
      const a = document.activeElement
      prev.current = a instanceof HTMLElement && a !== document.body ? a : null
    }
  }, [open])
  return (e: Event) => {
    e.preventDefault()
    const target =
      prev.current && prev.current.isConnected ? prev.current : document.querySelector<HTMLElement>('[role=grid] [role=row][tabindex="0"]')
    target?.focus()
  }
}
