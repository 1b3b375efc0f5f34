/**
 * Windows reminders: a toast clicked in the Action Center after it timed out has no live
 * Notification object, so its 'click' never fires; Electron 45's `Notification.handleActivation`
 * hands the toast's `launch` arguments to the app instead (also on a cold start). The toast XML
 * therefore carries which token it is about, and the activation is read back from it. Pure.
 */
const LAUNCH_PREFIX = 'tokendesk-reminder'

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

/** The launch arguments of a reminder toast: the token it opens, if any. */
export const launchArgs = (tokenId: string | null): string => (tokenId ? `${LAUNCH_PREFIX}?token=${encodeURIComponent(tokenId)}` : LAUNCH_PREFIX)

/** A reminder toast (Windows ToastGeneric template) whose activation names its token. */
export function reminderToastXml(title: string, body: string, tokenId: string | null): string {
  return (
    `<toast launch="${xml(launchArgs(tokenId))}" activationType="foreground">` +
    `<visual><binding template="ToastGeneric"><text>${xml(title)}</text><text>${xml(body)}</text></binding></visual>` +
    `</toast>`
  )
}

/** What an activation asks for: open that token ready to rotate, show the window, or nothing of ours. */
export function activationTarget(args: string): { tokenId: string } | 'window' | null {
  if (args === LAUNCH_PREFIX) return 'window'
  if (!args.startsWith(`${LAUNCH_PREFIX}?`)) return null
  const token = new URLSearchParams(args.slice(LAUNCH_PREFIX.length + 1)).get('token')
  return token && /^[0-9a-f-]{36}$/.test(token) ? { tokenId: token } : 'window'
}
