import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../rules/status'
import { DELETED_ON_PLATFORM } from '../vocabulary'
import { planTokenSync, type LocalTokenState } from './sync-plan'

const NOW = Date.UTC(2026, 10, 30, 12)
const local = (over: Partial<LocalTokenState> = {}): LocalTokenState => ({ revokedAt: null, expiresAt: NOW + 30 * DAY_MS, lastUsedAt: null, problem: null, ...over })
const remote = (over: Partial<{ active: boolean; expiresAt: number | null; lastUsedAt: number | null }> = {}) => ({
  remoteId: 'r1',
  name: 'tok',
  createdAt: NOW - DAY_MS,
  expiresAt: NOW + 30 * DAY_MS,
  active: true,
  lastUsedAt: null,
  scopes: [],
  ...over,
})

describe('planTokenSync', () => {
  it('changes nothing when the platform agrees', () => {
    expect(planTokenSync(local(), remote(), NOW)).toEqual({ patch: {}, changes: [] })
  })

  it('marks a token gone from the platform deleted there, and revokes it once', () => {
    expect(planTokenSync(local(), undefined, NOW)).toEqual({ patch: { problem: DELETED_ON_PLATFORM, revokedAt: NOW }, changes: ['deleted on the platform'] })
    expect(planTokenSync(local({ revokedAt: NOW - DAY_MS }), undefined, NOW)).toEqual({ patch: { problem: DELETED_ON_PLATFORM }, changes: ['deleted on the platform'] })
    expect(planTokenSync(local({ problem: DELETED_ON_PLATFORM, revokedAt: NOW - DAY_MS }), undefined, NOW)).toEqual({ patch: {}, changes: [] })
  })

  it('revokes what the platform revoked, but not what merely expired there; restores what it restored', () => {
    expect(planTokenSync(local(), remote({ active: false }), NOW)).toEqual({ patch: { revokedAt: NOW }, changes: ['revoked on the platform'] })
    const expired = remote({ active: false, expiresAt: NOW - 1 })
    expect(planTokenSync(local({ expiresAt: NOW - 1 }), expired, NOW)).toEqual({ patch: {}, changes: [] })
    expect(planTokenSync(local({ revokedAt: NOW - DAY_MS }), remote(), NOW)).toEqual({ patch: { revokedAt: null }, changes: ['restored on the platform'] })
  })

  it("takes the platform's expiry, clears a stale deleted mark, and moves last use forward quietly", () => {
    const later = Date.UTC(2027, 0, 15)
    expect(planTokenSync(local(), remote({ expiresAt: later }), NOW)).toEqual({ patch: { expiresAt: later }, changes: ['expiry is now 2027-01-15'] })
    expect(planTokenSync(local({ problem: DELETED_ON_PLATFORM }), remote(), NOW)).toEqual({ patch: { problem: null }, changes: ['found on the platform again'] })
    expect(planTokenSync(local({ lastUsedAt: NOW - 2 * DAY_MS }), remote({ lastUsedAt: NOW - DAY_MS }), NOW)).toEqual({ patch: { lastUsedAt: NOW - DAY_MS }, changes: [] })
    expect(planTokenSync(local({ lastUsedAt: NOW - DAY_MS }), remote({ lastUsedAt: NOW - 2 * DAY_MS }), NOW)).toEqual({ patch: {}, changes: [] })
  })
})
