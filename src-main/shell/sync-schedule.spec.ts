import { describe, expect, it } from 'vitest'
import type { Core } from '../core/core'
import { startSyncScheduler, type SyncTimers } from './sync-schedule'

function fakeCore(minutes = 60) {
  let release: () => void = () => {}
  let syncs = 0
  const core = {
    vault: { settings: () => ({ syncIntervalMinutes: minutes }) },
    connections: {
      list: () => [{ id: 'c1' }],
      sync: () => {
        syncs++
        return new Promise((resolve) => (release = () => resolve({ results: [{ updated: [{ id: 't1' }] }] })))
      },
    },
  } as unknown as Pick<Core, 'vault' | 'connections'>
  const armed: { fn: () => void; ms: number }[] = []
  const timers: SyncTimers = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms }
      armed.push(t)
      return t
    },
    clearTimeout: (h) => {
      const i = armed.indexOf(h as (typeof armed)[number])
      if (i >= 0) armed.splice(i, 1)
    },
  }
  // A fired timer is gone, as a real one is.
  const fire = () => armed.shift()!.fn()
  return { core, timers, armed, fire, syncs: () => syncs, release: () => release() }
}

const tick = () => new Promise((r) => setImmediate(r))

describe('startSyncScheduler', () => {
  it('one timer on the interval; a re-arm during a sync waits for it, so two never overlap', async () => {
    const f = fakeCore()
    const changed: string[][] = []
    const s = startSyncScheduler(f.core, (ids) => changed.push(ids), f.timers)
    expect(f.armed.map((t) => t.ms)).toEqual([3_600_000])
    f.fire()
    expect(f.syncs()).toBe(1)
    s.rearm() // e.g. a connection was added meanwhile
    expect(f.armed).toEqual([])
    f.release()
    await tick()
    expect(changed).toEqual([['t1']])
    expect(f.armed).toHaveLength(1) // re-armed once the sync ended
    s.stop()
  })

  it('after stop(), a sync in flight neither announces nor re-arms', async () => {
    const f = fakeCore()
    const changed: string[][] = []
    const s = startSyncScheduler(f.core, (ids) => changed.push(ids), f.timers)
    f.fire()
    s.stop()
    f.release()
    await tick()
    expect(changed).toEqual([])
    expect(f.armed).toEqual([])
    s.rearm()
    expect(f.armed).toEqual([])
  })

  it('interval 0 turns it off', () => {
    const f = fakeCore(0)
    startSyncScheduler(f.core, () => {}, f.timers).stop()
    expect(f.armed).toEqual([])
  })
})
