import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildSync } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { ROOT, buildTestCli, canary, cliEnv, runCli } from './harness'

// The hot bundle's V8 code cache (src-main/cli/code-cache.ts), in new processes as a user's
// shell starts them: a code cache is only ever accepted or made by a process of its own.
requireSecretService()

let tmp: ReturnType<typeof tempDir>
let loader: string
beforeAll(() => {
  tmp = tempDir()
  loader = path.join(tmp.dir, 'load-bundle.cjs')
  buildSync({ entryPoints: [path.join(ROOT, 'test', 'helpers', 'fixtures', 'load-bundle.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: loader, logLevel: 'error' })
})
afterAll(() => tmp.cleanup())

interface Loaded {
  state: string
  answer: string
  saved: boolean | null
}
const load = (bundle: string, save = false): Loaded =>
  JSON.parse(execFileSync(process.execPath, [loader, bundle, ...(save ? ['save'] : [])], { encoding: 'utf8' })) as Loaded

/** A bundle whose answer comes from a function V8 compiles lazily, i.e. only into a cache made after running it. */
const bundleText = (version: string) => `'use strict'
function word(n) { return '${version}-' + n }
exports.answer = () => word(7) + ':' + require('node:path').basename(__filename) + ':' + require('node:path').basename(__dirname)
`

/** A folder of its own under the test's, holding b.cjs at v1. */
function bundleIn(name: string): string {
  const dir = path.join(tmp.dir, name)
  fs.mkdirSync(dir)
  const bundle = path.join(dir, 'b.cjs')
  fs.writeFileSync(bundle, bundleText('v1'))
  return bundle
}

describe('the code cache beside a bundle', () => {
  it('is made after a run, used by the next, and never runs an older build of the same size', () => {
    const bundle = bundleIn('same-size')
    expect(load(bundle, true)).toEqual({ state: 'absent', answer: 'v1-7:b.cjs:same-size', saved: true })
    const cache = `${bundle}.v8-cache`
    expect(fs.statSync(cache).mode & 0o022).toBe(0)
    expect(load(bundle)).toEqual({ state: 'used', answer: 'v1-7:b.cjs:same-size', saved: null })
    // A rebuild of exactly the same length: V8 checks only the length and would run v1's word().
    fs.writeFileSync(bundle, bundleText('v2'))
    expect(fs.statSync(bundle).size).toBe(Buffer.byteLength(bundleText('v1')))
    expect(load(bundle, true)).toEqual({ state: 'stale', answer: 'v2-7:b.cjs:same-size', saved: true })
    expect(load(bundle)).toEqual({ state: 'used', answer: 'v2-7:b.cjs:same-size', saved: null })
  })

  it('is not loaded when someone else could have changed it (group- or world-writable)', () => {
    const bundle = bundleIn('writable')
    expect(load(bundle, true).saved).toBe(true)
    for (const mode of [0o664, 0o646]) {
      fs.chmodSync(`${bundle}.v8-cache`, mode)
      expect(load(bundle)).toEqual({ state: 'untrusted', answer: 'v1-7:b.cjs:writable', saved: null })
    }
  })

  it('a cache that cannot be written leaves the run as it was and no half-written file behind', () => {
    const bundle = bundleIn('unwritable')
    const dir = path.dirname(bundle)
    // In the cache's place, something the rename cannot replace (these tests may run as root, for whom a read-only folder is writable).
    fs.mkdirSync(`${bundle}.v8-cache`)
    expect(load(bundle, true)).toEqual({ state: 'absent', answer: 'v1-7:b.cjs:unwritable', saved: false })
    expect(fs.readdirSync(dir).sort()).toEqual(['b.cjs', 'b.cjs.v8-cache'])
  })
})

describe('bin/tokendesk.cjs', () => {
  let cli: Awaited<ReturnType<typeof buildTestCli>>
  beforeAll(async () => {
    cli = await buildTestCli('code-cache')
  }, 60_000)
  afterAll(() => cli.cleanup())

  it('keeps every cache beside the bundles, none in the shared temp folder; the hot one is made by a successful hot command only', async () => {
    // An installed package: the launcher, the bundles, node_modules.
    const pkg = path.join(tmp.dir, 'pkg')
    const out = path.join(pkg, 'out', 'cli')
    fs.mkdirSync(path.join(pkg, 'bin'), { recursive: true })
    fs.mkdirSync(out, { recursive: true })
    fs.copyFileSync(path.join(ROOT, 'bin', 'tokendesk.cjs'), path.join(pkg, 'bin', 'tokendesk.cjs'))
    for (const f of ['launcher.cjs', 'tokendesk.cjs', 'tokendesk-main.cjs']) fs.copyFileSync(path.join(path.dirname(cli.bundle), f), path.join(out, f))
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(pkg, 'node_modules'))
    const shared = path.join(tmp.dir, 'shared-tmp')
    fs.mkdirSync(shared)
    const env = cliEnv(path.join(tmp.dir, 'data'), testKeychainService('code-cache'), { TMPDIR: shared, TMP: shared, TEMP: shared })
    const td = (args: string[], input?: string) => runCli(path.join(pkg, 'bin', 'tokendesk.cjs'), args, { env, input })
    const hotCache = path.join(out, 'tokendesk.cjs.v8-cache')

    const secret = canary('code-cache')
    expect(await td(['add', '--platform', 'planqk', '--name', 'cached'], secret)).toMatchObject({ code: 0, stderr: '' })
    expect(await td(['list', '--json'])).toMatchObject({ code: 0, stderr: '' })
    expect(fs.existsSync(hotCache)).toBe(false) // a cold command: its cache would hold none of the hot code
    expect(fs.existsSync(path.join(out, 'node-compile-cache'))).toBe(true) // Node's, for the whole CLI
    expect((await td(['get', 'no-such-token'])).code).toBe(3)
    expect(fs.existsSync(hotCache)).toBe(false) // a failed hot command leaves it for a successful one

    expect(await td(['get', 'cached'])).toMatchObject({ code: 0, stdout: secret, stderr: '' })
    const made = fs.statSync(hotCache)
    expect(await td(['get', 'cached'])).toMatchObject({ code: 0, stdout: secret, stderr: '' })
    expect(fs.statSync(hotCache).mtimeMs).toBe(made.mtimeMs) // used, not made again
    // Code, not data: the secret the run read is nowhere in it.
    expect(fs.readFileSync(hotCache).includes(secret)).toBe(false)
    // Node's default would have been TMPDIR/node-compile-cache, which any local user can create first.
    expect(fs.readdirSync(shared)).toEqual([])
  })
})
