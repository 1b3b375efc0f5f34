/**
 * What the desktop shell does with its window, tray and login item, per OS — pure, so each rule
 * is unit-tested without Electron (policy.spec.ts); index.ts only wires the answers.
 *
 * Why these rules (Electron's tray docs, Linux section; electron/electron#53213): on GNOME without
 * the AppIndicator extension `new Tray()` succeeds but nothing is shown, so on Linux a created tray
 * proves nothing. Closing the window must never leave a process the user cannot reach: on Linux
 * the app quits on close unless the user opted in to "keep running in the background" (which
 * says it needs a visible tray icon); Windows always has a notification area, and macOS keeps the
 * app in the Dock, so both keep running by default.
 */

export type Platform = NodeJS.Platform

export interface WindowPolicyInput {
  platform: Platform
  /** Whether a tray icon was created (a Linux desktop may still not show it). */
  tray: boolean
  /** Settings → "On Linux, keep running in the background" (the user says their tray is visible). */
  linuxBackground: boolean
}

/** Whether the app keeps running (for reminders) when its last window closes. */
export function closeAction(i: WindowPolicyInput): 'quit' | 'keep-running' {
  // macOS: the Dock icon brings the window back ('activate').
  if (i.platform === 'darwin') return 'keep-running'
  // Windows always shows its notification area; Linux only if the user says the tray is visible.
  if (i.platform === 'linux' && !i.linuxBackground) return 'quit'
  return i.tray ? 'keep-running' : 'quit'
}

/** The flag a Windows/Linux login start passes (macOS reports a login start itself). */
export const HIDDEN_FLAG = '--hidden'

export interface StartInput extends WindowPolicyInput {
  argv: readonly string[]
  /** app.getLoginItemSettings().wasOpenedAtLogin: macOS only (login-item `args` are Windows-only). */
  wasOpenedAtLogin: boolean
}

export const isLoginStart = (i: Pick<StartInput, 'platform' | 'argv' | 'wasOpenedAtLogin'>): boolean =>
  i.platform === 'darwin' ? i.wasOpenedAtLogin : i.argv.includes(HIDDEN_FLAG)

/** A login start stays without a window only where the app stays reachable without one. */
export function startWindow(i: StartInput): 'show' | 'hidden' {
  return isLoginStart(i) && closeAction(i) === 'keep-running' ? 'hidden' : 'show'
}

export type LoginItemPlan =
  | { kind: 'none' }
  /** app.setLoginItemSettings: macOS and Windows (its `args` are honoured on Windows only). */
  | { kind: 'electron'; settings: { openAtLogin: boolean; args?: string[] } }
  /** Linux: an XDG autostart entry (autostart.ts); Electron's login-item API does nothing there. */
  | { kind: 'xdg-autostart'; enabled: boolean }

/** How "Open at login" is carried out here. Development builds never register one. */
export function loginItemPlan(platform: Platform, openAtLogin: boolean, isPackaged: boolean): LoginItemPlan {
  if (!isPackaged) return { kind: 'none' }
  if (platform === 'win32') return { kind: 'electron', settings: { openAtLogin, args: [HIDDEN_FLAG] } }
  if (platform === 'darwin') return { kind: 'electron', settings: { openAtLogin } }
  if (platform === 'linux') return { kind: 'xdg-autostart', enabled: openAtLogin }
  return { kind: 'none' }
}
