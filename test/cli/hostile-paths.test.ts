import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { MAX_DEPTH } from '../../src-main/core/import/not-read'
import { requireSecretService } from '../helpers/secret-service'
import { canary, cliHome, useBuiltCli } from './harness'

// Paths a hostile or careless user hands TokenDesk: a FIFO (which blocked the first read forever),
// a link to /dev/zero (which grew the process by gigabytes a second), and folder trees whose
// limits import used to pass over without a word (issue #22, items 5 and 6).
requireSecretService()
const cli = useBuiltCli('hostile-paths')

const fifo = (p: string) => execFileSync('mkfifo', [p])

describe('hostile paths', () => {
  it('import of a FIFO and of a link to /dev/zero ends at once and says what each is', async () => {
    const h = cliHome(cli, 'import-fifo')
    const a = path.join(h.home, 'a.json')
    const z = path.join(h.home, 'z.json')
    const d = path.join(h.home, 'dev.env')
    fifo(a)
    fs.symlinkSync('/dev/zero', z)
    fs.symlinkSync('/dev/zero', d)
    const r = await h.td(['import', a, z, d, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.ms).toBeLessThan(20_000)
    expect(r.stderr).toContain(`skipped ${a}: ${a} is a named pipe (FIFO), not a regular file`)
    expect(r.stderr).toContain(`skipped ${z}: ${z} is a symbolic link`)
    expect(r.stderr).toContain(`skipped ${d}: ${d} is a symbolic link`)
  }, 60_000)

  it('config write refuses a FIFO target and where reports it, neither blocking', async () => {
    const h = cliHome(cli, 'config-fifo')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'f'], canary('f'))).code).toBe(0)
    const env = h.write('proj/.env', 'A=1\n')
    expect((await h.td(['config', 'write', 'f', '--format', 'dotenv', '--path', env, '--env-key', 'T', '--yes'])).code).toBe(0)
    fs.rmSync(env)
    fifo(env)
    const w = await h.td(['config', 'write', 'f', '--format', 'dotenv', '--path', env, '--env-key', 'T', '--yes'])
    expect(w.code).toBe(2)
    expect(w.stderr).toMatch(/is a named pipe \(FIFO\), not a regular file/)
    const where = await h.td(['where', 'f'])
    expect(where.code, where.stderr).toBe(0)
    expect(where.stdout).toMatch(/named pipe/)
  }, 60_000)

  it('a copy that became a folder or a link is said to be one, not "holds something else"', async () => {
    const h = cliHome(cli, 'copy-kinds')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'k'], canary('k-old'))).code).toBe(0)
    const a = h.write('a/.env', 'A=1\n')
    const b = h.write('b/.env', 'B=1\n')
    for (const f of [a, b]) expect((await h.td(['config', 'write', 'k', '--format', 'dotenv', '--path', f, '--env-key', 'T', '--yes'])).code).toBe(0)
    expect((await h.td(['rotate', 'k'], canary('k-new'))).code).toBe(0)
    fs.rmSync(a)
    fs.mkdirSync(a)
    fs.rmSync(b)
    fs.symlinkSync(h.write('elsewhere.env', 'T=x\n'), b)
    const r = await h.td(['where', 'k', '--update', '--yes'])
    expect(r.stdout).toContain(`left ${a} (T): is a folder, not a regular file; TokenDesk left it alone`)
    expect(r.stdout).toContain(`left ${b} (T): is a symbolic link`)
    expect(r.stdout).not.toMatch(/holds something else/)
  }, 60_000)

  it('a config file over 1 MB is refused before it is read', async () => {
    const h = cliHome(cli, 'config-large')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'big'], canary('big'))).code).toBe(0)
    const env = h.write('proj/.env', `A=${'x'.repeat(2 * 1024 * 1024)}\n`)
    const w = await h.td(['config', 'write', 'big', '--format', 'dotenv', '--path', env, '--env-key', 'T', '--yes'])
    expect(w.code).toBe(2)
    expect(w.stderr).toMatch(/larger than 1 MB \(2 MB\)/)
  }, 60_000)

  it('import says what a folder walk passed over: too deep, example files; --json carries it', async () => {
    const h = cliHome(cli, 'import-walk')
    const root = path.join(h.home, 'projects')
    let deep = root
    for (let i = 0; i <= MAX_DEPTH + 1; i++) deep = path.join(deep, `d${i}`)
    fs.mkdirSync(deep, { recursive: true })
    fs.writeFileSync(path.join(deep, '.env'), `PLANQK_PERSONAL_ACCESS_TOKEN=${canary('deep')}\n`)
    fs.mkdirSync(path.join(root, 'app'), { recursive: true })
    fs.writeFileSync(path.join(root, 'app', '.env.example'), 'PLANQK_PERSONAL_ACCESS_TOKEN=your-token-here\n')
    fs.writeFileSync(path.join(root, 'app', '.env'), `PLANQK_PERSONAL_ACCESS_TOKEN=${canary('real')}\n`)
    const r = await h.td(['import', root, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { found: { file: string }[]; notRead: { reason: string; count: number; examples: string[] }[] }
    expect(report.found.map((f) => path.relative(root, f.file))).toEqual(['app/.env'])
    expect(report.notRead).toEqual([
      { reason: 'too-deep', count: 1, examples: [expect.stringContaining(`d${MAX_DEPTH}`)] },
      { reason: 'template', count: 1, examples: [path.join(root, 'app', '.env.example')] },
    ])
    expect(r.stderr).toMatch(/not read: 1 folders deeper than 8 levels/)
    expect(r.stderr).toMatch(/not read: 1 example files/)
    // Named on the command line, an example file is read.
    const named = await h.td(['import', path.join(root, 'app', '.env.example'), '--json'])
    expect((JSON.parse(named.stdout) as { found: unknown[] }).found).toHaveLength(1)
  }, 60_000)

  it('import says when it stopped at the file limit', async () => {
    const h = cliHome(cli, 'import-limit')
    const root = path.join(h.home, 'many')
    for (let i = 0; i < 10_002; i++) {
      const d = path.join(root, `p${Math.floor(i / 100)}`, `q${i}`)
      fs.mkdirSync(d, { recursive: true })
      fs.writeFileSync(path.join(d, '.env'), 'NOTHING=here\n')
    }
    const r = await h.td(['import', root, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as { notRead: { reason: string; count: number; examples: string[] }[] }
    expect(report.notRead.map((n) => [n.reason, n.count])).toEqual([['file-limit', 2]])
    expect(report.notRead[0]!.examples).toHaveLength(2)
  }, 120_000)
})
