import { describe, expect, it } from 'vitest'
import { scrollTopToShow, visibleRows } from './row-window'

const H = 52

describe('visibleRows', () => {
  it('renders the rows on screen plus the overscan, clamped to the list', () => {
    // 520 px shows rows 0–9; overscan 4 adds 10–13 below and nothing above row 0.
    expect(visibleRows(0, 520, H, 50_000, 4)).toEqual({ first: 0, last: 13 })
    // Scrolled into row 1000 by half a row: 1000 (partly) … 1010 (partly) on screen.
    expect(visibleRows(1000 * H + 26, 520, H, 50_000, 4)).toEqual({ first: 996, last: 1014 })
    // The end of the list: nothing past the last row.
    expect(visibleRows(49_990 * H, 520, H, 50_000, 4)).toEqual({ first: 49_986, last: 49_999 })
  })

  it('copes with no rows, a scroll position past a list that just shrank, and no height yet', () => {
    expect(visibleRows(0, 520, H, 0, 4)).toEqual({ first: 0, last: -1 })
    expect(visibleRows(40_000 * H, 520, H, 3, 4)).toEqual({ first: 0, last: 2 })
    expect(visibleRows(0, 0, H, 100, 4)).toEqual({ first: 0, last: 4 })
    expect(visibleRows(-30, 520, H, 100, 0)).toEqual({ first: 0, last: 9 })
  })

  it('does the same work for 50,000 rows as for 50', () => {
    const big = visibleRows(25_000 * H, 520, H, 50_000, 4)
    expect(big.last - big.first).toBe(visibleRows(10 * H, 520, H, 50, 4).last - visibleRows(10 * H, 520, H, 50, 4).first)
  })
})

describe('scrollTopToShow', () => {
  it('moves only as far as needed to show the row whole', () => {
    expect(scrollTopToShow(5, 0, 520, H)).toBe(0) // already on screen
    expect(scrollTopToShow(10, 0, 520, H)).toBe(11 * H - 520) // just below: its bottom at the edge
    expect(scrollTopToShow(3, 10 * H, 520, H)).toBe(3 * H) // above: its top at the edge
    expect(scrollTopToShow(0, 0, 20, H)).toBe(0) // a window shorter than a row keeps its top
  })
})
