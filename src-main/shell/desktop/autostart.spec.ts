import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir'
import { applyAutostart, autostartEntry, autostartPath, execArg, launchCommand } from './autostart'

describe('XDG autostart entry (Linux "Open at login")', () => {
  it('goes to $XDG_CONFIG_HOME/autostart, else ~/.config/autostart', () => {
    expect(autostartPath({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/r')).toBe('/x/cfg/autostart/org.tokendesk.desktop.desktop')
    expect(autostartPath({}, '/home/r')).toBe('/home/r/.config/autostart/org.tokendesk.desktop.desktop')
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/r')).toBe('/home/r/.config/autostart/org.tokendesk.desktop.desktop')
  })

  it('launches the AppImage file itself when running from one', () => {
    expect(launchCommand({ APPIMAGE: '/home/r/Apps/TokenDesk.AppImage' }, '/tmp/.mount_x/tokendesk')).toBe('/home/r/Apps/TokenDesk.AppImage')
    expect(launchCommand({}, '/opt/TokenDesk/tokendesk')).toBe('/opt/TokenDesk/tokendesk')
  })

  it('quotes the Exec argument as the Desktop Entry spec says', () => {
    expect(execArg('/opt/TokenDesk/tokendesk')).toBe('/opt/TokenDesk/tokendesk')
    expect(execArg('/home/r/My Apps/TokenDesk.AppImage')).toBe('"/home/r/My Apps/TokenDesk.AppImage"')
    expect(execArg('/a/$b"c')).toBe('"/a/\\\\$b\\\\"c"')
    expect(execArg('/a/100%')).toBe('/a/100%%')
    expect(() => autostartEntry('/a\n/b')).toThrow('line break')
  })

  it('desktop-file-validate (freedesktop desktop-file-utils) accepts the entry', () => {
    const t = tempDir()
    try {
      const file = path.join(t.dir, 'org.tokendesk.desktop.desktop')
      fs.writeFileSync(file, autostartEntry('/home/r/My Apps/Token$Desk.AppImage'))
      const r = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' })
      expect(r.error).toBeUndefined()
      expect(r.stdout + r.stderr).toBe('')
      expect(r.status).toBe(0)
    } finally {
      t.cleanup()
    }
  })

  it('writes, replaces and removes only its own file; a foreign one is left and reported', () => {
    const t = tempDir()
    try {
      const file = autostartPath({ XDG_CONFIG_HOME: t.dir }, '/nowhere')
      expect(applyAutostart(file, null)).toBe('unchanged')
      expect(applyAutostart(file, autostartEntry('/opt/TokenDesk/tokendesk'))).toBe('written')
      expect(fs.statSync(file).mode & 0o777).toBe(0o644)
      expect(applyAutostart(file, autostartEntry('/opt/TokenDesk/tokendesk'))).toBe('unchanged')
      expect(applyAutostart(file, autostartEntry('/opt/Other/tokendesk'))).toBe('written')
      expect(fs.readFileSync(file, 'utf8')).toContain('Exec=/opt/Other/tokendesk --hidden')
      expect(applyAutostart(file, null)).toBe('removed')
      expect(fs.existsSync(file)).toBe(false)
      fs.writeFileSync(file, '[Desktop Entry]\nType=Application\nName=Mine\nExec=mine\n')
      expect(applyAutostart(file, autostartEntry('/opt/TokenDesk/tokendesk'))).toEqual({ left: expect.stringContaining('not written by TokenDesk') })
      expect(applyAutostart(file, null)).toEqual({ left: expect.stringContaining('not written by TokenDesk') })
      expect(fs.readFileSync(file, 'utf8')).toContain('Name=Mine')
      expect(fs.readdirSync(path.dirname(file))).toEqual(['org.tokendesk.desktop.desktop']) // no temp file left
    } finally {
      t.cleanup()
    }
  })
})
