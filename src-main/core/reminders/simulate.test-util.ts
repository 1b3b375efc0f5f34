import { expect } from 'vitest'
import { planReminders, recordShown, type ReminderLedger, type ReminderToken } from './plan'

export const MINUTE = 60_000

export interface Shown {
  key: string
  at: number
  dueAt: number
}

export const emptyLedger = (): ReminderLedger => ({ fired: new Set(), snoozedUntil: new Map() })

/**
 * Drives the planner like the main process does: wake every `stepMs`, plan, persist what was shown.
 * Checks on every tick that nothing appears before the previous plan's nextAt and that nextAt is
 * never in the past, so the app could equally sleep until nextAt instead of polling.
 */
export function simulate(opts: {
  tokens: readonly ReminderToken[]
  leadTimesMs: readonly number[]
  from: number
  to: number
  stepMs?: number
  ledger?: ReminderLedger
}): { shown: Shown[]; superseded: string[]; ledger: ReminderLedger } {
  const step = opts.stepMs ?? MINUTE
  let ledger = opts.ledger ?? emptyLedger()
  const shown: Shown[] = []
  const superseded: string[] = []
  let expectedNext: number | null = null
  for (let now = opts.from; now <= opts.to; now += step) {
    const plan = planReminders({ tokens: opts.tokens, settings: { leadTimesMs: opts.leadTimesMs }, ...ledger, now })
    if (plan.due.length > 0 && expectedNext !== null) expect(now).toBeGreaterThanOrEqual(expectedNext)
    if (plan.nextAt !== null) expect(plan.nextAt).toBeGreaterThan(now)
    for (const r of plan.due) {
      expect(r.dueAt).toBeLessThanOrEqual(now)
      shown.push({ key: r.key, at: now, dueAt: r.dueAt })
    }
    superseded.push(...plan.supersededKeys)
    ledger = recordShown(ledger, plan)
    expectedNext = plan.nextAt
  }
  return { shown, superseded, ledger }
}

/** Same run, but sleeping exactly until nextAt each time (what the scheduler really does). */
export function simulateByNextAt(opts: { tokens: readonly ReminderToken[]; leadTimesMs: readonly number[]; from: number; to: number }): Shown[] {
  let ledger = emptyLedger()
  const shown: Shown[] = []
  let now = opts.from
  for (let guard = 0; guard < 100_000; guard++) {
    const plan = planReminders({ tokens: opts.tokens, settings: { leadTimesMs: opts.leadTimesMs }, ...ledger, now })
    for (const r of plan.due) shown.push({ key: r.key, at: now, dueAt: r.dueAt })
    ledger = recordShown(ledger, plan)
    if (plan.nextAt === null || plan.nextAt > opts.to) return shown
    now = plan.nextAt
  }
  throw new Error('nextAt did not advance')
}
