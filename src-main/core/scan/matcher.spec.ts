import { describe, expect, it } from 'vitest'
import { secretForms } from './forms'
import { SecretMatcher } from './matcher'

const find = (patterns: string[], text: string) => {
  const m = new SecretMatcher(patterns.map((p, i) => ({ bytes: Buffer.from(p), ref: i })))
  const hits: [number, number, number][] = []
  m.scan(Buffer.from(text), (s, e, r) => hits.push([s, e, r]))
  return hits
}

describe('SecretMatcher', () => {
  it('finds every occurrence of each pattern exactly, in one pass', () => {
    expect(find(['tok_abcdef123456', 'other-secret-99'], 'x tok_abcdef123456 y other-secret-99 tok_abcdef123456')).toEqual([
      [2, 18, 0],
      [21, 36, 1],
      [37, 53, 0],
    ])
  })
  it('never takes a near miss (one character off, a prefix, a longer neighbour is still a hit only where whole)', () => {
    expect(find(['tok_abcdef123456'], 'tok_abcdef12345 tok_abcdef123457 Tok_abcdef123456 tok_abcdef12345')).toEqual([])
    expect(find(['tok_abcdef123456'], 'tok_abcdef1234567')).toEqual([[0, 16, 0]]) // contains it whole
  })
  it('handles short patterns, patterns sharing a prefix, and the ends of the buffer', () => {
    expect(find(['abc', 'abcdefgh-1', 'abcdefgh-2'], 'abcdefgh-2')).toEqual([[0, 3, 0], [0, 10, 2]])
    expect(find(['zz'], 'z')).toEqual([])
    expect(find([], 'anything')).toEqual([])
  })
  it('scales to a thousand patterns without matching one by one', () => {
    const pats = Array.from({ length: 1000 }, (_, i) => `secret-${i.toString(36).padStart(4, '0')}-${'x'.repeat(i % 7)}q`)
    expect(find(pats, `.. ${pats[777]} ..`)).toEqual([[3, 3 + pats[777]!.length, 777]])
  })
})

describe('secretForms', () => {
  it('as is, JSON-escaped (with and without escaped slashes) and URL-encoded, each once', () => {
    expect(secretForms('a"b\\c/d e')).toEqual([
      { form: 'as is', text: 'a"b\\c/d e' },
      { form: 'JSON-escaped', text: 'a\\"b\\\\c/d e' },
      { form: 'JSON-escaped', text: 'a\\"b\\\\c\\/d e' },
      { form: 'URL-encoded', text: 'a%22b%5Cc%2Fd%20e' },
    ])
    expect(secretForms('plain-token-123')).toEqual([{ form: 'as is', text: 'plain-token-123' }])
  })
})
