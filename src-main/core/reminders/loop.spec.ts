import { afterEach, describe, expect, it } from 'vitest'
import { fakeClock, tempDir } from '../../../test/helpers/temp-dir'
import { DAY_MS } from '../rules/status'
import { MemorySecretStore } from '../secrets/memory-store'
import { openDb, type Db } from '../store/db'
import { TokenRepo } from '../store/token-repo'
import { Vault } from '../vault'
import { startReminderLoop, type ReminderNotice } from './loop'
import { MAX_TIMER_DELAY_MS } from './schedule'
import { ReminderService } from './service'

const T0 = Date.UTC(2025, 0, 1, 9, 0, 0)
const dbs: Db[] = []
const tmp = tempDir()
afterEach(() => dbs.splice(0).forEach((d) => d.close()))

function setup() {
  const clock = fakeClock(T0)
  const db = openDb(`${tmp.dir}/${dbs.length}`)
  dbs.push(db)
  const vault = new Vault({ repo: new TokenRepo(db), secrets: new MemorySecretStore(), clock, actor: 'app' })
  const reminders = new ReminderService({ vault, db, clock })
  const notices: ReminderNotice[] = []
  const runs: boolean[] = []
  let timer: { fn: () => void; ms: number } | null = null
  const start = () =>
    startReminderLoop({
      reminders,
      now: clock,
      setTimer: (fn, ms) => (timer = { fn, ms }),
      clearTimer: () => (timer = null),
      notify: (n) => notices.push(n),
      afterRun: (due) => runs.push(due),
      log: (m) => {
        throw new Error(m)
      },
    })
  return { clock, vault, reminders, notices, runs, start, timer: () => timer }
}

describe('startReminderLoop', () => {
  it('notifies once when a lead is reached, announces it for the panel, and arms the next look', async () => {
    const s = setup()
    await s.vault.add({ kind: 'personal', platform: 'planqk', name: 'soon', expires: '2025-01-10' }, 'sec')
    const loop = s.start()
    expect(s.notices).toEqual([]) // nothing was missed, nothing due yet
    expect(s.runs).toEqual([false])
    expect(s.timer()!.ms).toBe(MAX_TIMER_DELAY_MS)

    s.clock.set(Date.UTC(2025, 0, 3, 23, 59, 59, 999)) // the 7-day lead's first instant (valid through the 10th)
    s.timer()!.fn()
    expect(s.notices).toHaveLength(1)
    expect(s.notices[0]).toMatchObject({ title: 'Token soon expires in 7 days', tokenId: expect.any(String), snoozeKey: expect.stringMatching(/:604800000$/) })
    expect(s.runs.at(-1)).toBe(true)
    // Shown once; the panel still lists it.
    loop.replan()
    expect(s.notices).toHaveLength(1)
    expect(s.runs.at(-1)).toBe(false)
    expect(s.reminders.dueHead(10).items.map((r) => r.tokenName)).toEqual(['soon'])
    loop.stop()
    expect(s.timer()).toBeNull()
  })

  it('what was missed while closed comes as one grouped notice at start', async () => {
    const s = setup()
    for (const n of ['a', 'b']) await s.vault.add({ kind: 'personal', platform: 'planqk', name: n, expires: '2025-01-03' }, 'sec')
    s.clock.set(T0 + 5 * DAY_MS)
    const loop = s.start()
    expect(s.notices).toHaveLength(1)
    expect(s.notices[0]!.tokenId).toBeUndefined() // several tokens: the click opens the window
    expect(s.notices[0]!.title).toMatch(/2 tokens/)
    loop.stop()
  })
})
