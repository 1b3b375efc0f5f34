import { describe, expect, it } from 'vitest'
import { nextSyncDelay } from './schedule'

describe('nextSyncDelay', () => {
  it('waits the user’s interval when something is connected, and never syncs when off or unconnected', () => {
    expect(nextSyncDelay(60, 1)).toBe(60 * 60 * 1000)
    expect(nextSyncDelay(5, 3)).toBe(5 * 60 * 1000)
    expect(nextSyncDelay(0, 2)).toBeNull()
    expect(nextSyncDelay(60, 0)).toBeNull()
  })
})
