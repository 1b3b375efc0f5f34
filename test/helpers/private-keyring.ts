import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * A Secret Service of this test file's own: a private D-Bus session and an unlocked
 * gnome-keyring on it, set into process.env so the file's keyring calls and every CLI it starts
 * use it. For the tests that hammer the keychain (the crash test's ~900 killed processes): once
 * in several CI runs gnome-keyring-daemon itself aborted there (a GLib assertion, `trap int3` in
 * libglib, seen in dmesg), and on the shared bus that took down 68 other tests. Here an abort stays
 * in the one file, and `daemonAlive()` lets it say that the daemon died, not TokenDesk.
 */
export function usePrivateKeyring(): { stop(): void; daemonAlive(): boolean } {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-private-keyring-'))
  const runtime = path.join(home, 'run')
  const data = path.join(home, 'data')
  fs.mkdirSync(runtime, { mode: 0o700 })
  fs.mkdirSync(data)
  const out = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } })
  const [address, pid] = out.trim().split('\n')
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address!, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: data }
  execFileSync('bash', ['-c', 'printf tokendesk-test | gnome-keyring-daemon --unlock --components=secrets --daemonize >/dev/null'], { env })
  const hasOwner = () =>
    spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'], { env, encoding: 'utf8' }).stdout.includes('boolean true')
  for (let i = 0; i < 50 && !hasOwner(); i++) execFileSync('sleep', ['0.1'])
  // The daemon's pid: if it dies, the bus would start a new, locked one on the next call, so
  // "is the name owned" is not enough to tell.
  const daemonPid = Number(
    /uint32 (\d+)/.exec(
      execFileSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'string:org.freedesktop.secrets'], { env, encoding: 'utf8' }),
    )![1],
  )
  Object.assign(process.env, { DBUS_SESSION_BUS_ADDRESS: address!, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: data })
  return {
    daemonAlive() {
      try {
        process.kill(daemonPid, 0)
        return true
      } catch {
        return false
      }
    },
    stop() {
      // The bus goes, and with it the keyring daemon (it exits when its bus does).
      try {
        process.kill(Number(pid), 'SIGTERM')
      } catch {
        // already gone
      }
      fs.rmSync(home, { recursive: true, force: true })
    },
  }
}
