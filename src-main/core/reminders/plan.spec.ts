import { describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { DAY_MS } from '../rules/status'
import {
  DEFAULT_LEAD_TIMES_MS,
  HOUR_MS,
  planReminders,
  pruneLedger,
  recordShown,
  recordSnooze,
  reminderKey,
  type ReminderLedger,
  type ReminderToken,
} from './plan'
import { emptyLedger, MINUTE, simulate, simulateByNextAt } from './simulate.test-util'
import { snoozeUntil } from './snooze'

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0)
const tok = (id: string, expiresAt: number | null, revokedAt: number | null = null): ReminderToken => ({ id, name: id, expiresAt, revokedAt })
const plan = (tokens: ReminderToken[], now: number, ledger: ReminderLedger = emptyLedger(), leadTimesMs = DEFAULT_LEAD_TIMES_MS) =>
  planReminders({ tokens, settings: { leadTimesMs }, ...ledger, now })

describe('planReminders', () => {
  it('defaults to 7 days, 1 day and at expiry', () => {
    expect(DEFAULT_LEAD_TIMES_MS).toEqual([7 * DAY_MS, DAY_MS, 0])
  })

  it('is due exactly at expiresAt - lead, never a millisecond early', () => {
    const t = tok('ibm-main', NOW + 7 * DAY_MS)
    expect(plan([t], NOW - 1)).toEqual({ due: [], supersededKeys: [], nextAt: NOW })
    const at = plan([t], NOW)
    expect(at.due).toEqual([
      { key: 'ibm-main:604800000', tokenId: 'ibm-main', tokenName: 'ibm-main', leadMs: 7 * DAY_MS, expiresAt: NOW + 7 * DAY_MS, dueAt: NOW, state: 'expiring' },
    ])
    // Nothing else is due before the next lead; nextAt points at it.
    expect(plan([t], NOW, recordShown(emptyLedger(), at)).nextAt).toBe(NOW + 6 * DAY_MS)
  })

  it('marks the at-expiry reminder as expired', () => {
    const p = plan([tok('a', NOW)], NOW, { fired: new Set(['a:604800000', 'a:86400000']), snoozedUntil: new Map() })
    expect(p.due.map((r) => [r.leadMs, r.state])).toEqual([[0, 'expired']])
    expect(p.nextAt).toBeNull()
  })

  it('never reminds for revoked tokens or tokens without expiry', () => {
    const tokens = [tok('rev', NOW + DAY_MS, NOW - DAY_MS), tok('rev-expired', NOW - DAY_MS, NOW - 2 * DAY_MS), tok('never', null)]
    for (const now of [NOW - 30 * DAY_MS, NOW, NOW + 30 * DAY_MS]) expect(plan(tokens, now)).toEqual({ due: [], supersededKeys: [], nextAt: null })
    expect(simulate({ tokens, leadTimesMs: DEFAULT_LEAD_TIMES_MS, from: NOW - 10 * DAY_MS, to: NOW + 2 * DAY_MS, stepMs: HOUR_MS }).shown).toEqual([])
  })

  it('shows only the most urgent of several reached leads and supersedes the rest', () => {
    // The app was closed for a week: the token expired meanwhile.
    const p = plan([tok('a', NOW - HOUR_MS)], NOW)
    expect(p.due.map((r) => r.leadMs)).toEqual([0])
    expect(p.supersededKeys.sort()).toEqual([reminderKey('a', DAY_MS), reminderKey('a', 7 * DAY_MS)].sort())
    expect(p.nextAt).toBeNull()
  })

  it('supersedes a less urgent lead that is still snoozed when a more urgent one arrives', () => {
    const exp = NOW + DAY_MS + 30 * MINUTE
    let ledger: ReminderLedger = { fired: new Set([reminderKey('a', 7 * DAY_MS)]), snoozedUntil: new Map() }
    // The 1-day reminder fires at NOW+30min and the user snoozes it for a day, past the expiry.
    const first = plan([tok('a', exp)], NOW + 30 * MINUTE, ledger)
    expect(first.due.map((r) => r.leadMs)).toEqual([DAY_MS])
    ledger = recordSnooze(recordShown(ledger, first), first.due[0]!.key, snoozeUntil(NOW + 30 * MINUTE, '1d'))
    const snoozed = plan([tok('a', exp)], NOW + 2 * HOUR_MS, ledger)
    expect(snoozed).toEqual({ due: [], supersededKeys: [], nextAt: exp })
    // At expiry the 0 lead wins; the snoozed 1-day reminder must never come back afterwards.
    const atExpiry = plan([tok('a', exp)], exp, ledger)
    expect(atExpiry.due.map((r) => r.leadMs)).toEqual([0])
    expect(atExpiry.supersededKeys).toEqual([reminderKey('a', DAY_MS)])
    ledger = recordShown(ledger, atExpiry)
    expect(plan([tok('a', exp)], NOW + 3 * DAY_MS, ledger)).toEqual({ due: [], supersededKeys: [], nextAt: null })
  })

  it('drops a newly added lead that is less urgent than one already shown', () => {
    const ledger: ReminderLedger = { fired: new Set([reminderKey('a', DAY_MS)]), snoozedUntil: new Map() }
    const p = plan([tok('a', NOW + HOUR_MS)], NOW, ledger, [14 * DAY_MS, DAY_MS, 0])
    expect(p.due).toEqual([])
    expect(p.supersededKeys).toEqual([reminderKey('a', 14 * DAY_MS)])
    expect(p.nextAt).toBe(NOW + HOUR_MS)
  })

  it('orders due reminders by expiry and rejects bad lead times', () => {
    const p = plan([tok('late', NOW + 5 * DAY_MS), tok('soon', NOW + HOUR_MS), tok('gone', NOW - DAY_MS)], NOW)
    expect(p.due.map((r) => r.tokenId)).toEqual(['gone', 'soon', 'late'])
    for (const bad of [[-1], [1.5], [Number.NaN], [Infinity]]) expect(() => plan([], NOW, emptyLedger(), bad)).toThrow(TokenDeskError)
    // Duplicated leads collapse to one reminder.
    expect(plan([tok('a', NOW)], NOW, emptyLedger(), [0, 0]).due).toHaveLength(1)
  })
})

describe('a month of simulated time', () => {
  const start = NOW
  const end = NOW + 30 * DAY_MS
  // Expiries spread over the month, at odd minutes and seconds, plus edge cases at the start.
  const tokens: ReminderToken[] = [
    tok('t-10d', start + 10 * DAY_MS + 7 * MINUTE + 13_000),
    tok('t-20d', start + 20 * DAY_MS),
    tok('t-8d', start + 8 * DAY_MS + 59 * MINUTE),
    tok('t-29d', start + 29 * DAY_MS + 23 * HOUR_MS),
    tok('t-same-a', start + 15 * DAY_MS),
    tok('t-same-b', start + 15 * DAY_MS),
    tok('t-never', null),
    tok('t-revoked', start + 12 * DAY_MS, start),
  ]

  it('fires each (token, lead) exactly once, in order, at the first tick at or after it is due', () => {
    const { shown, superseded } = simulate({ tokens, leadTimesMs: DEFAULT_LEAD_TIMES_MS, from: start, to: end })
    expect(superseded).toEqual([])
    const expected = tokens
      .filter((t) => t.revokedAt === null && t.expiresAt !== null)
      .flatMap((t) => DEFAULT_LEAD_TIMES_MS.map((l) => ({ key: reminderKey(t.id, l), dueAt: t.expiresAt! - l })))
      .filter((e) => e.dueAt <= end)
    expect(shown.map((s) => s.key).sort()).toEqual(expected.map((e) => e.key).sort())
    expect(new Set(shown.map((s) => s.key)).size).toBe(shown.length)
    for (const s of shown) {
      expect(s.at).toBeGreaterThanOrEqual(s.dueAt)
      expect(s.at - s.dueAt).toBeLessThan(MINUTE)
    }
    const dueOrder = shown.map((s) => s.dueAt)
    expect(dueOrder).toEqual([...dueOrder].sort((a, b) => a - b))
  })

  it('sleeping until nextAt shows the same reminders at their exact due times', () => {
    const byNext = simulateByNextAt({ tokens, leadTimesMs: DEFAULT_LEAD_TIMES_MS, from: start, to: end })
    const byMinute = simulate({ tokens, leadTimesMs: DEFAULT_LEAD_TIMES_MS, from: start, to: end }).shown
    expect(byNext.map((s) => s.key)).toEqual(byMinute.map((s) => s.key))
    for (const s of byNext) expect(s.at).toBe(s.dueAt)
  })

  it('repeats nothing across restarts with the persisted ledger', () => {
    // Run in five separate "sessions" with gaps in between (app closed), re-using the ledger.
    let ledger = emptyLedger()
    const all: string[] = []
    const sessions = [
      [start, start + 3 * DAY_MS],
      [start + 3 * DAY_MS, start + 9 * DAY_MS], // restart at the exact instant the last one stopped
      [start + 12 * DAY_MS, start + 14 * DAY_MS], // closed for 3 days
      [start + 14 * DAY_MS, start + 14 * DAY_MS], // open and immediately closed again
      [start + 22 * DAY_MS, end],
    ] as const
    for (const [from, to] of sessions) {
      const r = simulate({ tokens, leadTimesMs: DEFAULT_LEAD_TIMES_MS, from, to, ledger })
      all.push(...r.shown.map((s) => s.key), ...r.superseded)
      ledger = r.ledger
    }
    expect(new Set(all).size).toBe(all.length)
    // Every reachable (token, lead) was either shown or superseded, exactly once.
    expect(all.length).toBe(6 * 3)
    // And a final restart long after shows nothing again.
    expect(plan(tokens, end + 90 * DAY_MS, ledger)).toEqual({ due: [], supersededKeys: [], nextAt: null })
  })
})

describe('snoozing', () => {
  const exp = NOW + 7 * DAY_MS
  const key7 = reminderKey('a', 7 * DAY_MS)

  it.each([
    ['1h', HOUR_MS],
    ['1d', DAY_MS],
  ] as const)('snooze %s brings the reminder back once, exactly then', (choice, ms) => {
    let ledger = emptyLedger()
    const first = plan([tok('a', exp)], NOW, ledger)
    ledger = recordSnooze(recordShown(ledger, first), key7, snoozeUntil(NOW, choice))
    expect(plan([tok('a', exp)], NOW + 1, ledger)).toEqual({ due: [], supersededKeys: [], nextAt: NOW + ms })
    expect(plan([tok('a', exp)], NOW + ms - 1, ledger).due).toEqual([])
    const again = plan([tok('a', exp)], NOW + ms, ledger)
    expect(again.due.map((r) => r.key)).toEqual([key7])
    ledger = recordShown(ledger, again)
    expect(ledger.snoozedUntil.size).toBe(0)
    expect(plan([tok('a', exp)], NOW + ms + MINUTE, ledger)).toEqual({ due: [], supersededKeys: [], nextAt: exp - DAY_MS })
  })

  it('survives a restart during the snooze', () => {
    const ledger = recordSnooze({ fired: new Set([key7]), snoozedUntil: new Map() }, key7, NOW + HOUR_MS)
    const persisted = JSON.parse(JSON.stringify({ fired: [...ledger.fired], snoozed: [...ledger.snoozedUntil] }))
    const restored: ReminderLedger = { fired: new Set(persisted.fired), snoozedUntil: new Map(persisted.snoozed) }
    expect(plan([tok('a', exp)], NOW + 30 * MINUTE, restored).due).toEqual([])
    expect(plan([tok('a', exp)], NOW + HOUR_MS, restored).due.map((r) => r.key)).toEqual([key7])
  })

  it('rejects unknown snooze choices with a typed error', () => {
    expect(() => snoozeUntil(NOW, '2h' as never)).toThrow(TokenDeskError)
  })
})

describe('pruneLedger', () => {
  it('forgets tokens that are gone, including ids containing colons', () => {
    const ledger: ReminderLedger = {
      fired: new Set(['a:0', 'b:0', 'x:y:86400000']),
      snoozedUntil: new Map([['b:0', NOW], ['x:y:0', NOW]]),
    }
    const p = pruneLedger(ledger, new Set(['a', 'x:y']))
    expect([...p.fired]).toEqual(['a:0', 'x:y:86400000'])
    expect([...p.snoozedUntil.keys()]).toEqual(['x:y:0'])
  })
})

describe('10,000 tokens', () => {
  it('plans the same as a per-token reference', () => {
    // Deterministic pseudo-random spread: some expired, some far out, some revoked or open-ended.
    let seed = 42
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const tokens: ReminderToken[] = Array.from({ length: 10_000 }, (_, i) => {
      const r = rnd()
      const expiresAt = r < 0.05 ? null : NOW + Math.floor((rnd() - 0.2) * 40 * DAY_MS)
      return tok(`tok-${i}`, expiresAt, rnd() < 0.05 ? NOW - DAY_MS : null)
    })
    const fired = new Set(tokens.filter((_, i) => i % 3 === 0).map((t) => reminderKey(t.id, 7 * DAY_MS)))
    const p = plan(tokens, NOW, { fired, snoozedUntil: new Map() })

    const dueIds: string[] = []
    let superseded = 0
    let next = Infinity
    for (const t of tokens) {
      if (t.revokedAt !== null || t.expiresAt === null) continue
      const reached = [0, DAY_MS, 7 * DAY_MS].filter((l) => t.expiresAt! - l <= NOW)
      for (const l of [0, DAY_MS, 7 * DAY_MS]) if (t.expiresAt - l > NOW) next = Math.min(next, t.expiresAt - l)
      if (reached.length === 0) continue
      if (!fired.has(reminderKey(t.id, reached[0]!))) dueIds.push(t.id)
      superseded += reached.slice(1).filter((l) => !fired.has(reminderKey(t.id, l))).length
    }
    expect(p.due.map((r) => r.tokenId).sort()).toEqual(dueIds.sort())
    expect(p.supersededKeys).toHaveLength(superseded)
    expect(p.nextAt).toBe(next)
    expect(dueIds.length).toBeGreaterThan(1000)
  })
})
