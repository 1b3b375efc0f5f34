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

describe('SecretMatcher against a naive search', () => {
  // Seeded random texts over a 3-letter alphabet, so near misses and overlaps are everywhere:
  // every occurrence indexOf finds, and nothing else, in order — for the strided filter (every
  // pattern 5 bytes or longer) and the rolling hash (a shorter one among them).
  let seed = 0x5eed
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed % n)
  const word = (len: number) => Array.from({ length: len }, () => 'abc'[rnd(3)]).join('')
  const naive = (patterns: string[], text: string) => {
    const hits: [number, number, number][] = []
    for (let s = 0; s < text.length; s++) patterns.forEach((p, r) => text.startsWith(p, s) && hits.push([s, s + p.length, r]))
    return hits
  }
  for (const minLen of [5, 9, 2]) {
    it(`patterns of ${minLen} bytes and longer: exactly the naive search's hits`, () => {
      for (let round = 0; round < 200; round++) {
        const patterns = [...new Set(Array.from({ length: 1 + rnd(6) }, () => word(minLen + rnd(12))))]
        const text = word(rnd(400)) + (rnd(2) ? patterns[0]! : '') + word(rnd(50))
        const hits = find(patterns, text).sort((a, b) => a[0] - b[0] || a[2] - b[2])
        expect(hits).toEqual(naive(patterns, text))
      }
    })
  }
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
