import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defaultCollectionLockedSync } from './first-requests'

const PASSWORD = 'tokendesk-test'

/**
 * A Secret Service of this test file's own: a private D-Bus session and an unlocked
 * gnome-keyring on it, set into process.env so the file's keyring calls and every CLI it starts
 * use it. For the tests that hammer the keychain (the crash test's ~900 killed processes): now and
 * then gnome-keyring-daemon itself aborts there (a GLib assertion, `trap int3` in libglib, seen in
 * dmesg; about one CI run in five). Here an abort stays in the one file; `daemonAlive()` tells it
 * apart from a TokenDesk failure, and `revive()` starts a new daemon on the same keyring files —
 * what a user's login session does — so the test can go on judging TokenDesk against what the
 * dead daemon had saved.
 */
export interface PrivateKeyring {
  stop(): void
  daemonAlive(): boolean
  /** The running daemon's process id (for a test that kills it on purpose). */
  daemonPid(): number
  /** If the daemon died: a new unlocked one on the same bus and keyring files, replacing any the bus started (locked) in between. */
  revive(): void
  /** Locks the login collection, as `Lock` in Seahorse does: its items stay listed, locked. */
  lock(): void
  /**
   * Kills the daemon, and lets the bus start a new one on the next call, as it does after a crash:
   * that one was given no password, so the login keyring is locked — and, unlike after `Lock`, its
   * items are not even listed: the keyring library answers "no such entry".
   */
  crashAndLetBusRestart(): void
  /** Replaces the running daemon with a new, unlocked one on the same keyring files (how a test unlocks without a prompt). */
  restartUnlocked(): void
}

export function usePrivateKeyring(): PrivateKeyring {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-private-keyring-'))
  const runtime = path.join(home, 'run')
  const data = path.join(home, 'data')
  fs.mkdirSync(runtime, { mode: 0o700 })
  fs.mkdirSync(data)
  const out = execFileSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime } })
  const [address, pid] = out.trim().split('\n')
  const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: address!, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: data }
  const busCall = (method: string) =>
    spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/', `org.freedesktop.DBus.${method}`, 'string:org.freedesktop.secrets'], { env, encoding: 'utf8' }).stdout
  const secretsCall = (pathName: string, method: string, ...args: string[]) =>
    spawnSync('dbus-send', ['--session', '--print-reply', '--dest=org.freedesktop.secrets', pathName, method, ...args], { env, encoding: 'utf8', timeout: 5000 }).stdout ?? ''
  const unlocked = () => defaultCollectionLockedSync(env) === false
  // The daemon's pid: if it dies, the bus would start a new, locked one on the next call, so
  // "is the name owned" is not enough to tell.
  const ownerPid = () => Number(/uint32 (\d+)/.exec(busCall('GetConnectionUnixProcessID'))?.[1] ?? 0)
  let daemonPid = 0
  const start = (replace: boolean) => {
    execFileSync('bash', ['-c', `printf ${PASSWORD} | gnome-keyring-daemon ${replace ? '--replace ' : ''}--unlock --components=secrets --daemonize >/dev/null 2>&1`], { env })
    // Up when a new process owns the name and its login collection is unlocked: a daemon the bus
    // started on demand in between is a new owner too, but a locked one, and is being replaced.
    for (let i = 0; i < 50; i++) {
      const owner = ownerPid()
      if (owner && owner !== daemonPid && unlocked() && ownerPid() === owner) {
        daemonPid = owner
        return
      }
      execFileSync('sleep', ['0.1'])
    }
    throw new Error('the private gnome-keyring-daemon did not come up on its bus within 5 s')
  }
  start(false)
  Object.assign(process.env, { DBUS_SESSION_BUS_ADDRESS: address!, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: data })
  // Alive: its process exists and is not a zombie (a daemonized process dead but not yet reaped
  // still answers kill(pid, 0)).
  const alive = () => {
    try {
      const stat = fs.readFileSync(`/proc/${daemonPid}/stat`, 'utf8')
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z'
    } catch {
      return false
    }
  }
  return {
    daemonAlive: alive,
    daemonPid: () => daemonPid,
    revive() {
      if (!alive()) start(true)
    },
    lock() {
      secretsCall('/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login')
      if (unlocked()) throw new Error('the private keyring did not lock')
    },
    restartUnlocked: () => start(true),
    crashAndLetBusRestart() {
      process.kill(daemonPid, 'SIGKILL')
      for (let i = 0; i < 50 && alive(); i++) execFileSync('sleep', ['0.05'])
      // A call to the name starts the bus's own daemon (org.freedesktop.secrets.service).
      for (let i = 0; i < 50; i++) {
        const owner = unlocked() ? 0 : ownerPid()
        if (owner && owner !== daemonPid) {
          daemonPid = owner
          return
        }
        execFileSync('sleep', ['0.1'])
      }
      throw new Error('the bus did not start a new gnome-keyring-daemon within 5 s')
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
