import { describe, expect, it } from 'vitest'
import type { DueReminder, TokenView } from '../src-preload/contract/channels'
import { attentionTotal, mergeAttention } from './attention'

const DAY = 86_400_000
const NOW = Date.UTC(2026, 10, 30)
const token = (id: string, expiresInDays: number) => ({ id, name: id, expiresAt: NOW + expiresInDays * DAY }) as TokenView
const reminder = (tokenId: string, expiresInDays: number) =>
  ({ key: `${tokenId}:1`, tokenId, tokenName: tokenId, leadMs: DAY, expiresAt: NOW + expiresInDays * DAY, dueAt: NOW, state: 'expiring', title: 't', body: 'b' }) satisfies DueReminder

describe('mergeAttention', () => {
  it('puts a reminder on its token’s row, never a second row for the same token', () => {
    const rows = mergeAttention([token('a', 2), token('b', 5)], [reminder('b', 5)], NOW, 7)
    expect(rows.map((r) => [r.tokenId, !!r.token, !!r.reminder])).toEqual([
      ['a', true, false],
      ['b', true, true],
    ])
  })
  it('gives a reminder beyond the expiring window a row of its own, after the tokens', () => {
    const rows = mergeAttention([token('a', 2)], [reminder('far', 14)], NOW, 7)
    expect(rows.map((r) => [r.tokenId, !!r.token, !!r.reminder])).toEqual([
      ['a', true, false],
      ['far', false, true],
    ])
    expect(attentionTotal(rows, 0, 1)).toBe(2)
  })
  it('leaves out a reminder of a token inside the window that the first rows did not reach (it is counted already)', () => {
    const rows = mergeAttention([token('a', 2)], [reminder('later', 6)], NOW, 7)
    expect(rows.map((r) => r.tokenId)).toEqual(['a'])
    expect(attentionTotal(rows, 0, 62)).toBe(62)
  })
})
