import { describe, expect, it } from 'vitest'
import { groupRows } from './list-groups'

const groups = [
  { platform: 'aws-braket', count: 2 },
  { platform: 'ibm-quantum', count: 1 },
  { platform: 'ionq', count: 3 },
]

describe('groupRows', () => {
  it('puts a header before each group and maps every row both ways', () => {
    const g = groupRows(6, groups)
    expect(g.count).toBe(9)
    const rows = Array.from({ length: g.count }, (_, r) => g.at(r))
    expect(rows.map((r) => (r.kind === 'header' ? r.group.platform : r.index))).toEqual(['aws-braket', 0, 1, 'ibm-quantum', 2, 'ionq', 3, 4, 5])
    for (let i = 0; i < 6; i++) expect(g.at(g.rowOf(i))).toEqual({ kind: 'token', index: i })
  })

  it('gives the tokens a window of rows shows, headers at either edge included', () => {
    const g = groupRows(6, groups)
    expect(g.tokenRange(0, 8)).toEqual([0, 5])
    expect(g.tokenRange(3, 4)).toEqual([2, 2]) // ibm header, its token
    expect(g.tokenRange(2, 3)).toEqual([1, 1]) // a token, then the next header
    expect(g.tokenRange(3, 3)).toEqual([2, 1]) // a header alone shows no token
  })

  it('stays plain without groups, or with groups that do not add up to the total', () => {
    for (const g of [groupRows(4, undefined), groupRows(4, []), groupRows(4, groups)]) {
      expect(g.count).toBe(4)
      expect(g.at(3)).toEqual({ kind: 'token', index: 3 })
      expect(g.rowOf(2)).toBe(2)
      expect(g.tokenRange(1, 2)).toEqual([1, 2])
    }
  })

  it('finds rows in a list of 50,000 tokens in 20 groups without walking it', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ platform: `p${String(i).padStart(2, '0')}`, count: 2500 }))
    const g = groupRows(50_000, many)
    expect(g.count).toBe(50_020)
    expect(g.at(2501)).toEqual({ kind: 'header', group: many[1] })
    expect(g.at(50_019)).toEqual({ kind: 'token', index: 49_999 })
    expect(g.rowOf(2500)).toBe(2502)
  })
})
