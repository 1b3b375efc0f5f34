import { describe, expect, it } from 'vitest'
import { RESTRICT_SYSCTL, apparmorAdvice, apparmorProfile, profileName, userNamespacesRestricted } from '../../scripts/apparmor.mjs'

describe('AppArmor advice for Ubuntu 24.04+ (scripts/apparmor.mjs)', () => {
  it('reads the kernel restriction; a kernel without the sysctl is not restricted', () => {
    expect(userNamespacesRestricted((p) => (p === RESTRICT_SYSCTL ? '1\n' : ''))).toBe(true)
    expect(userNamespacesRestricted(() => '0\n')).toBe(false)
    expect(
      userNamespacesRestricted(() => {
        throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
      }),
    ).toBe(false)
  })

  it('writes a profile of the deb package shape for one binary: unconfined, plus userns', () => {
    expect(apparmorProfile('/home/r/Apps/TokenDesk-0.1.0.AppImage', 'tokendesk-appimage')).toBe(
      [
        'abi <abi/4.0>,',
        'include <tunables/global>',
        '',
        'profile tokendesk-appimage "/home/r/Apps/TokenDesk-0.1.0.AppImage" flags=(unconfined) {',
        '  userns,',
        '',
        '  include if exists <local/tokendesk-appimage>',
        '}',
        '',
      ].join('\n'),
    )
    expect(profileName('Token Desk (dev)')).toBe('Token-Desk-dev')
    expect(() => apparmorProfile('relative/electron', 'x')).toThrow('absolute')
    expect(() => apparmorProfile('/a/"b', 'x')).toThrow('cannot hold')
  })

  it('advises only when restricted and no profile is installed, never --no-sandbox as the fix', () => {
    const base = { executablePath: '/w/node_modules/electron/dist/electron', name: 'tokendesk-dev' }
    expect(apparmorAdvice({ ...base, restricted: false, profileInstalled: false })).toBeNull()
    expect(apparmorAdvice({ ...base, restricted: true, profileInstalled: true })).toBeNull()
    const advice = apparmorAdvice({ ...base, restricted: true, profileInstalled: false })!
    expect(advice).toContain("node scripts/apparmor.mjs '/w/node_modules/electron/dist/electron' tokendesk-dev | sudo tee /etc/apparmor.d/tokendesk-dev")
    expect(advice).toContain('sudo apparmor_parser --replace /etc/apparmor.d/tokendesk-dev')
    expect(advice).toMatch(/Do not start it with --no-sandbox/)
  })
})
