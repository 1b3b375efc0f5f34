import { Notification, powerMonitor, type Tray } from 'electron'
import type { MissedSummary } from '../core/reminders/missed'
import { reminderMessage } from '../core/reminders/messages'
import { nextTimerDelay, trayLabel } from '../core/reminders/schedule'
import type { ReminderService } from '../core/reminders/service'
import type { SnoozeChoice } from '../core/reminders/snooze'
import type { Vault } from '../core/vault'

export interface ReminderSchedulerOptions {
  reminders: ReminderService
  vault: Vault
  /** Shows the window and asks the UI to open this token. */
  openToken: (tokenId: string) => void
  /** Shows the window (a grouped summary has no single token to open). */
  showWindow: () => void
  /** Tells the UI a reminder fired (it shows it in-app, too). */
  emitDue: (payload: { tokenId: string; title: string; body: string }) => void
  tray: () => Tray | null
}

export interface ReminderScheduler {
  /** Plans now: shows what is due and sets the one timer. Cheap; call it on any change. */
  replan(): void
  stop(): void
}

/** Only macOS shows notification buttons; elsewhere a click opens the token. */
const SNOOZE_ACTIONS: { text: string; choice: SnoozeChoice }[] = [
  { text: 'Remind me in 1 hour', choice: '1h' },
  { text: 'Remind me tomorrow', choice: '1d' },
]

/**
 * The reminder clock of the app. All decisions are in core (ReminderService, plan.ts,
 * schedule.ts); this wires them to one setTimeout, native notifications, the tray and
 * powerMonitor. The timer waits until the plan's next instant but never more than an hour
 * (nextTimerDelay): a timer measures elapsed time, so a wall-clock change (manual, NTP, time
 * zone) is noticed within the hour without a polling loop. Sleep is covered by re-planning on
 * 'resume' and 'unlock-screen'.
 */
export function startReminderScheduler(opts: ReminderSchedulerOptions): ReminderScheduler {
  let timer: NodeJS.Timeout | null = null
  let stopped = false
  // Electron drops a Notification's handlers once the object is garbage collected; keep the
  // shown ones until they are clicked or closed.
  const live = new Set<Notification>()

  const show = (title: string, body: string, onClick: () => void, snoozeKey?: string): void => {
    if (!Notification.isSupported()) return
    const n = new Notification({
      title,
      body,
      ...(snoozeKey && process.platform === 'darwin' ? { actions: SNOOZE_ACTIONS.map((a) => ({ type: 'button' as const, text: a.text })) } : {}),
    })
    live.add(n)
    const done = () => live.delete(n)
    n.on('click', () => {
      done()
      onClick()
    })
    // The positional index is deprecated since Electron 42; the event's details carry it.
    n.on('action', (details) => {
      done()
      const a = SNOOZE_ACTIONS[details.actionIndex]
      if (snoozeKey && a) {
        try {
          opts.reminders.snooze(snoozeKey, a.choice)
          replan()
        } catch (e) {
          console.error('TokenDesk: snooze failed:', e instanceof Error ? e.message : e)
        }
      }
    })
    n.on('close', done)
    n.on('failed', done)
    n.show()
  }

  const updateTray = () => {
    const tray = opts.tray()
    if (!tray || tray.isDestroyed()) return
    const label = trayLabel(opts.vault.attentionCounts())
    tray.setToolTip(label.tooltip)
    if (process.platform === 'darwin') tray.setTitle(label.title)
  }

  const showSummary = (summary: MissedSummary) => {
    const all = [...summary.expired, ...summary.expiringSoon]
    const only = all.length === 1 ? all[0]! : null
    show(summary.title, summary.body, () => (only ? opts.openToken(only.tokenId) : opts.showWindow()))
  }

  function replan(): void {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = null
    try {
      const now = Date.now()
      const plan = opts.reminders.plan(now)
      if (plan.due.length > 0) {
        // Persist first, then notify: a crash may lose a reminder but never repeats one.
        opts.reminders.markShown(plan, now)
        for (const r of plan.due) {
          const { title, body } = reminderMessage(r, now)
          show(title, body, () => opts.openToken(r.tokenId), r.key)
          opts.emitDue({ tokenId: r.tokenId, title, body })
        }
      }
      updateTray()
      const delay = nextTimerDelay(plan.nextAt, now)
      if (delay !== null) timer = setTimeout(replan, delay)
    } catch (e) {
      // E.g. the database is busy: try again within the hour rather than never.
      console.error('TokenDesk: reminder planning failed:', e instanceof Error ? e.message : e)
      timer = setTimeout(replan, nextTimerDelay(Number.MAX_SAFE_INTEGER, 0)!)
    }
  }

  const onWake = () => replan()
  powerMonitor.on('resume', onWake)
  powerMonitor.on('unlock-screen', onWake)

  // At start, everything already due was missed while the app was closed: one grouped notification.
  try {
    const summary = opts.reminders.startup()
    if (summary) showSummary(summary)
  } catch (e) {
    console.error('TokenDesk: reminder start-up failed:', e instanceof Error ? e.message : e)
  }
  replan()

  return {
    replan,
    stop: () => {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = null
      powerMonitor.off('resume', onWake)
      powerMonitor.off('unlock-screen', onWake)
      live.clear()
    },
  }
}
