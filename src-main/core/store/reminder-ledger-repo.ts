import type { Db } from './db'

export interface LedgerRow {
  key: string
  fired_at: number | null
  snoozed_until: number | null
}

/**
 * The reminder_ledger table (migration 3): which reminder keys were shown and until when one is
 * snoozed. The SQL of reminders lives here, like every other table's in store/; the rules stay
 * in reminders/plan.ts and the service.
 */
export class ReminderLedgerRepo {
  constructor(private readonly db: Db) {}

  all(): LedgerRow[] {
    return this.db.prepare<[], LedgerRow>('SELECT key, fired_at, snoozed_until FROM reminder_ledger').all()
  }

  /** The snoozes that have not ended by `now` (reminder_ledger_snoozed). */
  liveSnoozes(now: number): { key: string; snoozed_until: number }[] {
    return this.db
      .prepare<[number], { key: string; snoozed_until: number }>('SELECT key, snoozed_until FROM reminder_ledger WHERE snoozed_until IS NOT NULL AND snoozed_until > ?')
      .all(now)
  }

  firedAt(key: string): number | null {
    return this.db.prepare<[string], { fired_at: number | null }>('SELECT fired_at FROM reminder_ledger WHERE key = ?').get(key)?.fired_at ?? null
  }

  upsert(key: string, tokenId: string, firedAt: number | null, snoozedUntil: number | null): void {
    this.db
      .prepare<[string, string, number | null, number | null]>(
        `INSERT INTO reminder_ledger (key, token_id, fired_at, snoozed_until) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET fired_at = excluded.fired_at, snoozed_until = excluded.snoozed_until`,
      )
      .run(key, tokenId, firedAt, snoozedUntil)
  }

  remove(key: string): void {
    this.db.prepare<[string]>('DELETE FROM reminder_ledger WHERE key = ?').run(key)
  }

  /** Drops the rows of tokens that no longer exist; returns how many. */
  pruneDeletedTokens(): number {
    return this.db.prepare('DELETE FROM reminder_ledger WHERE token_id NOT IN (SELECT id FROM tokens)').run().changes
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }
}
