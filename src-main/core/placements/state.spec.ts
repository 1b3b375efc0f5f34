import { describe, expect, it } from 'vitest'
import { placementState } from './state'

describe('placementState', () => {
  const base = { currentFingerprint: 'cur', writtenFingerprint: 'w' }
  it('tells current, stale, changed and missing apart', () => {
    expect(placementState({ ...base, foundFingerprint: null })).toBe('missing')
    expect(placementState({ ...base, foundFingerprint: 'cur' })).toBe('current')
    expect(placementState({ ...base, foundFingerprint: 'w' })).toBe('stale')
    expect(placementState({ ...base, foundFingerprint: 'other' })).toBe('changed')
    // The keychain lost the secret: what TokenDesk wrote is still its own.
    expect(placementState({ foundFingerprint: 'w', currentFingerprint: null, writtenFingerprint: 'w' })).toBe('stale')
  })
  it('after a write killed before it was recorded as landed, either of its two is TokenDesk’s own', () => {
    const killed = { ...base, replacedFingerprint: 'r' }
    expect(placementState({ ...killed, foundFingerprint: 'r' })).toBe('stale')
    expect(placementState({ ...killed, foundFingerprint: 'w' })).toBe('stale')
    expect(placementState({ ...killed, foundFingerprint: 'other' })).toBe('changed')
    expect(placementState({ ...base, replacedFingerprint: null, foundFingerprint: 'r' })).toBe('changed')
  })
})
