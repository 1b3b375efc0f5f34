import { describe, expect, it } from 'vitest'
import { unusableReason } from './usable'

describe('unusableReason', () => {
  it('revoked wins over expired; a token expiring this instant is expired; never-expiring tokens stay usable', () => {
    expect(unusableReason({ revokedAt: 5, expiresAt: 1 }, 10)).toBe('revoked')
    expect(unusableReason({ revokedAt: null, expiresAt: 10 }, 10)).toBe('expired')
    expect(unusableReason({ revokedAt: null, expiresAt: 11 }, 10)).toBeNull()
    expect(unusableReason({ revokedAt: null, expiresAt: null }, 10)).toBeNull()
  })
})
