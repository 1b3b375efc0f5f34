import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'

// The suites' keychain: scripts/with-keyring.sh --revive replaces a gnome-keyring-daemon that
// aborted (it does, now and then, under the suites' load) with an unlocked one. Run in a nested
// session of its own, so killing its daemon touches nothing else.
requireSecretService()

const ROOT = path.resolve(__dirname, '..', '..')

describe('scripts/with-keyring.sh --revive', () => {
  it('replaces a daemon that died, also when the name was unowned at the watchdog\'s look: the next write finds it unlocked', () => {
    // Kill the daemon, then stay off the bus for 3 s, so the watchdog's polls find nobody owning
    // the name (an earlier watchdog ended there, and the next call started a locked daemon).
    const inner = `
      pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ {print $2}')
      kill -9 "$pid"
      sleep 3
      printf revived-secret | secret-tool store --label revive service tokendesk-revive-test username u
      secret-tool lookup service tokendesk-revive-test username u
    `
    const r = spawnSync(path.join(ROOT, 'scripts', 'with-keyring.sh'), ['--revive', 'bash', '-c', inner], {
      env: { ...process.env, TOKENDESK_IN_PRIVATE_KEYRING: '' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(r.stdout, r.stderr).toBe('revived-secret')
    expect(r.stderr).toMatch(/with-keyring: gnome-keyring-daemon was not the one started here; replaced it with an unlocked one/)
    expect(r.status).toBe(0)
  }, 40_000)
})
