import fs from 'node:fs'
import path from 'node:path'
import { HIDDEN_FLAG } from './policy'

/**
 * "Open at login" on Linux. Electron's setLoginItemSettings does nothing there, so TokenDesk
 * writes an XDG autostart entry (freedesktop Desktop Application Autostart Specification:
 * `$XDG_CONFIG_HOME/autostart/*.desktop`, default `~/.config/autostart`). Only a file TokenDesk
 * wrote (it carries MANAGED_KEY) is ever replaced or removed.
 */
export const AUTOSTART_FILE = 'org.tokendesk.desktop.desktop'
export const MANAGED_KEY = 'X-TokenDesk-Managed'

export function autostartPath(env: NodeJS.ProcessEnv, home: string): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config')
  return path.join(configHome, 'autostart', AUTOSTART_FILE)
}

/** What to launch: the AppImage file itself when running from one (its mount point changes every start), else the executable. */
export function launchCommand(env: NodeJS.ProcessEnv, execPath: string): string {
  return env.APPIMAGE && path.isAbsolute(env.APPIMAGE) ? env.APPIMAGE : execPath
}

const RESERVED = /[\s"'\\><~|&;$*?#()`]/

/**
 * One argument of an Exec key (Desktop Entry Specification, "The Exec key"): quoted when it holds
 * a reserved character, with `"`, `` ` ``, `$` and `\` backslash-escaped inside the quotes; `%`
 * doubled (field codes). The key's value is a string, whose own escape rule then doubles every
 * backslash once more.
 */
export function execArg(arg: string): string {
  const fieldSafe = arg.replace(/%/g, '%%')
  const quoted = RESERVED.test(fieldSafe) ? `"${fieldSafe.replace(/(["`$\\])/g, '\\$1')}"` : fieldSafe
  return quoted.replace(/\\/g, '\\\\')
}

export function autostartEntry(command: string): string {
  if (/[\r\n]/.test(command)) throw new Error('the launch command contains a line break')
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=TokenDesk',
    'Comment=Reminds you before your API tokens expire',
    `Exec=${execArg(command)} ${HIDDEN_FLAG}`,
    'Icon=tokendesk',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    `${MANAGED_KEY}=true`,
    '',
  ].join('\n')
}

export type AutostartResult = 'written' | 'removed' | 'unchanged' | { left: string }

/**
 * Writes (content) or removes (null) the entry. A file at that path that TokenDesk did not write is
 * left alone and reported; a write goes to a temporary file first, then is renamed into place.
 */
export function applyAutostart(file: string, content: string | null): AutostartResult {
  let existing: string | null = null
  try {
    existing = fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
  }
  if (existing !== null && !existing.split('\n').includes(`${MANAGED_KEY}=true`)) {
    return { left: `${file} exists and was not written by TokenDesk; it was left as it is` }
  }
  if (content === null) {
    if (existing === null) return 'unchanged'
    fs.rmSync(file)
    return 'removed'
  }
  if (existing === content) return 'unchanged'
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.tmp-${process.pid}`
  fs.writeFileSync(tmp, content, { mode: 0o644 })
  fs.renameSync(tmp, file)
  return 'written'
}
