import { invalid } from '../errors'
import type { Token } from '../model'
import { DAY_MS } from '../rules/status'

/**
 * Reminder planning is a pure function of (tokens, settings, what was already shown, snoozes, now),
 * so the main process only has to persist two small maps and re-run it whenever the clock reaches
 * `nextAt`, a token changes, or the app starts.
 *
 * Lead times are absolute durations (a "1 day" reminder fires exactly 24 h of elapsed time before
 * expiry), not calendar offsets. Expiry itself is an instant, so a duration is the only choice that
 * cannot skip or double a reminder when a DST transition falls inside the lead window; the price is
 * that the wall-clock time of the reminder shifts by an hour across a transition, which nobody minds.
 */

export const HOUR_MS = 60 * 60 * 1000
export const DEFAULT_LEAD_TIMES_MS: readonly number[] = [7 * DAY_MS, DAY_MS, 0]

export type ReminderToken = Pick<Token, 'id' | 'name' | 'expiresAt' | 'revokedAt'>
export type ReminderState = 'expiring' | 'expired'

export interface Reminder {
  /** `${tokenId}:${leadMs}`: the unit the caller persists as fired or snoozed. */
  key: string
  tokenId: string
  tokenName: string
  leadMs: number
  expiresAt: number
  /** When it first became due (expiresAt - leadMs); a snoozed reminder shows later than this. */
  dueAt: number
  state: ReminderState
}

export interface PlanInput {
  tokens: readonly ReminderToken[]
  settings: { leadTimesMs: readonly number[] }
  fired: ReadonlySet<string>
  snoozedUntil: ReadonlyMap<string, number>
  now: number
}

export interface ReminderPlan {
  /** Reminders to show now, at most one per token (the most urgent), ordered by expiry. */
  due: Reminder[]
  /**
   * Less urgent leads that were reached but will never be shown because a more urgent one
   * overtook them (app was closed, snooze ran past the next lead, lead times changed). The caller
   * must persist them as fired together with `due`, which is what makes a restart repeat nothing.
   */
  supersededKeys: string[]
  /** Earliest future instant at which re-planning can produce something new, or null. */
  nextAt: number | null
}

export const reminderKey = (tokenId: string, leadMs: number): string => `${tokenId}:${leadMs}`

/** Validated, de-duplicated lead times, most urgent (smallest) first. */
export function normalizeLeadTimes(leadTimesMs: readonly number[]): number[] {
  for (const l of leadTimesMs) {
    if (!Number.isSafeInteger(l) || l < 0) throw invalid('reminder lead times must be whole, non-negative milliseconds')
  }
  return [...new Set(leadTimesMs)].sort((a, b) => a - b)
}

export function planReminders(input: PlanInput): ReminderPlan {
  const { tokens, fired, snoozedUntil, now } = input
  const leads = normalizeLeadTimes(input.settings.leadTimesMs)
  const due: Reminder[] = []
  const supersededKeys: string[] = []
  let nextAt = Infinity

  for (const t of tokens) {
    if (t.revokedAt !== null || t.expiresAt === null) continue
    const expiresAt = t.expiresAt
    // Leads run most urgent first, so the first reached lead is the one that matters; every
    // larger lead is reached too (its due time is earlier) and is superseded by it.
    let current = -1
    for (let i = 0; i < leads.length; i++) {
      const lead = leads[i]!
      const dueAt = expiresAt - lead
      if (dueAt > now) {
        // Not reached yet: it is a future event unless it was somehow recorded already.
        if (dueAt < nextAt && !fired.has(reminderKey(t.id, lead))) nextAt = dueAt
        continue
      }
      if (current === -1) {
        current = i
        const key = reminderKey(t.id, lead)
        if (fired.has(key)) continue
        const until = snoozedUntil.get(key)
        if (until !== undefined && until > now) {
          if (until < nextAt) nextAt = until
          continue
        }
        due.push({ key, tokenId: t.id, tokenName: t.name, leadMs: lead, expiresAt, dueAt, state: expiresAt <= now ? 'expired' : 'expiring' })
      } else {
        const key = reminderKey(t.id, lead)
        if (!fired.has(key)) supersededKeys.push(key)
      }
    }
  }

  due.sort((a, b) => a.expiresAt - b.expiresAt || (a.tokenName < b.tokenName ? -1 : a.tokenName > b.tokenName ? 1 : 0))
  return { due, supersededKeys, nextAt: nextAt === Infinity ? null : nextAt }
}

/** What the caller persists between runs. */
export interface ReminderLedger {
  fired: ReadonlySet<string>
  snoozedUntil: ReadonlyMap<string, number>
}

/**
 * Records that `plan.due` was shown: shown and superseded keys become fired and lose any snooze.
 * Returns a new ledger so the caller can persist it before showing anything (crash-safe order:
 * persist first, then notify, so a crash can lose a reminder but never repeat one).
 */
export function recordShown(ledger: ReminderLedger, plan: Pick<ReminderPlan, 'due' | 'supersededKeys'>): ReminderLedger {
  const fired = new Set(ledger.fired)
  const snoozedUntil = new Map(ledger.snoozedUntil)
  for (const k of [...plan.due.map((r) => r.key), ...plan.supersededKeys]) {
    fired.add(k)
    snoozedUntil.delete(k)
  }
  return { fired, snoozedUntil }
}

/** Re-arms a shown reminder for `until`: it leaves the fired set and comes back once, then. */
export function recordSnooze(ledger: ReminderLedger, key: string, until: number): ReminderLedger {
  const fired = new Set(ledger.fired)
  fired.delete(key)
  const snoozedUntil = new Map(ledger.snoozedUntil)
  snoozedUntil.set(key, until)
  return { fired, snoozedUntil }
}

/** Drops ledger entries of tokens that no longer exist, so the ledger cannot grow forever. */
export function pruneLedger(ledger: ReminderLedger, tokenIds: ReadonlySet<string>): ReminderLedger {
  const keep = (k: string) => tokenIds.has(k.slice(0, k.lastIndexOf(':')))
  return {
    fired: new Set([...ledger.fired].filter(keep)),
    snoozedUntil: new Map([...ledger.snoozedUntil].filter(([k]) => keep(k))),
  }
}

/** A notification's words: names only, never a secret. */
export interface NotificationText {
  title: string
  body: string
}
