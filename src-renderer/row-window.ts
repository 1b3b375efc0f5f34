import { useCallback, useLayoutEffect, useState, type RefObject } from 'react'

/**
 * Windowing for a list whose rows all have one height. With fixed rows the visible range is two
 * divisions, so nothing per row is measured or stored: the cost of a render does not grow with
 * the number of tokens (a general-purpose virtualizer keeps a measurement per row, 50,000 of them).
 */

export interface RowWindow {
  /** First and last row to render, inclusive; last < first when there are no rows. */
  first: number
  last: number
}

export function visibleRows(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): RowWindow {
  if (count <= 0) return { first: 0, last: -1 }
  const top = Math.max(0, scrollTop)
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight))
  const lastVisible = Math.min(count - 1, Math.max(firstVisible, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) - 1))
  return { first: Math.max(0, firstVisible - overscan), last: Math.min(count - 1, lastVisible + overscan) }
}

/** The scroll position that shows row `index` whole, moving as little as possible. */
export function scrollTopToShow(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight
  const rowBottom = rowTop + rowHeight
  // Above the window, or taller than it: its top at the top edge.
  if (rowTop < scrollTop || rowHeight > viewportHeight) return rowTop
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight)
  return scrollTop
}

/**
 * The rows of `count` to render inside the scrolling element `scrollRef`, kept current on scroll
 * and resize. Until the element is measured the window's height is assumed, so the very first
 * render with data already paints the rows on screen.
 */
export function useRowWindow(scrollRef: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number) {
  const [view, setView] = useState(() => ({ top: 0, height: typeof window === 'undefined' ? 0 : window.innerHeight }))

  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el) return
    const read = () =>
      setView((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }))
    read()
    el.addEventListener('scroll', read, { passive: true })
    const resize = new ResizeObserver(read)
    resize.observe(el)
    return () => {
      el.removeEventListener('scroll', read)
      resize.disconnect()
    }
  }, [scrollRef])

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current
      if (!el) return
      const to = scrollTopToShow(index, el.scrollTop, el.clientHeight, rowHeight)
      if (to !== el.scrollTop) el.scrollTop = to
    },
    [scrollRef, rowHeight],
  )

  return { ...visibleRows(view.top, view.height, rowHeight, count, overscan), totalHeight: count * rowHeight, scrollToIndex }
}
