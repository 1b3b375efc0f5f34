import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src-main/core/core'
import { ScanCancelled } from '../../src-main/core/scan/runner'
import { workerScan } from '../../src-main/core/scan/worker-scan'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { FoundCopyRepo } from '../../src-main/core/store/found-copy-repo'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The app's scan runs in a worker thread (issue #24): the same findings as in-process, progress
// while it runs, and a cancel that ends it at once with nothing recorded. The worker is the real
// entry (scan-worker.ts) bundled as the app's build bundles it; real Secret Service and SQLite.
requireSecretService()

const ROOT = path.resolve(__dirname, '..', '..')
const SECRET = `wk-${Math.random().toString(36).slice(2, 12)}-0123456789`
let tmp: ReturnType<typeof tempDir>
let script: string
let worker: Core
let inProcess: Core

beforeAll(async () => {
  tmp = tempDir()
  // As the app's build does: TokenDesk's code bundled, its dependencies loaded from node_modules.
  const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies)
  script = path.join(ROOT, 'out', 'scan-worker-test', `scan-worker-${process.pid}.cjs`)
  await build({ absWorkingDir: ROOT, entryPoints: ['src-main/core/scan/scan-worker.ts'], outfile: script, bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: deps, logLevel: 'error' })
  const service = testKeychainService('scan-worker')
  const open = (dir: string, runner?: ReturnType<typeof workerScan>) =>
    createCore({ dataDir: path.join(tmp.dir, dir), actor: 'test', secrets: new KeyringSecretStore({ service }), home: path.join(tmp.dir, 'home'), env: {}, ...(runner ? { scanRunner: runner } : {}) })
  worker = open('data-w', workerScan(script))
  await worker.vault.add({ kind: 'personal', platform: 'planqk', name: 'lab' }, SECRET)
  inProcess = open('data-p')
  await inProcess.vault.add({ kind: 'personal', platform: 'planqk', name: 'lab' }, SECRET)
  const proj = path.join(tmp.dir, 'proj')
  fs.mkdirSync(path.join(proj, 'nb'), { recursive: true })
  fs.writeFileSync(path.join(proj, 'job.py'), `TOKEN = "${SECRET}"\n`)
  fs.writeFileSync(path.join(proj, 'nb', 'a.ipynb'), JSON.stringify({ cells: [{ cell_type: 'code', source: [`t = "${SECRET}"`], outputs: [] }] }, null, 1))
}, 60_000)

afterAll(async () => {
  for (const core of [worker, inProcess]) {
    for (const t of core.vault.allReady()) {
      core.vault.revoke(t.id)
      await core.vault.delete(t.id)
    }
    core.close()
  }
  tmp.cleanup()
  fs.rmSync(script, { force: true })
})

describe('scan in a worker thread', () => {
  it('finds what the in-process scan finds, reports progress, and records the found copies', async () => {
    const progress: number[] = []
    const proj = path.join(tmp.dir, 'proj')
    const a = await worker.scan.scan([proj], { onProgress: (p) => progress.push(p.files) })
    const b = await inProcess.scan.scan([proj])
    const strip = (r: typeof a) => r.findings.map((f) => ({ file: f.file, line: f.line, cell: f.cell, key: f.key, form: f.form, name: f.token.name })).sort((x, y) => x.file.localeCompare(y.file))
    expect(strip(a)).toEqual(strip(b))
    expect(strip(a).map((f) => [path.basename(f.file), f.cell, f.key])).toEqual([
      ['job.py', undefined, 'TOKEN'],
      ['a.ipynb', 0, 't'],
    ])
    expect(a.recorded).toEqual({ added: 2, gone: 0 })
    expect(progress.length).toBeGreaterThan(0)
    expect(new FoundCopyRepo(worker.db).forToken(worker.vault.allReady()[0]!.id)).toHaveLength(2)
  })

  it('a cancel ends the worker at once: ScanCancelled, nothing recorded', async () => {
    const big = path.join(tmp.dir, 'big')
    fs.mkdirSync(big)
    const chunk = Buffer.alloc(1024 * 1024, 'a')
    for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(big, `f${i}.txt`), i === 149 ? Buffer.concat([chunk, Buffer.from(SECRET)]) : chunk)
    const repo = new FoundCopyRepo(worker.db)
    const before = repo.known().length
    const ctrl = new AbortController()
    const started = performance.now()
    const run = worker.scan.scan([big], { signal: ctrl.signal, onProgress: () => ctrl.abort() })
    await expect(run).rejects.toBeInstanceOf(ScanCancelled)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(repo.known().length).toBe(before)
    // And the same scan, not cancelled, finds the last file's copy.
    const done = await worker.scan.scan([big])
    expect(done.findings.map((f) => path.basename(f.file))).toEqual(['f149.txt'])
  }, 30_000)

  it("only one token's secret when asked (the detail panel's Find copies…); an unknown token is not found", async () => {
    const other = await worker.vault.add({ kind: 'personal', platform: 'qualytics', name: 'other', fields: { url: 'https://x.example' } }, `${SECRET}-other-suffix`)
    fs.writeFileSync(path.join(tmp.dir, 'proj', 'other.txt'), `${SECRET}-other-suffix\n`)
    const onlyLab = await worker.scan.scan([path.join(tmp.dir, 'proj')], { tokenId: worker.vault.allReady().find((t) => t.name === 'lab')!.id })
    expect(new Set(onlyLab.findings.map((f) => f.token.name))).toEqual(new Set(['lab']))
    const onlyOther = await worker.scan.scan([path.join(tmp.dir, 'proj')], { tokenId: other.id })
    expect(onlyOther.findings.map((f) => [f.token.name, path.basename(f.file)])).toEqual([['other', 'other.txt']])
    await expect(worker.scan.scan([], { tokenId: 'no-such-token' })).rejects.toMatchObject({ code: 'not_found' })
  })
})
