import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, filesContaining, useBuiltCli } from './harness'

// `tokendesk scan` (issue #24): the exact secrets TokenDesk holds, found where people paste them —
// a notebook's output cell (JSON-escaped), a script, YAML, a shell history, IPython's SQLite
// history, a commit a later commit removed — and never a near miss.
requireSecretService()
const cli = useBuiltCli('scan')
/** A secret with the characters JSON escapes. */
const NASTY = `hub"tok\\en/${Math.random().toString(36).slice(2, 10)}-Zq9x`
const PLAIN = `pq-${Math.random().toString(36).slice(2, 12)}-0123456789`

type Report = { findings: { token: { name: string }; file: string; line: number; cell?: number; session?: number; key?: string; form: string; last4: string; commit?: string; date?: string }[]; skipped: { reason: string; count: number }[]; files: number }

async function setup(label: string) {
  const h = cliHome(cli, label)
  expect((await h.td(['add', '--platform', 'kipu-hub', '--name', 'nasty'], NASTY)).code).toBe(0)
  expect((await h.td(['add', '--platform', 'planqk', '--name', 'plain'], PLAIN)).code).toBe(0)
  return h
}

describe('tokendesk scan', () => {
  it('finds each held secret exactly: notebook output cell (JSON-escaped), .py, YAML, .bash_history, IPython SQLite; near misses are not findings', async () => {
    const h = await setup('scan-files')
    const root = path.join(h.home, 'work')
    const nb = { cells: [{ cell_type: 'markdown', source: ['# hi'] }, { cell_type: 'code', source: ['print(TOKEN)'], outputs: [{ output_type: 'stream', text: [`${NASTY}\n`] }] }], metadata: {}, nbformat: 4, nbformat_minor: 5 }
    h.write('work/analysis.ipynb', JSON.stringify(nb, null, 1))
    h.write('work/job.py', `import os\n\nTOKEN = "${PLAIN}"\n`)
    h.write('work/conf.yaml', `server:\n  token: ${PLAIN}\n`)
    h.write('work/near.txt', `${PLAIN.slice(0, -1)}X ${PLAIN.slice(0, -2)} x${PLAIN.slice(1)}\n`)
    h.write('.bash_history', `ls\nexport PLANQK_TOKEN=${PLAIN}\n`)
    const ipy = path.join(h.home, '.ipython', 'profile_default', 'history.sqlite')
    fs.mkdirSync(path.dirname(ipy), { recursive: true })
    const db = new Database(ipy)
    db.exec('CREATE TABLE history (session integer, line integer, source text, source_raw text, PRIMARY KEY (session, line))')
    db.prepare('INSERT INTO history VALUES (?, ?, ?, ?)').run(3, 7, `tok = ${JSON.stringify(NASTY)}`, '')
    db.close()

    const r = await h.td(['scan', root, '--json'])
    expect(r.code, r.stderr).toBe(1)
    const report = JSON.parse(r.stdout) as Report
    const at = (file: string) => report.findings.filter((f) => f.file.endsWith(file)).map((f) => ({ name: f.token.name, line: f.line, cell: f.cell, key: f.key, form: f.form }))
    expect(at('analysis.ipynb')).toEqual([{ name: 'nasty', line: expect.any(Number), cell: 1, key: undefined, form: 'JSON-escaped' }])
    expect(at('job.py')).toEqual([{ name: 'plain', line: 3, cell: undefined, key: 'TOKEN', form: 'as is' }])
    expect(at('conf.yaml')).toEqual([{ name: 'plain', line: 2, cell: undefined, key: 'token', form: 'as is' }])
    expect(at('near.txt')).toEqual([])
    // Never the secret: at most its last 4 characters.
    expect(r.stdout).not.toContain(PLAIN)
    expect(r.stdout).not.toContain(JSON.stringify(NASTY).slice(1, -1))

    // Without PATHs: the histories.
    const hist = JSON.parse((await h.td(['scan', '--json'])).stdout) as Report
    expect(hist.findings.map((f) => [path.basename(f.file), f.token.name, f.line, f.session ?? null, f.key ?? null])).toEqual([
      ['.bash_history', 'plain', 2, null, 'PLANQK_TOKEN'],
      ['history.sqlite', 'nasty', 7, 3, 'tok'],
    ])
    // Nothing TokenDesk wrote holds a secret.
    expect(filesContaining(h.data, PLAIN)).toEqual([])
    expect(filesContaining(h.data, NASTY)).toEqual([])
  }, 60_000)

  it('--git: a secret a later commit removed is found with its commit, date and path; and says rotation is the cure', async () => {
    const h = await setup('scan-git')
    const repo = path.join(h.home, 'repo')
    fs.mkdirSync(repo, { recursive: true })
    const git = (...a: string[]) => execFileSync('git', ['-C', repo, '-c', 'user.email=t@example.org', '-c', 'user.name=t', ...a], { encoding: 'utf8' })
    git('init', '-q')
    fs.writeFileSync(path.join(repo, '.env'), `PLANQK_TOKEN=${PLAIN}\n`)
    git('add', '.env')
    git('commit', '-qm', 'add env')
    const first = git('rev-parse', 'HEAD').trim()
    fs.rmSync(path.join(repo, '.env'))
    fs.writeFileSync(path.join(repo, 'README'), 'no secrets here\n')
    git('add', '-A')
    git('commit', '-qm', 'remove env')
    const plain = JSON.parse((await h.td(['scan', repo, '--json'])).stdout) as Report
    expect(plain.findings).toEqual([]) // the working tree is clean
    const r = await h.td(['scan', repo, '--git', '--json'])
    expect(r.code).toBe(1)
    const report = JSON.parse(r.stdout) as Report
    expect(report.findings).toEqual([expect.objectContaining({ token: expect.objectContaining({ name: 'plain' }), file: path.join(repo, '.env'), line: 1, key: 'PLANQK_TOKEN', commit: first, date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })])
    const text = await h.td(['scan', repo, '--git'])
    expect(text.stdout).toMatch(/rotate the token/)
  }, 60_000)

  it('finishes on a symlink loop, a FIFO, an unreadable file and a 50 MB binary, reporting each as skipped; exit 0 when nothing is found', async () => {
    const h = await setup('scan-hostile')
    const root = path.join(h.home, 'tree')
    fs.mkdirSync(path.join(root, 'a'), { recursive: true })
    fs.symlinkSync(root, path.join(root, 'a', 'loop'))
    execFileSync('mkfifo', [path.join(root, 'pipe')])
    const big = path.join(root, 'big.bin')
    fs.writeFileSync(big, '')
    fs.truncateSync(big, 50 * 1024 * 1024)
    fs.writeFileSync(path.join(root, 'blob.bin'), Buffer.from([1, 0, 2, 0, 3]))
    fs.mkdirSync(path.join(root, 'node_modules', 'x'), { recursive: true })
    fs.writeFileSync(path.join(root, 'node_modules', 'x', 'leak.js'), PLAIN)
    // A file nobody may read. Root reads anything, so as root the scan runs without the two
    // capabilities that let it (util-linux setpriv): as an ordinary user would.
    fs.writeFileSync(path.join(root, 'locked.txt'), PLAIN, { mode: 0o000 })
    const asRoot = process.getuid?.() === 0
    const argv = [cli.bundle, 'scan', root, '--json']
    const run = asRoot
      ? spawnSync('setpriv', ['--bounding-set=-dac_override,-dac_read_search', '--inh-caps=-dac_override,-dac_read_search', '--', process.execPath, ...argv], { env: h.env, encoding: 'utf8' })
      : spawnSync(process.execPath, argv, { env: h.env, encoding: 'utf8' })
    const r = { code: run.status, stdout: run.stdout, stderr: run.stderr }
    expect(r.code, r.stderr).toBe(0)
    const report = JSON.parse(r.stdout) as Report
    expect(report.findings).toEqual([])
    const skipped = Object.fromEntries(report.skipped.map((s) => [s.reason, s.count]))
    expect(skipped).toMatchObject({ 'symbolic link': 1, 'not a regular file': 1, 'too large': 1, binary: 1, 'skipped folder': 1, unreadable: 1 })
    expect((await h.td(['scan', '--bogus'])).code).toBe(2)
  }, 60_000)

  it('records findings as found copies: where lists them, rotate and revoke name them, a later scan marks them gone, a .env line becomes a reference', async () => {
    const h = await setup('scan-found')
    const proj = path.join(h.home, 'proj')
    h.write('proj/job.py', `import os\nTOKEN = "${PLAIN}"\n`)
    h.write('proj/.env', `# keys\nPLANQK_TOKEN=${PLAIN}\nOTHER=keep-me\n`)
    h.write('proj/.env.local', `PLANQK_TOKEN=prefix-${PLAIN}\n`)
    type Where = { placements: unknown[]; found: { path: string; line: number; key?: string; state: string }[] }
    const where = async () => JSON.parse((await h.td(['where', 'plain', '--json'])).stdout) as Where

    const first = await h.td(['scan', proj])
    expect(first.code, first.stderr).toBe(1)
    expect(first.stdout).toMatch(/found copies recorded: 3 new/)
    expect((await where()).found.map((c) => [path.basename(c.path), c.line, c.key, c.state])).toEqual([
      ['.env', 2, 'PLANQK_TOKEN', 'present'],
      ['.env.local', 1, undefined, 'present'], // scan names a key only when the secret starts the value
      ['job.py', 2, 'TOKEN', 'present'],
    ])
    const text = await h.td(['where', 'plain'])
    expect(text.stdout).toMatch(/Found by tokendesk scan, not written by TokenDesk:/)
    expect(text.stdout).toContain(`${path.join(proj, 'job.py')}:2 TOKEN  present`)
    // The same scan again: nothing new. Scanning elsewhere says nothing of these.
    expect((await h.td(['scan', proj])).stdout).not.toMatch(/found copies recorded/)
    fs.mkdirSync(path.join(h.home, 'elsewhere'))
    await h.td(['scan', path.join(h.home, 'elsewhere')])
    expect((await where()).found.every((c) => c.state === 'present')).toBe(true)

    // --to-references: the .env line whose value is exactly the secret; the longer value is left, and said.
    const refs = await h.td(['where', 'plain', '--to-references', '--yes'])
    expect(refs.code, refs.stderr).toBe(0)
    expect(refs.stdout).toContain(`${path.join(proj, '.env')} (PLANQK_TOKEN) now holds a reference, no secret (a line scan found)`)
    expect(refs.stdout).toMatch(/left .*\.env\.local \(PLANQK_TOKEN\): found by scan, but its value is not exactly the secret/)
    expect(fs.readFileSync(path.join(proj, '.env'), 'utf8')).toBe("# keys\nPLANQK_TOKEN='tokendesk://plain'\nOTHER=keep-me\n")
    expect(fs.readFileSync(path.join(proj, '.env.local'), 'utf8')).toBe(`PLANQK_TOKEN=prefix-${PLAIN}\n`)
    expect((await where()).found.find((c) => c.path.endsWith('/.env'))?.state).toBe('gone')

    // The script is edited: the next scan of the folder marks that copy gone.
    h.write('proj/job.py', 'import os\nTOKEN = os.environ["PLANQK_TOKEN"]\n')
    const again = await h.td(['scan', proj])
    expect(again.stdout).toMatch(/found copies recorded: 1 no longer there/)
    expect((await where()).found.map((c) => [path.basename(c.path), c.state])).toEqual([
      ['.env.local', 'present'],
      ['.env', 'gone'],
      ['job.py', 'gone'],
    ])

    // Rotate: the copy scan found is named (it holds the old secret now), and stays "old secret", not gone, after a scan.
    const rotated = await h.td(['rotate', 'plain'], `${PLAIN}-new`)
    expect(rotated.code, rotated.stderr).toBe(0)
    expect(rotated.stderr).toMatch(/copies found by scan that hold the old secret of plain \(1\); update these by hand, then `tokendesk scan` again/)
    expect(rotated.stderr).toContain(`${path.join(proj, '.env.local')}:1\n`)
    await h.td(['scan', proj])
    expect((await where()).found.find((c) => c.path.endsWith('.env.local'))?.state).toBe('old secret')
    const revoked = await h.td(['revoke', 'plain'])
    expect(revoked.stderr).toMatch(/copies found by scan that still hold the secret of plain \(1\)/)

    // Nothing TokenDesk wrote holds either secret.
    expect(filesContaining(h.data, PLAIN)).toEqual([])
  }, 90_000)
})
