import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock, tempDir } from '../../../test/helpers/temp-dir'
import { MemorySecretStore } from '../secrets/memory-store'
import { openDb, type Db } from '../store/db'
import { TokenRepo } from '../store/token-repo'
import { Vault } from '../vault'
import { DAY_MS } from '../rules/status'
import { mulberry32 } from '../../../test/helpers/prng'
import { HOUR_MS, planReminders, reminderKey } from './plan'
import { ReminderService } from './service'
import { MAX_TIMER_DELAY_MS, nextTimerDelay, trayLabel } from './schedule'

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

  it('the panel keeps a reminder after its notification was shown, and drops it when snoozed or revoked', async () => {
    const a = run()
    const t = await addToken(a.vault, 'panel', '2025-01-12')
    const key = a.reminders.plan().due[0]!.key
    a.reminders.markShown(a.reminders.plan()) // the notification was shown
    expect(a.reminders.plan().due).toEqual([]) // never notified twice
    expect(a.reminders.dueHead(Infinity).items.map((r) => r.key)).toEqual([key]) // still in the panel
    a.reminders.snooze(key, '1h')
    expect(a.reminders.dueHead(Infinity).items).toEqual([])
    clock.set(T0 + HOUR_MS + 1)
    expect(a.reminders.dueHead(Infinity).items.map((r) => r.key)).toEqual([key])
    a.vault.revoke(t.id)
    expect(a.reminders.dueHead(Infinity).items).toEqual([])
  })

  it('uses the lead times from settings, and due() carries the notification text', async () => {
    const a = run()
    await addToken(a.vault, 'custom', '2025-01-12')
    a.vault.updateSettings({ reminderLeadTimesMs: [2 * DAY_MS] })
    expect(a.reminders.plan().due).toEqual([])
    a.vault.updateSettings({ reminderLeadTimesMs: [7 * DAY_MS] })
    const due = a.reminders.dueHead(Infinity).items
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
})

/** Rows straight into the tables, thousands at a time: (id, name, created, expires, revoked, state, secret ref) and ledger rows. */
function rawInserts(db: Db) {
  const insert = db.prepare(
    `INSERT INTO tokens (id, kind, platform, org, name, scopes, fields, note, created_at, expires_at, revoked_at, last_used_at, state, secret_ref)
     VALUES (?, 'personal', 'planqk', NULL, ?, '[]', '{}', NULL, ?, ?, ?, NULL, ?, ?)`,
  )
  const ledger = db.prepare('INSERT INTO reminder_ledger (key, token_id, fired_at, snoozed_until) VALUES (?, ?, ?, ?)')
  return { insert, ledger }
}

describe('ReminderService.plan at scale', () => {
  it('reads only tokens within the largest lead, and plans exactly as over every token', () => {
    const { vault, reminders, db } = run()
    const rand = mulberry32(7)
    const { insert, ledger } = rawInserts(db)
    const leads = [0, HOUR_MS, DAY_MS, 7 * DAY_MS]
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const id = `t-${i}`
        const expiresAt = rand() < 0.1 ? null : T0 + Math.round((rand() * 120 - 20) * DAY_MS)
        insert.run(id, `tok-${i}`, T0 - DAY_MS, expiresAt, rand() < 0.05 ? T0 : null, 'ready', `${id}.1`)
        // Some reminders already shown, some snoozed (past or future), as a running app leaves them.
        for (const lead of leads) {
          const r = rand()
          if (r < 0.1) ledger.run(reminderKey(id, lead), id, T0 - HOUR_MS, null)
          else if (r < 0.15) ledger.run(reminderKey(id, lead), id, null, T0 + Math.round((rand() * 4 - 2) * HOUR_MS))
        }
      }
      // On the horizon's edge at T0: its 7-day reminder is due exactly now.
      insert.run('edge', 'edge', T0 - DAY_MS, T0 + 7 * DAY_MS, null, 'ready', 'edge.1')
    })()
    vault.updateSettings({ reminderLeadTimesMs: leads })
    // Long before every expiry (nothing within the horizon: the next look comes from past it), now,
    // later, and after every expiry; with the ledger as the app left it, then with none.
    for (const withLedger of [true, false]) {
      if (!withLedger) db.exec('DELETE FROM reminder_ledger')
      const { fired, snoozedUntil } = reminders.ledger()
      for (const now of [T0 - 60 * DAY_MS, T0, T0 + 3 * DAY_MS, T0 + 40 * DAY_MS, T0 + 200 * DAY_MS]) {
        const full = planReminders({ tokens: vault.expiryDates(), settings: { leadTimesMs: leads }, fired, snoozedUntil, now })
        const plan = reminders.plan(now)
        expect(plan.due, `due at ${now}`).toEqual(full.due)
        expect(plan.supersededKeys.sort(), `superseded at ${now}`).toEqual(full.supersededKeys.sort())
        // A shown reminder that is still ahead (lead times or an expiry changed since) is skipped
        // by the full plan; past the horizon it may only make the next look come early, never late.
        if (withLedger) expect(plan.nextAt ?? Infinity, `next at ${now}`).toBeLessThanOrEqual(full.nextAt ?? Infinity)
        else expect(plan.nextAt, `next at ${now}`).toBe(full.nextAt)
      }
    }
    expect(reminders.plan(T0).due.map((r) => r.key)).toContain(reminderKey('edge', 7 * DAY_MS))
    expect(reminders.plan(T0 - 60 * DAY_MS).nextAt).not.toBeNull()
    expect(vault.expiryDates(T0 + 7 * DAY_MS).length).toBeLessThan(vault.expiryDates().length / 3)
  })
})

describe('ReminderService.dueHead at scale', () => {
  it('gives the head and count of the panel as planning every token would, with snoozes and tied expiries', () => {
    const { vault, reminders, db } = run()
    const rand = mulberry32(11)
    const { insert, ledger } = rawInserts(db)
    const leads = [0, HOUR_MS, DAY_MS, 7 * DAY_MS]
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const id = `t-${i}`
        // Whole hours, so many tokens share an expiry (the head's boundary falls inside such groups);
        // names out of order within a group; a few rows still pending.
        const expiresAt = rand() < 0.1 ? null : T0 + Math.round(rand() * 400 - 100) * HOUR_MS
        insert.run(id, `tok-${(i * 7919) % 3000}`, T0 - DAY_MS, expiresAt, rand() < 0.05 ? T0 : null, rand() < 0.02 ? 'pending' : 'ready', `${id}.1`)
        for (const lead of leads) {
          const r = rand()
          if (r < 0.1) ledger.run(reminderKey(id, lead), id, T0 - HOUR_MS, null)
          else if (r < 0.2) ledger.run(reminderKey(id, lead), id, null, T0 + Math.round((rand() * 4 - 2) * HOUR_MS))
        }
      }
    })()
    vault.updateSettings({ reminderLeadTimesMs: leads })
    const { snoozedUntil } = reminders.ledger()
    const view = (rs: { key: string; expiresAt: number; tokenName: string; leadMs: number; state: string }[]) =>
      rs.map((r) => `${r.key} ${r.expiresAt} ${r.tokenName} ${r.leadMs} ${r.state}`)
    let snoozedInHead = 0
    for (const now of [T0 - 60 * DAY_MS, T0 - HOUR_MS, T0, T0 + 90 * 60_000, T0 + 3 * DAY_MS, T0 + 200 * DAY_MS]) {
      // The panel by definition: every token planned, what was shown kept in.
      const full = planReminders({ tokens: vault.expiryDates(), settings: { leadTimesMs: leads }, fired: new Set(), snoozedUntil, now }).due
      for (const limit of [0, 1, 7, 50, 400, Infinity]) {
        const head = reminders.dueHead(limit, now)
        expect(head.total, `total at ${now}`).toBe(full.length)
        expect(view(head.items), `head ${limit} at ${now}`).toEqual(view(full.slice(0, limit)))
      }
      snoozedInHead += full.slice(0, 50).length - planReminders({ tokens: vault.expiryDates(), settings: { leadTimesMs: leads }, fired: new Set(), snoozedUntil: new Map(), now }).due.slice(0, 50).filter((r) => full.some((f) => f.key === r.key)).length
    }
    // The case the shortcut must get right did occur: snoozed reminders among the soonest.
    expect(snoozedInHead).toBeGreaterThan(0)
  })
})
