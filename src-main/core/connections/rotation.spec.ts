import { describe, expect, it } from 'vitest'
import { NameSchema } from '../model'
import { rotatedName } from './rotation'

describe('rotatedName', () => {
  const at = Date.UTC(2026, 10, 30, 10, 17, 42)
  it('says when, and differs for two rotations of one token within the same minute', () => {
    expect(rotatedName('kipu-main', at, 'a1b2')).toBe('kipu-main-r202611301017-a1b2')
    const names = new Set(Array.from({ length: 20 }, () => rotatedName('kipu-main', at)))
    expect(names.size).toBe(20)
  })
  it('stays a valid name of at most 64 characters', () => {
    const long = 'x'.repeat(64)
    const n = rotatedName(long, at)
    expect(n).toHaveLength(64)
    expect(NameSchema.safeParse(n).success).toBe(true)
  })
})
