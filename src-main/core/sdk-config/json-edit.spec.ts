import { describe, expect, it } from 'vitest'
import { memberValue, removeJsonMember, scanJsonObject, setJsonMember } from './json-edit'

// The offsets jsonc-parser gives must be exactly the members' bytes, and what it refuses must be
// refused with a position and never a quote of the file.

const members = (text: string) => scanJsonObject(text, '/f').members.map((m) => [m.key, text.slice(m.keyStart, m.keyEnd), text.slice(m.valueStart, m.valueEnd)])

describe('scanJsonObject', () => {
  it('gives each top-level member its key and value bytes, nested values whole', () => {
    const text = '{ "a" : 1 ,\n "b\\"q": {"x": [1, {"y": null}]}, "c": [ ], "d": "s\\u00e9", "e": -1.5e3, "f": true }'
    expect(members(text)).toEqual([
      ['a', '"a"', '1'],
      ['b"q', '"b\\"q"', '{"x": [1, {"y": null}]}'],
      ['c', '"c"', '[ ]'],
      ['d', '"d"', '"s\\u00e9"'],
      ['e', '"e"', '-1.5e3'],
      ['f', '"f"', 'true'],
    ])
    const span = scanJsonObject(text, '/f')
    expect([text[span.open], text[span.close]]).toEqual(['{', '}'])
    expect(span.members.map((m) => memberValue(text, m))).toEqual(Object.values(JSON.parse(text)))
  })

  it('agrees with JSON.parse on 300 generated objects', () => {
    let seed = 11
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const value = (depth: number): unknown => {
      const k = rnd(depth > 3 ? 4 : 6)
      if (k === 0) return rnd(2) === 0 ? null : rnd(2) === 0
      if (k === 1) return rnd(1000) - 500 + (rnd(2) ? 0.25 : 0)
      if (k === 2) return ['', 'x', 'é', '"q"', 'a\\b', '\u2028'][rnd(6)]
      if (k === 3) return 'tok-' + rnd(99999)
      if (k === 4) return Array.from({ length: rnd(4) }, () => value(depth + 1))
      return Object.fromEntries(Array.from({ length: rnd(4) }, (_, i) => [`k${i}`, value(depth + 1)]))
    }
    for (let i = 0; i < 300; i++) {
      const obj = Object.fromEntries(Array.from({ length: 1 + rnd(5) }, (_, j) => [`m${j}`, value(0)]))
      const text = JSON.stringify(obj, null, rnd(2) ? 2 : undefined)
      const span = scanJsonObject(text, '/f')
      expect(Object.fromEntries(span.members.map((m) => [m.key, memberValue(text, m)]))).toEqual(obj)
    }
  })

  it('keeps a UTF-8 byte order mark out of the way, offsets unchanged', () => {
    const text = '\ufeff{"a": 1}'
    expect(members(text)).toEqual([['a', '"a"', '1']])
    expect(setJsonMember(text, 'a', 2, '/f', '  ')).toBe('\ufeff{"a": 2}')
  })

  it.each([
    ['{"a": 1, // note\n}', /line 1, column 10: comments are not allowed in JSON/],
    ['{"a": [1,]}', /line 1, column 10: expected a value/],
    ['{"a": [1 2]}', /line 1, column 10: expected "," or "\]"/],
    ['{"a" 1}', /line 1, column 6: expected ":"/],
    ['{"a": "x\ty"}', /control character inside a string/],
    ['{"a": "\\q"}', /bad escape in a string/],
    ['{"a": "\\u12"}', /bad \\u escape/],
    ['{"a": 1.}', /bad number/],
    ['{"a": "never closed}', /unterminated string|unexpected end of file/],
    ['"just a string"', /line 1, column 1: the top level must be an object/],
    ['', /unexpected end of file/],
    ['{"a": 1}\n{"b": 2}', /line 2, column 1: unexpected content after the object/],
  ])('refuses %j with its position and reason', (text, why) => {
    expect(() => scanJsonObject(text, '/f')).toThrow(/\/f is not valid JSON/)
    expect(() => scanJsonObject(text, '/f')).toThrow(why)
  })

  it('refuses nesting deeper than 256 with a message, not a stack overflow', () => {
    const deep = '{"a": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}'
    expect(() => scanJsonObject(deep, '/f')).toThrow(/line 1, column \d+: nested too deeply/)
    const ok = '{"a": ' + '['.repeat(200) + ']'.repeat(200) + '}'
    expect(members(ok)[0]![2]).toHaveLength(400)
  })

  it('never quotes the file in an error', () => {
    for (const text of ['{"a": "sk-live-SECRET" "b"}', '{"a": sk-live-SECRET}', '{"sk-live-SECRET": }']) {
      expect(() => scanJsonObject(text, '/f')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('SECRET') }))
    }
  })
})

describe('setJsonMember and removeJsonMember', () => {
  it('change only the member’s bytes, in the file’s style', () => {
    const text = '{\n    "keep":   {"odd" :  "spacing"},\n    "lab": {"token": "OLD"}\n}\n'
    expect(setJsonMember(text, 'lab', { token: 'NEW' }, '/f', '  ')).toBe('{\n    "keep":   {"odd" :  "spacing"},\n    "lab": {\n        "token": "NEW"\n    }\n}\n')
    expect(removeJsonMember(text, 'lab', '/f')).toBe('{\n    "keep":   {"odd" :  "spacing"}\n}\n')
    expect(removeJsonMember(text, 'keep', '/f')).toBe('{\n    "lab": {"token": "OLD"}\n}\n')
    expect(removeJsonMember(text, 'absent', '/f')).toBeNull()
  })
})
