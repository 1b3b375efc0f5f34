import { describe, expect, it } from 'vitest'
import { closeAction, isLoginStart, loginItemPlan, startWindow } from './policy'

describe('closing the window', () => {
  it('Linux quits unless the user opted in to keep running, and then only with a tray', () => {
    expect(closeAction({ platform: 'linux', tray: true, linuxBackground: false })).toBe('quit') // a tray may be invisible (GNOME)
    expect(closeAction({ platform: 'linux', tray: true, linuxBackground: true })).toBe('keep-running')
    expect(closeAction({ platform: 'linux', tray: false, linuxBackground: true })).toBe('quit')
  })
  it('Windows keeps running in the notification area; macOS in the Dock', () => {
    expect(closeAction({ platform: 'win32', tray: true, linuxBackground: false })).toBe('keep-running')
    expect(closeAction({ platform: 'win32', tray: false, linuxBackground: true })).toBe('quit')
    expect(closeAction({ platform: 'darwin', tray: false, linuxBackground: false })).toBe('keep-running')
  })
})

describe('starting at login', () => {
  const argv = ['/opt/TokenDesk/tokendesk', '--hidden']
  it('macOS knows a login start from wasOpenedAtLogin (login-item args are Windows-only)', () => {
    expect(isLoginStart({ platform: 'darwin', argv: [], wasOpenedAtLogin: true })).toBe(true)
    expect(isLoginStart({ platform: 'darwin', argv, wasOpenedAtLogin: false })).toBe(false)
    expect(isLoginStart({ platform: 'linux', argv, wasOpenedAtLogin: false })).toBe(true)
    expect(isLoginStart({ platform: 'win32', argv: ['x'], wasOpenedAtLogin: false })).toBe(false)
  })
  it('starts without a window only where the app stays reachable', () => {
    const base = { wasOpenedAtLogin: false, tray: true, linuxBackground: false }
    expect(startWindow({ ...base, platform: 'win32', argv })).toBe('hidden')
    expect(startWindow({ ...base, platform: 'darwin', argv: [], wasOpenedAtLogin: true, tray: false })).toBe('hidden')
    // Linux: a tray cannot be confirmed, so a login start is visible unless the user opted in.
    expect(startWindow({ ...base, platform: 'linux', argv })).toBe('show')
    expect(startWindow({ ...base, platform: 'linux', argv, linuxBackground: true })).toBe('hidden')
    expect(startWindow({ ...base, platform: 'win32', argv, tray: false })).toBe('show')
    expect(startWindow({ ...base, platform: 'win32', argv: [] })).toBe('show')
  })
})

describe('"Open at login"', () => {
  it('Windows passes --hidden; macOS needs no args; Linux writes an XDG autostart entry; dev builds register nothing', () => {
    expect(loginItemPlan('win32', true, true)).toEqual({ kind: 'electron', settings: { openAtLogin: true, args: ['--hidden'] } })
    expect(loginItemPlan('darwin', true, true)).toEqual({ kind: 'electron', settings: { openAtLogin: true } })
    expect(loginItemPlan('linux', false, true)).toEqual({ kind: 'xdg-autostart', enabled: false })
    expect(loginItemPlan('linux', true, false)).toEqual({ kind: 'none' })
    expect(loginItemPlan('freebsd', true, true)).toEqual({ kind: 'none' })
  })
})
