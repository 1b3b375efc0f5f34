import type { Clock } from '../clock'
import { systemClock } from '../clock'
import { invalid, notFound } from '../errors'
import type { Db } from '../store/db'
import type { ExpiryDate } from '../store/token-repo'
import { ReminderLedgerRepo } from '../store/reminder-ledger-repo'
import type { Vault } from '../vault'
import { reminderMessage, type NotificationText } from './messages'
import { groupMissed, type MissedSummary } from './missed'
import { normalizeLeadTimes, planReminders, recordShown, recordSnooze, type Reminder, type ReminderLedger, type ReminderPlan } from './plan'
import { snoozeUntil, type SnoozeChoice } from './snooze'

export interface ReminderServiceDeps {
  vault: Vault
  /** The vault's database (migration 3 created reminder_ledger in it). */
  db: Db
  clock?: Clock
}

export type DueReminder = Reminder & NotificationText

const KEY = /^(.{1,200}):(0|[1-9][0-9]{0,15})$/

/** The token id of a reminder key ("<token id>:<lead ms>"). */
export function keyTokenId(key: string): string | null {
  const m = KEY.exec(key)
  return m ? m[1]! : null
}

/**
 * Persists the reminder ledger and runs the pure planner over the vault. All semantics (what is
 * due, what a shown or snoozed reminder means) stay in plan.ts; this only loads and saves the
 * ledger, writing exactly the keys whose state changed, so the app (and a later restart) sees
 * what was shown and never repeats it.
 */
export class ReminderService {
  private readonly ledgerRepo: ReminderLedgerRepo
  private readonly clock: Clock

  constructor(private readonly deps: ReminderServiceDeps) {
    this.ledgerRepo = new ReminderLedgerRepo(deps.db)
    this.clock = deps.clock ?? systemClock
  }

  /** The persisted ledger. */
  ledger(): ReminderLedger {
    const rows = this.ledgerRepo.all()
    const fired = new Set<string>()
    const snoozedUntil = new Map<string, number>()
    for (const r of rows) {
      if (r.fired_at !== null) fired.add(r.key)
      if (r.snoozed_until !== null) snoozedUntil.set(r.key, r.snoozed_until)
    }
    return { fired, snoozedUntil }
  }

  /**
   * What is due to be notified now (at most one per token; each (token, lead) once, so reminders
   * already shown are left out) and when to look again; changes nothing.
   */
  plan(now: number = this.clock()): ReminderPlan {
    const leadTimesMs = this.deps.vault.settings().reminderLeadTimesMs
    const leads = normalizeLeadTimes(leadTimesMs)
    const maxLead = leads.at(-1)
    if (maxLead === undefined) return { due: [], supersededKeys: [], nextAt: null }
    // Only tokens expiring within the largest lead have reached any reminder; the planner reads
    // those (a few, even among 50,000 tokens), and the soonest token past them sets the latest
    // time to look again: its largest lead's reminder is the first of theirs to come.
    const horizon = now + maxLead
    const { fired, snoozedUntil } = this.ledger()
    const plan = planReminders({
      tokens: this.deps.vault.expiryDates(horizon),
      settings: { leadTimesMs },
      fired,
      snoozedUntil,
      now,
    })
    const later = this.deps.vault.firstExpiryAfter(horizon)
    if (later !== null && (plan.nextAt === null || later - maxLead < plan.nextAt)) plan.nextAt = later - maxLead
    return plan
  }

  /**
   * The panel: the soonest `limit` due, not snoozed reminders with their texts, and how many in all.
   * The panel lists every reminder that is due and not snoozed, shown or not; one leaves it when it
   * is snoozed or its token is revoked, renewed or deleted. As the planner gives them over every
   * token with the shown ones kept (service.spec.ts compares the two), but without planning
   * every token: asked for in the window's first second, and at 50,000 tokens 12,500 of them are
   * within the largest lead. Every token within it has a due reminder (its largest lead is
   * reached, and the panel ignores what was shown) unless that reminder is snoozed, so the count
   * is the index's count less the snoozed ones, and the soonest `limit + snoozed` tokens hold the
   * head.
   */
  dueHead(limit: number, now: number = this.clock()): { items: DueReminder[]; total: number } {
    const leadTimesMs = this.deps.vault.settings().reminderLeadTimesMs
    const maxLead = normalizeLeadTimes(leadTimesMs).at(-1)
    if (maxLead === undefined) return { items: [], total: 0 }
    const horizon = now + maxLead
    const snoozedUntil = new Map(this.ledgerRepo.liveSnoozes(now).map((r) => [r.key, r.snoozed_until] as const))
    const plan = (tokens: readonly ExpiryDate[]) => planReminders({ tokens, settings: { leadTimesMs }, fired: new Set(), snoozedUntil, now }).due
    // The tokens with a live snooze whose reminder now is the snoozed one.
    const snoozedIds = [...new Set([...snoozedUntil.keys()].map(keyTokenId).filter((id): id is string => id !== null))]
    const withSnooze = this.deps.vault.expiryDatesOf(snoozedIds, horizon)
    const hidden = withSnooze.length - plan(withSnooze).length
    const due = plan(this.deps.vault.soonestExpiryDates(horizon, limit + hidden)).slice(0, limit)
    return { items: due.map((r) => ({ ...r, ...reminderMessage(r, now) })), total: this.deps.vault.expiryCount(horizon) - hidden }
  }

  /**
   * Records that `plan.due` was shown (and its superseded leads reached): call it BEFORE showing
   * the notifications, so a crash can lose a reminder but a restart never repeats one.
   */
  markShown(plan: Pick<ReminderPlan, 'due' | 'supersededKeys'>, now: number = this.clock()): void {
    this.update((ledger) => recordShown(ledger, plan), now)
  }

  /** Re-arms a reminder to come back once, 1 hour or 1 day from now. */
  snooze(key: string, choice: SnoozeChoice, now: number = this.clock()): { key: string; snoozedUntil: number } {
    const tokenId = keyTokenId(key)
    if (tokenId === null) throw invalid('not a reminder')
    if (!this.deps.vault.exists(tokenId)) throw notFound('the token of this reminder no longer exists')
    const until = snoozeUntil(now, choice)
    this.update((ledger) => recordSnooze(ledger, key, until), now)
    return { key, snoozedUntil: until }
  }

  /**
   * At app start: everything due now became due while the app was closed. Returns it folded into
   * one summary notification (or null) and records it as shown. Also prunes deleted tokens.
   */
  startup(now: number = this.clock()): MissedSummary | null {
    this.prune()
    const plan = this.plan(now)
    const summary = groupMissed(plan.due, now)
    this.markShown(plan, now)
    return summary
  }

  /** Drops ledger rows of tokens that no longer exist (revoked ones stay: they may be restored). */
  prune(): number {
    return this.ledgerRepo.pruneDeletedTokens()
  }

  /** Applies a pure ledger transition and writes only the rows it changed, in one transaction. */
  private update(step: (ledger: ReminderLedger) => ReminderLedger, now: number): void {
    const repo = this.ledgerRepo
    repo.transaction(() => {
      const before = this.ledger()
      const after = step(before)
      const keys = new Set([...before.fired, ...before.snoozedUntil.keys(), ...after.fired, ...after.snoozedUntil.keys()])
      for (const key of keys) {
        const wasFired = before.fired.has(key)
        const isFired = after.fired.has(key)
        const wasUntil = before.snoozedUntil.get(key) ?? null
        const isUntil = after.snoozedUntil.get(key) ?? null
        if (wasFired === isFired && wasUntil === isUntil) continue
        if (!isFired && isUntil === null) {
          repo.remove(key)
          continue
        }
        const tokenId = keyTokenId(key)
        if (tokenId === null) continue // not ours to store; the planner only makes valid keys
        // Keep the first time a reminder fired; a newly fired one gets `now`.
        const at = isFired ? (wasFired ? (repo.firedAt(key) ?? now) : now) : null
        repo.upsert(key, tokenId, at, isUntil)
      }
    })
  }
}
