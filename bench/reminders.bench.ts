/**
 * One reminder plan over 10,000 tokens, as run on every wake-up and every vault change.
 * Target: median < 10 ms. Run with `npx tsx bench/reminders.bench.ts`. Timing lives here, not in
 * tests, so a slow CI machine cannot make the suite flaky.
 */
import { DAY_MS } from '../src-main/core/rules/status'
import { DEFAULT_LEAD_TIMES_MS, planReminders, reminderKey, type ReminderToken } from '../src-main/core/reminders/plan'

const N = 10_000
const RUNS = 200
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0)

let seed = 7
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
const tokens: ReminderToken[] = Array.from({ length: N }, (_, i) => ({
  id: `0190f1a2-${String(i).padStart(8, '0')}`,
  name: `token-${i}`,
  expiresAt: rnd() < 0.05 ? null : NOW + Math.floor((rnd() - 0.2) * 90 * DAY_MS),
  revokedAt: rnd() < 0.05 ? NOW - DAY_MS : null,
}))
// A realistic ledger: a third of the tokens already had their 7-day reminder.
const fired = new Set(tokens.filter((_, i) => i % 3 === 0).map((t) => reminderKey(t.id, 7 * DAY_MS)))
const snoozedUntil = new Map(tokens.filter((_, i) => i % 50 === 0).map((t) => [reminderKey(t.id, DAY_MS), NOW + 3_600_000] as const))

const run = () => planReminders({ tokens, settings: { leadTimesMs: DEFAULT_LEAD_TIMES_MS }, fired, snoozedUntil, now: NOW })
for (let i = 0; i < 20; i++) run() // warm-up so the JIT has compiled the loop

const samples: number[] = []
let due = 0
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now()
  due = run().due.length
  samples.push(performance.now() - t0)
}
samples.sort((a, b) => a - b)
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!
const median = pct(50)

console.table([
  {
    case: `planReminders, ${N} tokens, ${DEFAULT_LEAD_TIMES_MS.length} leads`,
    runs: RUNS,
    'median ms': median.toFixed(2),
    'p99 ms': pct(99).toFixed(2),
    'max ms': samples[samples.length - 1]!.toFixed(2),
    due,
    'target ms': 10,
    ok: median < 10 ? 'yes' : 'NO',
  },
])
