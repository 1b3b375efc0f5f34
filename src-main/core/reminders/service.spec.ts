import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock, tempDir } from '../../../test/helpers/temp-dir'
import { MemorySecretStore } from '../secrets/memory-store'
import { openDb, type Db } from '../store/db'
import { TokenRepo } from '../store/token-repo'
import { Vault } from '../vault'
import { DAY_MS } from '../rules/status'
import { HOUR_MS, reminderKey } from './plan'
import { ReminderService } from './service'
import { loginItemSettings, MAX_TIMER_DELAY_MS, nextTimerDelay, startsHidden, trayLabel } from './schedule'

// The ledger against a real SQLite file: each "app run" opens the file afresh.
const T0 = Date.UTC(2025, 0, 10, 9, 0, 0)
let tmp: ReturnType<typeof tempDir>
let clock: ReturnType<typeof fakeClock>
const secrets = new MemorySecretStore()
const open: Db[] = []

function run(): { vault: Vault; reminders: ReminderService; db: Db } {
  const db = openDb(tmp.dir)
  open.push(db)
  const vault = new Vault({ repo: new TokenRepo(db), secrets, clock, actor: 'app' })
  return { vault, reminders: new ReminderService({ vault, db, clock }), db }
}
const close = () => {
  for (const db of open.splice(0)) db.close()
}
const addToken = (vault: Vault, name: string, expires: string) => vault.add({ kind: 'personal', platform: 'planqk', name, expires }, `secret-${name}`)

beforeEach(() => {
  tmp = tempDir()
  clock = fakeClock(T0)
})
afterEach(() => {
  close()
  tmp.cleanup()
})

describe('ReminderService', () => {
  it('a restart on the same file repeats nothing', async () => {
    const a = run()
    const t = await addToken(a.vault, 'soon', '2025-01-12') // expires within 7 days: the 7-day lead is reached
    const p1 = a.reminders.plan()
    expect(p1.due.map((r) => r.key)).toEqual([reminderKey(t.id, 7 * DAY_MS)])
    a.reminders.markShown(p1)
    expect(a.reminders.plan().due).toEqual([])
    close()

    const b = run() // "restart"
    expect(b.reminders.plan().due).toEqual([])
    expect(b.reminders.startup()).toBeNull()
    close()

    // Next lead (1 day) becomes due later; shown once, then a restart again repeats nothing.
    const expiresAt = t.expiresAt!
    clock.set(expiresAt - DAY_MS + 1)
    const c = run()
    const p2 = c.reminders.plan()
    expect(p2.due.map((r) => r.leadMs)).toEqual([DAY_MS])
    c.reminders.markShown(p2)
    close()
    expect(run().reminders.plan().due).toEqual([])
  })

  it('startup folds what was missed while closed into one summary and marks it shown, superseded leads included', async () => {
    const a = run()
    await addToken(a.vault, 'one', '2025-01-20')
    await addToken(a.vault, 'two', '2025-01-25')
    close()
    clock.set(Date.UTC(2025, 0, 22, 12)) // app closed for 12 days: "one" expired, "two" within 7 days
    const b = run()
    const summary = b.reminders.startup()
    expect(summary?.title).toBe('2 tokens need attention')
    expect(summary?.expired.map((r) => r.tokenName)).toEqual(['one'])
    expect(summary?.expiringSoon.map((r) => r.tokenName)).toEqual(['two'])
    // The superseded 7d and 1d leads of "one" are recorded too, so nothing older comes back.
    expect(b.reminders.ledger().fired.size).toBe(4)
    close()
    const c = run()
    expect(c.reminders.startup()).toBeNull()
    expect(c.reminders.plan().due).toEqual([])
  })

  it('a snooze persists across a restart and comes back once', async () => {
    const a = run()
    const t = await addToken(a.vault, 'snoozy', '2025-01-12')
    const p = a.reminders.plan()
    a.reminders.markShown(p)
    const key = p.due[0]!.key
    const s = a.reminders.snooze(key, '1h')
    expect(s).toEqual({ key, snoozedUntil: T0 + HOUR_MS })
    expect(a.reminders.plan().nextAt).toBe(T0 + HOUR_MS)
    close()

    clock.set(T0 + HOUR_MS - 1)
    expect(run().reminders.plan().due).toEqual([])
    close()
    clock.set(T0 + HOUR_MS)
    const b = run()
    const back = b.reminders.plan()
    expect(back.due.map((r) => r.key)).toEqual([key])
    b.reminders.markShown(back)
    close()
    const c = run()
    expect(c.reminders.plan().due).toEqual([])
    expect(c.reminders.ledger().snoozedUntil.size).toBe(0)
    expect(t.id).toBe(keyOf(key))
  })

  it('rejects a snooze of a malformed key, a deleted token, or an unknown choice', async () => {
    const a = run()
    const t = await addToken(a.vault, 'gone', '2025-01-12')
    expect(() => a.reminders.snooze('nonsense', '1h')).toThrow(/not a reminder/)
    expect(() => a.reminders.snooze(`${t.id}:0`, '2h' as '1h')).toThrow(/1h or 1d/)
    a.vault.revoke(t.id)
    await a.vault.delete(t.id)
    expect(() => a.reminders.snooze(`${t.id}:0`, '1h')).toThrow(/no longer exists/)
  })

  it('revoked and deleted tokens never remind; deleted ones are pruned from the ledger', async () => {
    const a = run()
    const revoked = await addToken(a.vault, 'revoked', '2025-01-12')
    const deleted = await addToken(a.vault, 'deleted', '2025-01-12')
    const kept = await addToken(a.vault, 'kept', '2025-01-12')
    a.reminders.markShown(a.reminders.plan())
    expect(a.reminders.ledger().fired.size).toBe(3)
    a.vault.revoke(revoked.id)
    a.vault.revoke(deleted.id)
    await a.vault.delete(deleted.id)
    close()

    clock.set(Date.UTC(2025, 0, 13)) // all three are past expiry now
    const b = run()
    const due = b.reminders.plan().due
    expect(due.map((r) => r.tokenName)).toEqual(['kept'])
    const summary = b.reminders.startup()
    expect(summary?.title).toBe('Token kept has expired')
    const tokensInLedger = new Set([...b.reminders.ledger().fired].map(keyOf))
    expect(tokensInLedger.has(deleted.id)).toBe(false)
    expect(tokensInLedger.has(revoked.id)).toBe(true) // restorable: its history stays
    expect(tokensInLedger.has(kept.id)).toBe(true)
    expect(b.reminders.prune()).toBe(0)
  })

  it('uses the lead times from settings, and due() carries the notification text', async () => {
    const a = run()
    await addToken(a.vault, 'custom', '2025-01-12')
    a.vault.updateSettings({ reminderLeadTimesMs: [2 * DAY_MS] })
    expect(a.reminders.plan().due).toEqual([])
    a.vault.updateSettings({ reminderLeadTimesMs: [7 * DAY_MS] })
    const due = a.reminders.due()
    expect(due).toHaveLength(1)
    expect(due[0]!.title).toMatch(/^Token custom expires in/)
    expect(due[0]!.body).toMatch(/Rotate it before then/)
  })
})

const keyOf = (key: string) => key.slice(0, key.lastIndexOf(':'))

describe('shell scheduling decisions', () => {
  it('nextTimerDelay waits until nextAt, capped at an hour; nothing pending is no timer', () => {
    expect(nextTimerDelay(null, T0)).toBeNull()
    expect(nextTimerDelay(T0 + 5000, T0)).toBe(5000)
    expect(nextTimerDelay(T0 - 5000, T0)).toBe(0)
    expect(nextTimerDelay(T0 + 30 * DAY_MS, T0)).toBe(MAX_TIMER_DELAY_MS)
    expect(MAX_TIMER_DELAY_MS).toBe(HOUR_MS)
  })
  it('the tray shows how many tokens need attention', () => {
    expect(trayLabel({ expiring: 2, expired: 1 })).toEqual({ tooltip: 'TokenDesk: 1 expired, 2 expiring', title: '3' })
    expect(trayLabel({ expiring: 0, expired: 0 })).toEqual({ tooltip: 'TokenDesk: no tokens expiring', title: '' })
  })
  it('the login item starts hidden in the tray', () => {
    expect(loginItemSettings(true)).toEqual({ openAtLogin: true, args: ['--hidden'] })
    expect(startsHidden(['/usr/bin/tokendesk', '--hidden'])).toBe(true)
    expect(startsHidden(['/usr/bin/tokendesk'])).toBe(false)
  })
})
