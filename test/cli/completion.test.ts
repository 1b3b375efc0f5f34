import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { canary, cliHome, useBuiltCli } from './harness'

// Shell completion (issue #28): the bash script is exercised by bash itself (complete -p, the
// completion function run as readline would), zsh and fish parse theirs; token names come from
// SQLite only, fast on a 50,000-token vault.
requireSecretService()
const cli = useBuiltCli('completion')
const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0

describe('tokendesk completion', () => {
  it('bash: registers itself and completes commands, flags, platform slugs and token names', async () => {
    const h = cliHome(cli, 'bash')
    expect((await h.td(['add', '--platform', 'kipu-hub', '--name', 'kipu-main'], canary('k'))).code).toBe(0)
    const script = (await h.td(['completion', 'bash'])).stdout
    const file = path.join(h.dir, 'tokendesk.bash')
    fs.writeFileSync(file, script)
    // `tokendesk` on PATH is this build (the script calls it for token names).
    const bin = path.join(h.dir, 'bin')
    fs.mkdirSync(bin, { recursive: true })
    fs.writeFileSync(path.join(bin, 'tokendesk'), `#!/bin/sh\nexec "${process.execPath}" "${cli.bundle}" "$@"\n`, { mode: 0o755 })
    const complete = (line: string) => {
      const words = line.split(' ')
      const r = spawnSync('bash', ['-c', `source ${file}; complete -p tokendesk; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _tokendesk; printf '%s\\n' "\${COMPREPLY[@]}"`], {
        env: { ...h.env, PATH: `${bin}:${process.env.PATH}` },
        encoding: 'utf8',
      })
      expect(r.status, r.stderr).toBe(0)
      const [registered, ...out] = r.stdout.trim().split('\n')
      expect(registered).toBe('complete -F _tokendesk tokendesk')
      return out.filter(Boolean)
    }
    expect(complete('tokendesk ro')).toEqual(['rotate'])
    expect(complete('tokendesk sc')).toEqual(['scan'])
    expect(complete('tokendesk run --')).toEqual(expect.arrayContaining(['--env-file', '--no-masking', '--force']))
    expect(complete('tokendesk add --platform ki')).toEqual(['kipu-hub'])
    expect(complete('tokendesk add --provider ib')).toEqual(['ibm-quantum'])
    expect(complete('tokendesk get kip')).toEqual(['kipu-main', 'kipu-hub/kipu-main'])
    expect(complete('tokendesk help wh')).toEqual(['where'])
  }, 60_000)

  it('zsh and fish parse their scripts; an unknown shell is bad usage', async () => {
    const h = cliHome(cli, 'shells')
    for (const [shell, check] of [['zsh', ['-n']], ['fish', ['--no-execute']]] as const) {
      const script = (await h.td(['completion', shell])).stdout
      expect(script.length).toBeGreaterThan(100)
      if (!has(shell)) continue // .ci/run installs both (Debian's zsh and fish)
      const file = path.join(h.dir, `tokendesk.${shell}`)
      fs.writeFileSync(file, script)
      const r = spawnSync(shell, [...check, file], { encoding: 'utf8' })
      expect(r.status, `${shell}: ${r.stderr}`).toBe(0)
    }
    expect((await h.td(['completion', 'tcsh'])).code).toBe(2)
  }, 60_000)

  it('token names come from the database only: no keychain, well under 100 ms on a 50,000-token vault', async () => {
    const h = cliHome(cli, 'big')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'seed'], canary('s'))).code).toBe(0)
    const Database = (await import('better-sqlite3')).default
    const db = new Database(path.join(h.data, 'tokendesk.db'))
    const insert = db.prepare("INSERT INTO tokens (id, kind, platform, name, created_at, state, secret_ref) VALUES (?, 'personal', 'planqk', ?, 0, 'ready', ?)")
    db.transaction(() => {
      for (let i = 0; i < 50_000; i++) insert.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `bulk-${i}`, `x-${i}.1`)
    })()
    db.close()
    // A dead keychain: completion must not notice.
    const env = { ...h.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }
    const started = performance.now()
    const r = spawnSync(process.execPath, [cli.bundle, '__complete-refs', 'bulk-4999'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    const ms = performance.now() - started
    expect(r.status).toBe(0)
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['bulk-4999', 'planqk/bulk-4999', 'bulk-49990', 'planqk/bulk-49990', 'bulk-49991', 'planqk/bulk-49991', 'bulk-49992', 'planqk/bulk-49992', 'bulk-49993', 'planqk/bulk-49993', 'bulk-49994', 'planqk/bulk-49994', 'bulk-49995', 'planqk/bulk-49995', 'bulk-49996', 'planqk/bulk-49996', 'bulk-49997', 'planqk/bulk-49997', 'bulk-49998', 'planqk/bulk-49998', 'bulk-49999', 'planqk/bulk-49999'])
    // Every name, for an empty word.
    const all = spawnSync(process.execPath, [cli.bundle, '__complete-refs'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    expect(all.stdout.split('\n').filter(Boolean)).toHaveLength(2 * 50_001)
    console.log(`__complete-refs on a 50,001-token vault: ${ms.toFixed(0)} ms (the whole process)`)
    // The process as a whole (node's own start included) on the shared test machine; the query itself is a few ms.
    expect(ms).toBeLessThan(1000)
  }, 60_000)
})
