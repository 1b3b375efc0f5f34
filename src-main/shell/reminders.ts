import { activationTarget, reminderToastXml } from './desktop/toast'
import { Notification, powerMonitor, type Tray } from 'electron'
import { startReminderLoop, type ReminderLoop, type ReminderNotice } from '../core/reminders/loop'
import { trayLabel } from '../core/reminders/schedule'
import type { ReminderService } from '../core/reminders/service'
import type { SnoozeChoice } from '../core/reminders/snooze'
import type { Vault } from '../core/vault'

export interface ReminderSchedulerOptions {
  reminders: ReminderService
  vault: Vault
  /** Shows the window and asks the UI to open this token, ready to rotate it when `rotate`. */
  openToken: (tokenId: string, rotate: boolean) => void
  /** Shows the window (a grouped summary has no single token to open). */
  showWindow: () => void
  /** Tells the UI the due reminders changed (the panel refreshes). */
  announceDue: () => void
  /** Notifications cannot be shown (e.g. an unsigned macOS build): said once, in the app. */
  notificationsFailed: (reason: string) => void
  tray: () => Tray | null
}

export type ReminderScheduler = ReminderLoop

/** Only macOS shows notification buttons; elsewhere a click opens the token. */
const SNOOZE_ACTIONS: { text: string; choice: SnoozeChoice }[] = [
  { text: 'Remind me in 1 hour', choice: '1h' },
  { text: 'Remind me tomorrow', choice: '1d' },
]

/**
 * The reminder clock of the app: core/reminders/loop.ts decides, this gives it native
 * notifications, real timers, the tray and powerMonitor. Sleep is covered by re-planning on
 * 'resume' and 'unlock-screen'.
 */
export function startReminderScheduler(opts: ReminderSchedulerOptions): ReminderScheduler {
  // Electron drops a Notification's handlers once the object is garbage collected; keep the
  // shown ones until they are clicked or closed.
  const live = new Set<Notification>()
  let failureSaid = false
  if (process.platform === 'win32') {
    // Every activation of our toasts, whether or not its Notification object still exists.
    Notification.handleActivation((details) => {
      const target = activationTarget(details.arguments)
      if (target === null) return
      if (target === 'window') opts.showWindow()
      else opts.openToken(target.tokenId, true)
    })
  }

  const show = (n: ReminderNotice): void => {
    if (!Notification.isSupported()) return
    const note = new Notification({
      title: n.title,
      body: n.body,
      ...(n.snoozeKey && process.platform === 'darwin' ? { actions: SNOOZE_ACTIONS.map((a) => ({ type: 'button' as const, text: a.text })) } : {}),
      // Windows: the toast says which token it is about, for handleActivation below.
      ...(process.platform === 'win32' ? { toastXml: reminderToastXml(n.title, n.body, n.tokenId ?? null) } : {}),
    })
    live.add(note)
    const done = () => live.delete(note)
    note.on('click', () => {
      done()
      // On Windows handleActivation opens it (also for a toast clicked in the Action Center later).
      if (process.platform === 'win32') return
      // A notice about one token is a reminder that it expires: the click opens it ready to rotate.
      if (n.tokenId) opts.openToken(n.tokenId, true)
      else opts.showWindow()
    })
    // The positional index is deprecated since Electron 42; the event's details carry it.
    note.on('action', (details) => {
      done()
      const a = SNOOZE_ACTIONS[details.actionIndex]
      if (n.snoozeKey && a) {
        try {
          opts.reminders.snooze(n.snoozeKey, a.choice)
          loop.replan()
          opts.announceDue()
        } catch (e) {
          console.error('TokenDesk: snooze failed:', e instanceof Error ? e.message : e)
        }
      }
    })
    note.on('close', done)
    // From Electron 42 macOS shows notifications of signed apps only; an unsigned build gets
    // 'failed'. The reminder still shows in the app's panel and the tray count: say so once.
    note.on('failed', (_event, error) => {
      done()
      if (failureSaid) return
      failureSaid = true
      opts.notificationsFailed(String(error))
    })
    note.show()
  }

  const updateTray = () => {
    const tray = opts.tray()
    if (!tray || tray.isDestroyed()) return
    const label = trayLabel(opts.vault.attentionCounts())
    tray.setToolTip(label.tooltip)
    if (process.platform === 'darwin') tray.setTitle(label.title)
  }

  const loop = startReminderLoop({
    reminders: opts.reminders,
    now: Date.now,
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
    notify: show,
    afterRun: (somethingDue) => {
      updateTray()
      if (somethingDue) opts.announceDue()
    },
    log: (m) => console.error(`TokenDesk: ${m}`),
  })

  const onWake = () => loop.replan()
  powerMonitor.on('resume', onWake)
  powerMonitor.on('unlock-screen', onWake)

  return {
    replan: loop.replan,
    stop: () => {
      loop.stop()
      powerMonitor.off('resume', onWake)
      powerMonitor.off('unlock-screen', onWake)
      live.clear()
    },
  }
}
