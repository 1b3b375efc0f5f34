import { afterAll, describe, expect, it } from 'vitest'
import { DAY_MS } from '../rules/status'
import { DEFAULT_LEAD_TIMES_MS, HOUR_MS, reminderKey, type ReminderToken } from './plan'
import { MINUTE, simulate } from './simulate.test-util'

/**
 * Lead times are absolute durations (see plan.ts), so a DST change inside the lead window must
 * neither skip nor double a reminder; it only moves the wall-clock time at which it shows.
 * Node re-reads process.env.TZ on assignment, so local-time construction below follows each zone.
 */
const originalTz = process.env.TZ
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})

const transitions = [
  { tz: 'Europe/Berlin', spring: [2026, 2, 29], autumn: [2026, 9, 25] },
  { tz: 'America/New_York', spring: [2026, 2, 8], autumn: [2026, 10, 1] },
] as const

describe.each(transitions)('DST in $tz', ({ tz, spring, autumn }) => {
  it.each([
    ['spring', spring],
    ['autumn', autumn],
  ] as const)('%s transition: every reminder fires once, exactly lead ms before expiry', (_, [y, m, d]) => {
    process.env.TZ = tz
    // Expiries placed at local midnight, inside the skipped/repeated hour and just after the
    // transition on the day itself, the day after and a week after, so every lead spans it.
    const tokens: ReminderToken[] = []
    for (const [dayOffset, hour, minute] of [
      [0, 0, 0],
      [0, 2, 30],
      [0, 1, 30],
      [0, 3, 15],
      [1, 0, 0],
      [1, 2, 30],
      [7, 2, 30],
      [7, 12, 0],
    ] as const) {
      const expiresAt = new Date(y, m, d + dayOffset, hour, minute).getTime()
      tokens.push({ id: `t${tokens.length}`, name: `t${tokens.length}`, expiresAt, revokedAt: null })
    }
    const from = new Date(y, m, d - 10).getTime()
    const to = new Date(y, m, d + 9).getTime()
    const { shown, superseded } = simulate({ tokens, leadTimesMs: DEFAULT_LEAD_TIMES_MS, from, to })
    expect(superseded).toEqual([])
    const keys = shown.map((s) => s.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys.sort()).toEqual(tokens.flatMap((t) => DEFAULT_LEAD_TIMES_MS.map((l) => reminderKey(t.id, l))).sort())
    for (const s of shown) expect(s.at - s.dueAt).toBeLessThan(MINUTE)
    for (const t of tokens) {
      const at = (l: number) => shown.find((s) => s.key === reminderKey(t.id, l))!.dueAt
      expect(t.expiresAt! - at(DAY_MS)).toBe(DAY_MS)
      expect(t.expiresAt! - at(7 * DAY_MS)).toBe(7 * DAY_MS)
    }
    // The documented trade-off: for a local-midnight expiry the day after the transition, the
    // 1-day reminder shows at 23:00 or 01:00 local time rather than at midnight.
    const nextMidnight = tokens[4]!
    const oneDayBefore = new Date(nextMidnight.expiresAt! - DAY_MS)
    expect([23, 1]).toContain(oneDayBefore.getHours())
    expect(Math.abs(new Date(nextMidnight.expiresAt!).getTimezoneOffset() - oneDayBefore.getTimezoneOffset())).toBe(HOUR_MS / MINUTE)
  })
})
