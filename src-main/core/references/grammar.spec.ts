import { describe, expect, it } from 'vitest'
import { parseReference, referenceTo } from './grammar'

describe('parseReference', () => {
  it('reads each form of the grammar', () => {
    expect(parseReference('tokendesk://ibm-main')).toEqual({ kind: 'secret', ref: 'ibm-main' })
    expect(parseReference('tokendesk://3f2a9c')).toEqual({ kind: 'secret', ref: '3f2a9c' })
    expect(parseReference('tokendesk://kipu-hub/kipu-main')).toEqual({ kind: 'secret', ref: 'kipu-hub/kipu-main' })
    expect(parseReference('tokendesk://braket/aws_access_key_id')).toEqual({ kind: 'field', ref: 'braket', field: 'aws_access_key_id' })
    expect(parseReference('tokendesk://aws-braket/braket/region')).toEqual({ kind: 'field', ref: 'aws-braket/braket', field: 'region' })
    // Fits both readings: the vault settles it.
    expect(parseReference('tokendesk://lab/region')).toEqual({ kind: 'secret-or-field', ref: 'lab', field: 'region' })
    expect(parseReference(referenceTo('x'))).toEqual({ kind: 'secret', ref: 'x' })
  })

  it('passes plain values through', () => {
    for (const v of ['', 'abc', 'https://tokendesk.example', 'TOKENDESK://x', ' tokendesk://x']) expect(parseReference(v)).toBeNull()
  })

  it('refuses anything else that starts with the scheme, naming what is wrong', () => {
    const cases: [string, RegExp][] = [
      ['tokendesk://', /names no token/],
      ['tokendesk://a b', /white space/],
      ['tokendesk://a?x=1', /character a reference never has/],
      ['tokendesk://a/b/c/d', /more than three parts/],
      ['tokendesk://a//b', /empty part/],
      ['tokendesk://a/', /empty part/],
      ['tokendesk://-a', /not a token name or id/],
      ['tokendesk://a/b/Field', /not a field name/],
      ['tokendesk://a/B_c', /neither a token name nor a field name/],
    ]
    for (const [v, why] of cases) expect(() => parseReference(v), v).toThrow(why)
    expect(() => parseReference('tokendesk://a b')).toThrow(/write tokendesk:\/\/NAME/)
  })
})
