/**
 * Reminders, timed. Run with `npx tsx bench/reminders.bench.ts`. Timing lives here, not in tests,
 * so a slow CI machine cannot make the suite flaky.
 *
 *  - one reminder plan over 10,000 tokens, as run on every wake-up and every vault change: < 10 ms
 *  - the panel's `reminders.due` (the core's dueHead(50), asked for in a window's first second)
 *    over a real SQLite vault of 50,000 tokens, a quarter of them within the largest lead: < 5 ms
 *  - the wake-up's plan over that vault (every token within the largest lead), for comparison
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DAY_MS } from '../src-main/core/rules/status'
import { DEFAULT_LEAD_TIMES_MS, planReminders, reminderKey, type ReminderToken } from '../src-main/core/reminders/plan'
import { ReminderService } from '../src-main/core/reminders/service'
import { MemorySecretStore } from '../src-main/core/secrets/memory-store'
import { openDb } from '../src-main/core/store/db'
import { TokenRepo } from '../src-main/core/store/token-repo'
import { Vault } from '../src-main/core/vault'

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

const rows: Record<string, unknown>[] = [
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
]

// ---- the core over a 50,000-token vault on disk ----------------------------------------------
const BIG = 50_000
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-reminders-bench-'))
try {
  const db = openDb(dir)
  const repo = new TokenRepo(db)
  // Expiries from 24 days ago to 96 days ahead, as the vault and renderer benches make them; 1 in 20 revoked.
  repo.transaction(() => {
    for (let i = 0; i < BIG; i++) {
      const id = randomUUID()
      repo.insertPending({ id, kind: 'personal', platform: 'planqk', org: null, name: `token-${i}`, scopes: [], fields: {}, note: null, createdAt: NOW - 100 * DAY_MS, expiresAt: NOW + Math.floor((rnd() - 0.2) * 120 * DAY_MS), secretRef: `${id}.1` })
    }
    db.exec(`UPDATE tokens SET state = 'ready', revoked_at = CASE WHEN abs(random()) % 20 = 0 THEN ${NOW} ELSE NULL END`)
  })
  const vault = new Vault({ repo, secrets: new MemorySecretStore(), clock: () => NOW, actor: 'bench' })
  const reminders = new ReminderService({ vault, db, clock: () => NOW })
  const time = (f: () => unknown, runs = 50) => {
    for (let i = 0; i < 5; i++) f()
    const xs = Array.from({ length: runs }, () => {
      const t0 = performance.now()
      f()
      return performance.now() - t0
    }).sort((a, b) => a - b)
    return { median: xs[runs >> 1]!, p99: xs[Math.min(runs - 1, Math.ceil(0.99 * runs) - 1)]! }
  }
  const within = vault.expiryDates(NOW + 7 * DAY_MS).length
  const head = time(() => reminders.dueHead(50))
  rows.push({ case: `reminders.due: dueHead(50), ${BIG.toLocaleString('en')} tokens (${within} within the largest lead)`, runs: 50, 'median ms': head.median.toFixed(2), 'p99 ms': head.p99.toFixed(2), due: reminders.dueHead(50).total, 'target ms': 5, ok: head.median < 5 ? 'yes' : 'NO' })
  const wake = time(() => reminders.plan(), 20)
  rows.push({ case: `wake-up plan over the same vault`, runs: 20, 'median ms': wake.median.toFixed(2), 'p99 ms': wake.p99.toFixed(2), due: reminders.plan().due.length })
  db.close()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
console.table(rows)
