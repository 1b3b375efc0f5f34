import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openFailure } from '../../src-main/core/store/db'
import { sqliteFailure } from '../../src-main/core/store/sqlite-errors'
import { useBuiltCli } from '../cli/harness'
import { requireSecretService } from '../helpers/secret-service'
import { testKeychainService } from '../helpers/temp-dir'

// A full disk is not a damaged vault: the message says the disk is full and that nothing was
// lost, never "move the database aside". Proved on a real full file system: a 256 KiB tmpfs in a
// private mount namespace (unshare, as root or as a user with user namespaces).
requireSecretService()

const cli = useBuiltCli('disk-full')

/** Runs `steps` (shell) with $D a fresh 256 KiB tmpfs and `td` the CLI on $D/home. */
function onTinyDisk(steps: string): { stdout: string; stderr: string } {
  const script = [
    'set -u',
    'mount -t tmpfs -o size=256k tmpfs "$D"',
    'mkdir "$D/home"',
    `td() { TOKENDESK_HOME="$D/home" "${process.execPath}" "${cli.bundle}" "$@"; }`,
    'fill() { head -c 10M /dev/zero > "$D/fill" 2>/dev/null; true; }',
    steps,
  ].join('\n')
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', 'bash', '-c', script], {
    env: { ...process.env, D: cli.dir, TOKENDESK_KEYCHAIN_SERVICE: testKeychainService('disk-full') },
    encoding: 'utf8',
    timeout: 60_000,
  })
  expect(r.error, 'unshare runs (util-linux; user namespaces or root)').toBeUndefined()
  return { stdout: r.stdout, stderr: r.stderr }
}

describe('a full disk', () => {
  it('opening a new vault: "the disk is full; nothing was lost", not "move it aside"', () => {
    const r = onTinyDisk('fill; td list; echo "exit=$?"')
    expect(r.stdout).toMatch(/^exit=1$/m)
    expect(r.stderr).toMatch(/the disk holding .*\/home is full, so the TokenDesk database cannot be written; nothing was lost/)
    expect(r.stderr).not.toMatch(/Move it aside|disk I\/O error/)
  })

  it('adding to an existing vault: the change was not made, and the vault is intact', () => {
    const r = onTinyDisk('td list >/dev/null; fill; printf s3cret-full-1 | td add --platform planqk --name full-one; echo "exit=$?"; rm "$D/fill"; td list --json | tr -d "\\n"; echo')
    expect(r.stdout).toMatch(/^exit=1$/m)
    expect(r.stderr).toMatch(/the disk holding the TokenDesk database is full; the change was not made and nothing was lost/)
    expect(r.stdout).toMatch(/"total": 0/)
  })

  it('the messages, from SQLite codes', () => {
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
    const ioerr = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' })
    expect(openFailure(path.join('/v', 'tokendesk.db'), ioerr, 0).message).toMatch(/disk holding \/v is full/)
    expect(openFailure(path.join('/v', 'tokendesk.db'), ioerr, 10 * 1024 * 1024 * 1024).message).toMatch(/cannot be opened \(disk I\/O error\).*Move it aside/)
    expect(openFailure('/v/tokendesk.db', full, null).message).toMatch(/is full/)
    expect(sqliteFailure(full)?.code).toBe('storage')
    expect(sqliteFailure(new Error('x'))).toBeNull()
  })
})
