import type { ListGroup } from '../src-main/core/model'

/**
 * The rows of a list grouped by platform: a header row before each platform's tokens. The core
 * gives each group's size (vault.list sorted by platform), so every header's place is known before
 * any of its tokens is loaded, and the list stays windowed with rows of one height. Pure: the list
 * component asks it which row is what; the specs ask it too.
 */
export type ListRow = { kind: 'header'; group: ListGroup } | { kind: 'token'; index: number }

export interface GroupedRows {
  /** Rows to lay out: tokens, and headers when grouped. */
  count: number
  at(row: number): ListRow
  /** The row showing token `index`. */
  rowOf(index: number): number
  /** The tokens the rows first..last show (inclusive; last < first when none). */
  tokenRange(first: number, last: number): [number, number]
}

const PLAIN = (total: number): GroupedRows => ({
  count: total,
  at: (row) => ({ kind: 'token', index: row }),
  rowOf: (index) => index,
  tokenRange: (first, last) => [first, last],
})

export function groupRows(total: number, groups: readonly ListGroup[] | null | undefined): GroupedRows {
  // Groups that do not add up to the total belong to another answer (a change landed between two
  // pages): the rows stay plain until the next answer brings groups that fit.
  if (!groups || groups.length === 0 || groups.reduce((n, g) => n + g.count, 0) !== total) return PLAIN(total)
  // headerRow[g]: the row of group g's header; firstToken[g]: the index of its first token.
  const headerRow: number[] = []
  const firstToken: number[] = []
  let tokens = 0
  groups.forEach((g, i) => {
    headerRow.push(tokens + i)
    firstToken.push(tokens)
    tokens += g.count
  })
  /** The last group whose value in `starts` is at most `x` (binary search; groups are few, rows many). */
  const groupAt = (starts: number[], x: number): number => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid]! <= x) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  return {
    count: total + groups.length,
    at(row) {
      const g = groupAt(headerRow, row)
      return row === headerRow[g] ? { kind: 'header', group: groups[g]! } : { kind: 'token', index: firstToken[g]! + (row - headerRow[g]! - 1) }
    },
    rowOf: (index) => index + groupAt(firstToken, index) + 1,
    tokenRange(first, last) {
      const a = this.at(first)
      const b = this.at(last)
      // A header at the start shows no token: its group's first one follows; at the end, the token before it.
      const from = a.kind === 'token' ? a.index : firstToken[groupAt(headerRow, first)]!
      const to = b.kind === 'token' ? b.index : firstToken[groupAt(headerRow, last)]! - 1
      return [from, to]
    },
  }
}
