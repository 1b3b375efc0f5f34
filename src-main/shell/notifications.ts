import { Notification } from 'electron'

export interface NotifyOptions {
  title: string
  body: string
  /** Called when the user clicks the notification (e.g. open the token in the window). */
  onClick?: () => void
}

/** Shows an OS notification; returns false when the platform has none (the in-app banner still shows). */
export function notify({ title, body, onClick }: NotifyOptions): boolean {
  if (!Notification.isSupported()) return false
  // Titles and bodies come from the reminder planner: names and dates only, never a secret.
  const n = new Notification({ title, body, silent: false })
  if (onClick) n.on('click', onClick)
  n.show()
  return true
}
