#!/usr/bin/env node
/**
 * Ubuntu 24.04+ restricts unprivileged user namespaces with AppArmor
 * (`kernel.apparmor_restrict_unprivileged_userns = 1`), so Chromium's sandbox — and with it
 * Electron — aborts at launch unless an AppArmor profile grants the binary `userns`
 * (electron/electron#42510, electron-builder#8440). electron-builder's deb package installs such a
 * profile itself (its templates/linux/apparmor-profile.tpl, loaded by the package's after-install
 * script). An AppImage and `npm start`'s node_modules/electron binary get none, so:
 *
 *   node scripts/apparmor.mjs PATH [NAME]   prints the profile for that binary and the commands
 *                                           that install it (sudo), e.g. for an AppImage
 *
 * `npm start` (scripts/ensure-electron.mjs) prints the same advice when it finds the restriction
 * and no profile for its Electron binary. Never `--no-sandbox`: that would turn the sandbox off.
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

export const RESTRICT_SYSCTL = '/proc/sys/kernel/apparmor_restrict_unprivileged_userns'

/** Whether this kernel restricts unprivileged user namespaces through AppArmor. */
export function userNamespacesRestricted(read = (p) => fs.readFileSync(p, 'utf8')) {
  try {
    return read(RESTRICT_SYSCTL).trim() === '1'
  } catch {
    return false // no such sysctl: not an AppArmor-restricted kernel
  }
}

/** A profile name AppArmor accepts: letters, digits, dot, dash, underscore. */
export function profileName(name) {
  const n = String(name).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '')
  if (!n) throw new Error('the AppArmor profile needs a name')
  return n
}

/** The profile, the same shape as electron-builder's deb profile: unconfined, plus user namespaces. */
export function apparmorProfile(executablePath, name) {
  if (!path.isAbsolute(executablePath)) throw new Error(`the binary's path must be absolute: ${executablePath}`)
  if (/["\n\r\0]/.test(executablePath)) throw new Error('the binary path contains a character an AppArmor profile cannot hold')
  const n = profileName(name)
  return ['abi <abi/4.0>,', 'include <tunables/global>', '', `profile ${n} "${executablePath}" flags=(unconfined) {`, '  userns,', '', `  include if exists <local/${n}>`, '}', ''].join('\n')
}

/** What to tell a user whose Electron would abort at launch; null when nothing is needed. */
export function apparmorAdvice({ executablePath, name, restricted, profileInstalled }) {
  if (!restricted || profileInstalled) return null
  const n = profileName(name)
  return [
    `This system restricts unprivileged user namespaces (Ubuntu 24.04+), so ${executablePath} would stop at launch with a sandbox error.`,
    'Install an AppArmor profile that allows them for this one binary (the TokenDesk deb package does this itself):',
    '',
    `  node scripts/apparmor.mjs '${executablePath}' ${n} | sudo tee /etc/apparmor.d/${n} >/dev/null`,
    `  sudo apparmor_parser --replace /etc/apparmor.d/${n}`,
    '',
    'Do not start it with --no-sandbox: that turns the renderer sandbox off.',
  ].join('\n')
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const [exe, name = 'tokendesk'] = process.argv.slice(2)
  if (!exe) {
    console.error('usage: node scripts/apparmor.mjs /absolute/path/to/binary-or-AppImage [profile-name]')
    process.exit(2)
  }
  process.stdout.write(apparmorProfile(path.resolve(exe), name))
}
