import { describe, expect, it } from 'vitest'
import { unifiedDiff } from './diff'

const id = (l: string) => l

describe('unifiedDiff', () => {
  it('returns nothing for equal texts and splits distant changes into hunks', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'f', id)).toBe('')
    const old = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n'
    const neu = old.replace('2\n', 'two\n').replace('9\n', 'nine\n')
    expect(unifiedDiff(old, neu, 'f', id)).toBe('--- f\n+++ f\n@@ -1,4 +1,4 @@\n 1\n-2\n+two\n 3\n 4\n@@ -7,4 +7,4 @@\n 7\n 8\n-9\n+nine\n 10\n')
  })
  it('diffs CRLF files by line content and handles a new file', () => {
    expect(unifiedDiff('a\r\nb\r\n', 'a\r\nc\r\n', 'f', id)).toBe('--- f\n+++ f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n')
    expect(unifiedDiff('', 'x\n', 'f', id)).toBe('--- f\n+++ f\n@@ -0,0 +1,1 @@\n+x\n')
  })
  it('shows a file rewritten beyond MAX_EDIT_LENGTH edits as one hunk, every line through the mask', () => {
    const old = Array.from({ length: 12_000 }, (_, i) => `a${i}`).join('\n') + '\n'
    const neu = Array.from({ length: 12_000 }, (_, i) => `b${i}`).join('\n') + '\n'
    const d = unifiedDiff(old, neu, 'f', (l) => l.toUpperCase())
    const lines = d.split('\n')
    expect(lines.slice(0, 3)).toEqual(['--- f', '+++ f', '@@ -1,12000 +1,12000 @@'])
    expect(lines.filter((l) => l.startsWith('-A')).length).toBe(12_000)
    expect(lines.filter((l) => l.startsWith('+B')).length).toBe(12_000)
  })
})
