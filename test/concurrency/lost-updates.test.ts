import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import dotenv from 'dotenv'
import { describe, expect, it } from 'vitest'
import { PAUSED_MARKER } from '../../src-main/core/pause-point'
import { canary, cliHome, runCli, useBuiltCli, type CliResult } from '../cli/harness'
import { requireSecretService } from '../helpers/secret-service'

// Lost updates: a process that says "done" must have done it. Each case here lost data on the
// code before the file lock and the re-check before the rename (issue #22, items 1–4).
requireSecretService()
const cli = useBuiltCli('lost-updates')

/** Runs the CLI paused for `ms` at `phase`; `reached` resolves once it says it is there. */
function runPaused(args: string[], env: NodeJS.ProcessEnv, phase: string, input?: string) {
  let reach!: () => void
  const reached = new Promise<void>((r) => (reach = r))
  const done = new Promise<CliResult>((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, [cli.bundle, ...args], {
      env: { ...env, TOKENDESK_TEST_PAUSE_AT: phase, TOKENDESK_TEST_PAUSE_MS: '1500' },
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let reachedOnce = false
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      if (!reachedOnce && stderr.includes(`${PAUSED_MARKER} ${phase}`)) {
        reachedOnce = true
        reach()
      }
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(input ?? '')
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      reach()
      resolve({ code, signal, stdout, stderr: stderr.replace(new RegExp(`${PAUSED_MARKER} .*\\n`, 'g'), ''), ms: performance.now() - started })
    })
  })
  return { reached, done }
}

/** The file as the dotenv library (the real reader) parses it. */
const envLines = (file: string) => new Map(Object.entries(dotenv.parse(fs.readFileSync(file, 'utf8'))))

describe('no lost update', () => {
  it('10 processes writing different keys into one .env at once: every key that said "updated" is in the file', async () => {
    const h = cliHome(cli, 'parallel-config')
    const secrets = new Map<string, string>()
    for (let i = 0; i < 10; i++) {
      const s = canary(`w${i}`)
      secrets.set(`W${i}`, s)
      expect((await h.td(['add', '--platform', 'planqk', '--name', `w-${i}`], s)).code).toBe(0)
    }
    const env = path.join(h.home, 'proj', '.env')
    fs.mkdirSync(path.dirname(env), { recursive: true })
    for (let round = 0; round < 3; round++) {
      fs.writeFileSync(env, `# round ${round}\nKEEP=me\n`)
      const results = await Promise.all(
        [...secrets.keys()].map((k, i) => runCli(cli.bundle, ['config', 'write', `w-${i}`, '--format', 'dotenv', '--path', env, '--env-key', k, '--yes'], { env: h.env, timeoutMs: 60_000 })),
      )
      for (const r of results) expect(r.code, r.stderr).toBe(0)
      const lines = envLines(env)
      expect(lines.get('KEEP'), `round ${round}`).toBe('me')
      for (const [k, s] of secrets) expect(lines.get(k), `round ${round}: ${k}`).toBe(s)
      // The copies TokenDesk records are the copies that exist.
      for (let i = 0; i < 10; i++) {
        const where = JSON.parse((await h.td(['where', `w-${i}`, '--json'])).stdout) as { placements: { path: string; state: string }[] }
        expect(where.placements.filter((p) => p.path === env).map((p) => p.state), `round ${round}: w-${i}`).toEqual(['current'])
      }
    }
  }, 240_000)

  it('a line another program appends while a write is between its read and its rename is kept', async () => {
    const h = cliHome(cli, 'append-during-write')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'app'], canary('app'))).code).toBe(0)
    const env = h.write('proj/.env', 'A=1\n')
    const run = runPaused(['config', 'write', 'app', '--format', 'dotenv', '--path', env, '--env-key', 'PLANQK_PERSONAL_ACCESS_TOKEN', '--yes'], h.env, 'file:temp-written')
    await run.reached
    fs.appendFileSync(env, 'APPENDED=by-another-tool\n')
    const r = await run.done
    expect(r.code, r.stderr).toBe(0)
    const lines = envLines(env)
    expect(lines.get('A')).toBe('1')
    expect(lines.get('APPENDED')).toBe('by-another-tool')
    expect(lines.has('PLANQK_PERSONAL_ACCESS_TOKEN')).toBe(true)
  }, 60_000)

  it('a foreign secret written into the entry while where --update waits to rename is not overwritten (exit 4)', async () => {
    const h = cliHome(cli, 'foreign-during-update')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'upd'], canary('upd-old'))).code).toBe(0)
    const env = h.write('proj/.env', 'X=1\n')
    expect((await h.td(['config', 'write', 'upd', '--format', 'dotenv', '--path', env, '--env-key', 'PLANQK_PERSONAL_ACCESS_TOKEN', '--yes'])).code).toBe(0)
    expect((await h.td(['rotate', 'upd'], canary('upd-new'))).code).toBe(0)
    const run = runPaused(['where', 'upd', '--update', '--yes'], h.env, 'file:temp-written')
    await run.reached
    const foreign = canary('someone-else')
    fs.writeFileSync(env, fs.readFileSync(env, 'utf8').replace(/PLANQK_PERSONAL_ACCESS_TOKEN=.*/, `PLANQK_PERSONAL_ACCESS_TOKEN=${foreign}`))
    const r = await run.done
    expect(r.code, r.stderr).toBe(4)
    expect(r.stderr).toMatch(/did not write/)
    expect(fs.readFileSync(env, 'utf8')).toContain(foreign)
  }, 60_000)

  it('a file replaced by a symlink while a write waits to rename is left a symlink', async () => {
    const h = cliHome(cli, 'symlink-during-write')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'lnk'], canary('lnk'))).code).toBe(0)
    const env = h.write('proj/.env', 'A=1\n')
    const real = h.write('elsewhere/real.env', 'B=2\n')
    const run = runPaused(['config', 'write', 'lnk', '--format', 'dotenv', '--path', env, '--env-key', 'PLANQK_PERSONAL_ACCESS_TOKEN', '--yes'], h.env, 'file:temp-written')
    await run.reached
    fs.rmSync(env)
    fs.symlinkSync(real, env)
    const r = await run.done
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/symbolic link/)
    expect(fs.lstatSync(env).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(real, 'utf8')).toBe('B=2\n')
  }, 60_000)

  it('delete --remove-from-configs leaves an entry that changed while an earlier copy was being written, and says so', async () => {
    const h = cliHome(cli, 'delete-changed-entry')
    const secret = canary('del')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'del'], secret)).code).toBe(0)
    const a = h.write('a/.env', 'A=1\n')
    const b = h.write('b/.env', 'B=1\n')
    for (const f of [a, b]) expect((await h.td(['config', 'write', 'del', '--format', 'dotenv', '--path', f, '--env-key', 'PLANQK_PERSONAL_ACCESS_TOKEN', '--yes'])).code).toBe(0)
    expect((await h.td(['revoke', 'del'])).code).toBe(0)
    const run = runPaused(['delete', 'del', '--yes', '--remove-from-configs'], h.env, 'file:temp-written')
    await run.reached
    // The first file is being written; the second one's entry now holds someone else's secret.
    const foreign = canary('not-del')
    fs.writeFileSync(b, `B=1\nPLANQK_PERSONAL_ACCESS_TOKEN=${foreign}\n`)
    const r = await run.done
    expect(r.code, r.stderr).toBe(0)
    expect(fs.readFileSync(a, 'utf8')).toBe('A=1\n')
    expect(fs.readFileSync(b, 'utf8')).toContain(foreign)
    expect(r.stdout).not.toContain(`from ${b}`)
    expect(r.stderr).toContain(`left ${b}`)
  }, 60_000)

  it('four parallel imports of one .env: each credential imported once; a loser says so in words with exit 4', async () => {
    const h = cliHome(cli, 'parallel-import')
    const secrets = [canary('imp-a'), canary('imp-b'), canary('imp-c')]
    const env = h.write('proj/.env', `PLANQK_PERSONAL_ACCESS_TOKEN=${secrets[0]}\nQISKIT_IBM_TOKEN=${secrets[1]}\nHF_TOKEN=${secrets[2]}\n`)
    const results = await Promise.all(Array.from({ length: 4 }, () => runCli(cli.bundle, ['import', env, '--yes'], { env: h.env, timeoutMs: 60_000 })))
    for (const r of results) {
      expect([0, 4], r.stderr).toContain(r.code)
      expect(r.stderr).not.toMatch(/UNIQUE|constraint|SQLITE/)
      if (r.code === 4) for (const line of r.stderr.trim().split('\n')) expect(line).toMatch(/another TokenDesk process (added a .* at the same moment|imported it at the same moment \(held as [a-z-]+\)|added "[a-z-]+" since this import looked .*); nothing was added/)
    }
    const listed = JSON.parse((await h.td(['list', '--json', '--kind', 'personal'])).stdout) as { total: number }
    const provider = JSON.parse((await h.td(['list', '--json', '--kind', 'provider'])).stdout) as { total: number }
    expect(listed.total + provider.total).toBe(3)
  }, 120_000)

  it('10 parallel edit --field each keep their field', async () => {
    const h = cliHome(cli, 'parallel-edit')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'ed'], canary('ed'))).code).toBe(0)
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => runCli(cli.bundle, ['edit', 'ed', '--field', `f${i}=v${i}`, '--custom'], { env: h.env, timeoutMs: 60_000 })),
    )
    for (const r of results) expect(r.code, r.stderr).toBe(0)
    const shown = JSON.parse((await h.td(['show', 'ed', '--json'])).stdout) as { token: { fields: Record<string, string> } }
    for (let i = 0; i < 10; i++) expect(shown.token.fields[`f${i}`], `f${i}`).toBe(`v${i}`)
  }, 120_000)
})
