import { describe, expect, it } from 'vitest'
import { CONCEALED, StreamMasker } from './mask'

const run = (secrets: string[], chunks: string[]) => {
  const m = new StreamMasker(secrets)
  const parts = chunks.map((c) => m.push(Buffer.from(c)).toString('utf8'))
  return { parts, all: parts.join('') + m.end().toString('utf8') }
}

describe('StreamMasker', () => {
  const S = 'tok-0123456789abcdef'
  it('conceals a secret whole, anywhere, as often as it appears', () => {
    expect(run([S], [`a ${S} b ${S}${S}\n`]).all).toBe(`a ${CONCEALED} b ${CONCEALED}${CONCEALED}\n`)
  })

  it('conceals a secret split across writes at every point, holding back only what could be its start', () => {
    for (let cut = 1; cut < S.length; cut++) {
      const { parts, all } = run([S], [`x=${S.slice(0, cut)}`, `${S.slice(cut)}\n`])
      expect(all, `cut at ${cut}`).toBe(`x=${CONCEALED}\n`)
      expect(parts[0], `cut at ${cut}`).toBe('x=') // the rest waited
      expect(parts.join('').replaceAll(CONCEALED, ''), `cut at ${cut}`).not.toContain(S.slice(0, cut))
    }
    // Byte by byte.
    expect(run([S], [...`[${S}]`]).all).toBe(`[${CONCEALED}]`)
  })

  it('lets a near miss through and releases a held start that turned out not to be the secret', () => {
    const near = `${S.slice(0, -1)}X`
    const { parts, all } = run([S], [`${S.slice(0, 10)}`, `${near.slice(10)} ok`])
    expect(all).toBe(`${near} ok`)
    expect(parts[1]).toBe(`${near} ok`)
    expect(run([S], [S.slice(0, 5)]).all).toBe(S.slice(0, 5)) // the end lets the held start out
  })

  it('conceals a short secret only as a whole word', () => {
    expect(run(['abc12'], ['abc12 xabc12 abc12y abc12_ (abc12)', '']).all).toBe(`${CONCEALED} xabc12 abc12y abc12_ (${CONCEALED})`)
    // At the end of a chunk the next byte decides.
    expect(run(['abc12'], ['v=abc12', 'z']).all).toBe('v=abc12z')
    expect(run(['abc12'], ['v=abc12', '\n']).all).toBe(`v=${CONCEALED}\n`)
    expect(run(['abc12'], ['v=abc12']).all).toBe(`v=${CONCEALED}`)
  })

  it('works on bytes: a multi-byte secret split inside a character, the longest of two overlapping secrets first', () => {
    const u = 'pässwört-λ-0123456'
    const b = Buffer.from(`«${u}»`)
    const m = new StreamMasker([u])
    const out = Buffer.concat([m.push(b.subarray(0, 5)), m.push(b.subarray(5)), m.end()]).toString('utf8')
    expect(out).toBe(`«${CONCEALED}»`)
    expect(run([S, `${S}-longer`], [`${S}-longer ${S}`]).all).toBe(`${CONCEALED} ${CONCEALED}`)
  })
})
