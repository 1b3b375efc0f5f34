import { reminderMessage } from './messages'
import type { MissedSummary } from './missed'
import { nextTimerDelay } from './schedule'
import type { ReminderService } from './service'

/**
 * The reminder clock, without Electron: one timer to the plan's next instant (at most an hour),
 * a notification per due reminder (once per token and lead, recorded before it is shown), one
 * grouped notification for what was missed while the app was closed, and `changed()` after each
 * run (the tray count; and the in-app panel when something became due). The shell passes native
 * notifications and real timers (shell/reminders.ts); the browser tests pass a recorder and a
 * clock they move (test/e2e/loopback-server.ts).
 *
 * The panel and the notifications are separate on purpose: a notification is shown once, while the
 * panel lists every reminder that is due and not snoozed (ReminderService.dueHead), so seeing the
 * notification never hides the reminder from the app.
 */
export interface ReminderNotice {
  title: string
  body: string
  /** The token to open on click; absent for a grouped summary of several. */
  tokenId?: string
  /** Present for a single reminder: the ledger key its Snooze actions re-arm. */
  snoozeKey?: string
}

export interface ReminderLoopPorts {
  reminders: Pick<ReminderService, 'plan' | 'markShown' | 'startup'>
  now: () => number
  setTimer: (fn: () => void, ms: number) => unknown
  clearTimer: (handle: unknown) => void
  notify: (n: ReminderNotice) => void
  /**
   * After every run: the tray count may have changed; when something became due the panel must
   * refresh too. (Announce it to the UI only: re-planning on that announcement would loop.)
   */
  afterRun: (somethingDue: boolean) => void
  log: (message: string) => void
}

export interface ReminderLoop {
  /** Plans now: shows what is due and sets the one timer. Cheap; call it on any change. */
  replan(): void
  stop(): void
}

function summaryNotice(s: MissedSummary): ReminderNotice {
  const all = [...s.expired, ...s.expiringSoon]
  return { title: s.title, body: s.body, ...(all.length === 1 ? { tokenId: all[0]!.tokenId } : {}) }
}

export function startReminderLoop(p: ReminderLoopPorts): ReminderLoop {
  let timer: unknown = null
  let stopped = false
  const clear = () => {
    if (timer !== null) p.clearTimer(timer)
    timer = null
  }

  function replan(): void {
    if (stopped) return
    clear()
    try {
      const now = p.now()
      const plan = p.reminders.plan(now)
      if (plan.due.length > 0) {
        // Persist first, then notify: a crash may lose a reminder but never repeats one.
        p.reminders.markShown(plan, now)
        for (const r of plan.due) p.notify({ ...reminderMessage(r, now), tokenId: r.tokenId, snoozeKey: r.key })
      }
      p.afterRun(plan.due.length > 0)
      const delay = nextTimerDelay(plan.nextAt, now)
      if (delay !== null) timer = p.setTimer(replan, delay)
    } catch (e) {
      // E.g. the database is busy: try again within the hour rather than never.
      p.log(`reminder planning failed: ${e instanceof Error ? e.message : String(e)}`)
      timer = p.setTimer(replan, nextTimerDelay(Number.MAX_SAFE_INTEGER, 0)!)
    }
  }

  // At start, everything already due was missed while the app was closed: one grouped notification.
  try {
    const summary = p.reminders.startup(p.now())
    if (summary) p.notify(summaryNotice(summary))
  } catch (e) {
    p.log(`reminder start-up failed: ${e instanceof Error ? e.message : String(e)}`)
  }
  replan()

  return {
    replan,
    stop: () => {
      stopped = true
      clear()
    },
  }
}
