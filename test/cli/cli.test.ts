import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_KEYCHAIN_SERVICE, DEFAULT_KEYCHAIN_TIMEOUT_MS } from '../../src-main/core/secrets/keyring-store'
import * as lean from '../../src-main/cli/lean-keyring'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { ROOT, buildTestCli, canary, cliEnv, keychainLookup, packageCopy, runCli, okJson } from './harness'

// Every command of the built CLI, run as a child process against the real Secret Service.
requireSecretService()

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
const service = testKeychainService('cli')
let env: NodeJS.ProcessEnv

const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input })
const json = okJson
interface View {
  id: string
  name: string
  kind: string
  platform: string
  org: string | null
  status: string
  scopes: string[]
  fields: Record<string, string>
  note: string | null
  createdAt: number
  expiresAt: number | null
  revokedAt: number | null
  lastUsedAt: number | null
  problem: string | null
}
interface Audit {
  action: string
  actor: string
  tokenId: string
}

beforeAll(async () => {
  cli = await buildTestCli('cli')
  tmp = tempDir()
  env = cliEnv(tmp.dir, service)
}, 60_000)
afterAll(() => {
  cli.cleanup()
  tmp.cleanup()
})

describe('help and version', () => {
  it('--help lists every command and the exit codes; no command is a usage error', async () => {
    const r = await td(['--help'])
    expect(r.code).toBe(0)
    for (const c of ['add', 'list', 'show', 'get', 'revoke', 'restore', 'delete', 'rotate', 'org', 'help']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'))
    }
    expect(r.stdout).toMatch(/Exit codes: 0 ok, 1 .*2 bad usage/s)
    expect(r.stdout).toMatch(/never from arguments/)
    const none = await td([])
    expect(none.code).toBe(2)
    expect(none.stdout).toMatch(/^Usage: tokendesk COMMAND/)
  })
  it('help COMMAND and COMMAND --help print that command\'s usage', async () => {
    const a = await td(['help', 'add'])
    expect(a.code).toBe(0)
    expect(a.stdout).toMatch(/^Usage: tokendesk add --kind personal\|provider/)
    expect(a.stdout).toMatch(/read from standard input/)
    expect((await td(['delete', '--help'])).stdout).toMatch(/tokendesk delete REF --yes/)
    const bad = await td(['help', 'nope'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('tokendesk: no command "nope"; see `tokendesk --help`\n')
  })
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
    expect(await td(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' })
  })
  it('unknown commands and options exit 2 with one line on stderr and no stack', async () => {
    const r = await td(['frobnicate'])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toBe('tokendesk: unknown command "frobnicate"; see `tokendesk --help`\n')
    const o = await td(['list', '--colour'])
    expect(o.code).toBe(2)
    // The command's own help, where its options are (issue "everyday use").
    expect(o.stderr).toBe("tokendesk: Unknown option '--colour'; see `tokendesk help list`\n")
  })
})

describe('add, list, show, get', () => {
  let ci: View
  const ciSecret = canary('ci')
  it('adds a personal token with the secret from stdin (one trailing newline stripped)', async () => {
    const r = await td(
      ['add', '--kind', 'personal', '--platform', 'planqk', '--name', 'ci-runner', '--expires', '90d', '--scope', 'jobs', '--scope', 'data', '--note', 'for CI', '--field', 'region=eu', '--custom', '--json'],
      `${ciSecret}\n`,
    )
    ci = json<View>(r)
    expect(ci).toMatchObject({ name: 'ci-runner', kind: 'personal', platform: 'planqk', org: null, status: 'active', scopes: ['jobs', 'data'], fields: { region: 'eu' }, note: 'for CI', lastUsedAt: null })
    expect(ci.expiresAt! - ci.createdAt).toBe(90 * 86_400_000)
    expect(await keychainLookup(service, `${ci.id}.1`)).toBe(ciSecret)
    const human = await td(['add', '--provider', 'ionq', '--name', 'ionq-main', '--expires', 'never'], canary('ionq'))
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^added ionq-main \([0-9a-f-]{36}\), expires never\n$/)
  })
  it('list --json gives {items, total}; the table has the documented columns', async () => {
    const l = json<{ items: View[]; total: number }>(await td(['list', '--json']))
    expect(l.total).toBe(2)
    expect(l.items.map((t) => t.name)).toEqual(['ci-runner', 'ionq-main'])
    // At least these fields (later schema versions add more); never the keychain bookkeeping.
    const keys = Object.keys(l.items[0]!)
    expect(keys).toEqual(
      expect.arrayContaining(['createdAt', 'expiresAt', 'fields', 'id', 'kind', 'lastUsedAt', 'name', 'note', 'org', 'platform', 'problem', 'revokedAt', 'scopes', 'status']),
    )
    for (const hidden of ['secretRef', 'pendingSecretRef', 'staleSecretRef', 'state']) expect(keys).not.toContain(hidden)
    const t = await td(['list'])
    expect(t.code).toBe(0)
    const lines = t.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^NAME\s+KIND\s+PLATFORM\s+ORG\s+STATUS\s+EXPIRES\s+LAST USED$/)
    expect(lines[1]).toMatch(/^ci-runner\s+personal\s+planqk\s+-\s+active\s+\d{4}-\d\d-\d\d\s+never$/)
    expect(lines[2]).toMatch(/^ionq-main\s+provider\s+ionq\s+-\s+active\s+never\s+never$/)
  })
  it('list filters by kind, status, platform, provider, org and search text', async () => {
    const names = async (args: string[]) => json<{ items: View[] }>(await td(['list', '--json', ...args])).items.map((t) => t.name)
    expect(await names(['--kind', 'provider'])).toEqual(['ionq-main'])
    expect(await names(['--platform', 'planqk'])).toEqual(['ci-runner'])
    expect(await names(['--provider', 'ionq'])).toEqual(['ionq-main'])
    expect(await names(['--provider', 'planqk'])).toEqual([])
    expect(await names(['--status', 'active', '--search', 'RUN'])).toEqual(['ci-runner'])
    expect(await names(['--status', 'revoked'])).toEqual([])
    expect(await names(['--org', 'none'])).toEqual(['ci-runner', 'ionq-main'])
    expect(await names(['--org', 'nobody'])).toEqual([])
    expect((await td(['list', '--status', 'bogus'])).code).toBe(2)
    expect((await td(['list', '--kind', 'robot'])).code).toBe(2)
    const empty = await td(['list', '--search', 'zzz'])
    expect(empty).toMatchObject({ code: 0, stdout: 'No tokens match.\n' })
  })
  it('get prints the secret alone and records the use; show gives metadata and history, never the secret', async () => {
    const g = await td(['get', 'ci-runner'])
    expect(g).toMatchObject({ code: 0, stdout: ciSecret, stderr: '' })
    const s = json<{ token: View; audit: Audit[] }>(await td(['show', ci.id, '--json']))
    expect(Object.keys(s).sort()).toEqual(['audit', 'token'])
    expect(s.token.lastUsedAt).not.toBeNull()
    expect(s.audit.map((a) => [a.action, a.actor])).toEqual([['used', 'cli'], ['created', 'cli']])
    const h = await td(['show', 'ci-runner'])
    expect(h.code).toBe(0)
    expect(h.stdout).toMatch(/^id\s+[0-9a-f-]{36}$/m)
    expect(h.stdout).toMatch(/^field region\s+eu$/m)
    expect(h.stdout).toMatch(/History:\n.*used\s+by cli\n.*created\s+by cli/)
    expect(h.stdout + s.token.note).not.toContain(ciSecret)
  })
  it('missing tokens exit 3 for show, get, revoke, restore, rotate and delete', async () => {
    for (const args of [['show', 'ghost'], ['get', 'ghost'], ['revoke', 'ghost'], ['restore', 'ghost'], ['rotate', 'ghost'], ['delete', 'ghost', '--yes']]) {
      const r = await td(args, 'x-secret')
      expect(r, args.join(' ')).toMatchObject({ code: 3, stdout: '', stderr: 'tokendesk: no token "ghost"\n' })
    }
  })
  it('a name shared by two tokens is ambiguous (exit 2, ids listed) for show and get; the id works', async () => {
    const other = json<View>(await td(['add', '--platform', 'qualytics', '--name', 'ci-runner', '--field', 'url=https://q.example.com/api', '--json'], canary('dup')))
    for (const cmd of ['show', 'get']) {
      const r = await td([cmd, 'ci-runner'])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/^tokendesk: 2 tokens are named "ci-runner"; use the id instead \(.*\)\n$/)
      expect(r.stderr).toContain(ci.id)
      expect(r.stderr).toContain(other.id)
    }
    expect((await td(['get', ci.id])).stdout).toBe(ciSecret)
    // Same kind, platform and owner: a conflict, exit 2.
    const dup = await td(['add', '--platform', 'planqk', '--name', 'ci-runner'], canary('conflict'))
    expect(dup).toMatchObject({ code: 2, stderr: 'tokendesk: a personal token named "ci-runner" for planqk already exists; choose another name\n' })
  })
})

describe('lifecycle: revoke, restore, rotate, delete', () => {
  it('revokes, refuses a second revoke (4), restores, refuses a second restore (4)', async () => {
    const t = json<View>(await td(['add', '--platform', 'planqk', '--name', 'cycle', '--json'], canary('cycle')))
    expect(json<View>(await td(['revoke', 'cycle', '--json'])).status).toBe('revoked')
    expect(await td(['revoke', t.id])).toMatchObject({ code: 4, stderr: 'tokendesk: "cycle" is already revoked\n' })
    expect(await td(['restore', 'cycle'])).toMatchObject({ code: 0, stdout: `restored cycle (${t.id})\n` })
    expect((await td(['restore', 'cycle'])).code).toBe(4)
  })
  it('rotate reads the new secret from stdin, keeps the id and removes the old keychain entry', async () => {
    const t = json<View>(await td(['add', '--platform', 'planqk', '--name', 'rot', '--json'], canary('rot1')))
    const next = canary('rot2')
    expect(await td(['rotate', 'rot'], `${next}\n`)).toMatchObject({ code: 0, stdout: `rotated rot (${t.id})\n` })
    expect((await td(['get', 'rot'])).stdout).toBe(next)
    expect(await keychainLookup(service, `${t.id}.1`)).toBeNull()
    expect(await keychainLookup(service, `${t.id}.2`)).toBe(next)
    expect((await td(['rotate', 'rot'])).code).toBe(2) // empty stdin
  })
  it('delete needs --yes and a revoked token; it removes the secret and keeps the history', async () => {
    const t = json<View>(await td(['add', '--platform', 'planqk', '--name', 'doomed', '--json'], canary('doomed')))
    expect(await td(['delete', 'doomed'])).toMatchObject({ code: 2, stderr: 'tokendesk: deleting is permanent; pass --yes; see `tokendesk help delete`\n' })
    expect(await td(['delete', 'doomed', '--yes'])).toMatchObject({ code: 4, stderr: 'tokendesk: "doomed" is not revoked; revoke it first, then delete it\n' })
    expect((await td(['revoke', 'doomed'])).code).toBe(0)
    const d = await td(['delete', 'doomed', '--yes'])
    expect(d).toMatchObject({ code: 0, stdout: `deleted doomed (${t.id}); its secret was removed from the OS keychain\n` })
    expect(await keychainLookup(service, `${t.id}.1`)).toBeNull()
    expect((await td(['show', t.id])).code).toBe(3)
    expect((await td(['get', t.id])).code).toBe(3)
  })
})

describe('organizations and roles', () => {
  it('org add/list (--json); a member may use but not manage the org\'s tokens (exit 4, role named)', async () => {
    expect(await td(['org', 'add', 'qlab', '--role', 'owner'])).toMatchObject({ code: 0, stdout: 'qlab: you are an owner\n' })
    const secret = canary('org')
    expect((await td(['add', '--provider', 'ibm-quantum', '--org', 'qlab', '--name', 'lab-ibm', '--field', 'channel=ibm_cloud'], secret)).code).toBe(0)
    expect((await td(['add', '--platform', 'planqk', '--org', 'qlab', '--name', 'lab-pat'], canary('p'))).code).toBe(2)
    expect(await td(['org', 'add', 'qlab', '--role', 'member'])).toMatchObject({ code: 0, stdout: 'qlab: you are a member\n' })
    expect(json<{ items: unknown[] }>(await td(['org', 'list', '--json']))).toEqual({ items: [{ name: 'qlab', role: 'member' }] })
    expect((await td(['org', 'list'])).stdout).toMatch(/^ORG\s+ROLE\nqlab\s+member\n$/)
    const r = await td(['revoke', 'lab-ibm'])
    expect(r).toMatchObject({ code: 4, stdout: '' })
    expect(r.stderr).toBe('tokendesk: you are a member of "qlab"; only an owner or maintainer may revoke its provider tokens\n')
    expect((await td(['rotate', 'lab-ibm'], canary('r'))).code).toBe(4)
    expect((await td(['add', '--provider', 'ionq', '--org', 'qlab', '--name', 'lab-ionq'], canary('m'))).code).toBe(4)
    expect((await td(['get', 'lab-ibm'])).stdout).toBe(secret)
    expect(json<{ items: View[] }>(await td(['list', '--org', 'qlab', '--json'])).items.map((t) => t.name)).toEqual(['lab-ibm'])
    expect((await td(['org', 'add', 'qlab', '--role', 'admin'])).code).toBe(2)
    expect((await td(['org', 'add', 'Q_Lab', '--role', 'owner'])).code).toBe(2)
    expect((await td(['org', 'frob'])).code).toBe(2)
    expect((await td(['add', '--provider', 'ionq', '--org', 'unknown-org', '--name', 'x'], canary('x'))).code).toBe(3)
  })
})

describe('input validation: secrets only via stdin', () => {
  it('refuses an empty stdin with a clear message (exit 2) and stores nothing', async () => {
    const r = await td(['add', '--platform', 'planqk', '--name', 'nothing'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^tokendesk: no secret on standard input; pipe it in/)
    expect((await td(['show', 'nothing'])).code).toBe(3)
  })
  it('never echoes a secret passed as an argument, and stores nothing', async () => {
    const s = canary('argv')
    for (const args of [['add', '--platform', 'planqk', '--name', 'argv', s], ['rotate', 'ci-runner', s], ['get', 'ci-runner', s]]) {
      const r = await td(args, canary('in'))
      expect(r.code, args[0]).toBe(2)
      expect(r.stderr + r.stdout).not.toContain(s)
    }
    expect((await td(['show', 'argv'])).code).toBe(3)
  })
  it('rejects invalid names, expiries, fields and secrets with exit 2', async () => {
    const add = (extra: string[], secret = canary('v')) => td(['add', '--platform', 'planqk', ...extra], secret)
    expect((await add(['--name', 'Bad_Name'])).stderr).toMatch(/^tokendesk: invalid name: use lowercase/) // not "name: invalid name"
    expect((await add(['--name', 'old', '--expires', '2020-01-01'])).stderr).toMatch(/in the past/)
    expect((await add(['--name', 'forever', '--expires', 'never'])).stderr).toMatch(/a personal token must expire/)
    expect((await add(['--name', 'f', '--field', 'novalue'])).stderr).toMatch(/--field takes key=value/)
    expect((await add(['--name', 'ws'], 'abc\n\n')).stderr).toMatch(/white space/)
    expect((await add(['--name', 'bin'], 'ab\u0001cd')).stderr).toMatch(/control characters/)
    expect((await add([])).stderr).toMatch(/missing --name/)
    expect((await td(['add', '--name', 'x'], 'y')).stderr).toMatch(/missing --kind/)
    expect((await td(['add', '--kind', 'personal', '--provider', 'ionq', '--name', 'x'], 'y')).stderr).toMatch(/personal token takes --platform/)
    for (const r of await Promise.all([add(['--name', 'Bad_Name']), add(['--name', 'ws'], 'abc\n\n')])) expect(r.code).toBe(2)
  })
  it('TOKENDESK_KEYCHAIN_TIMEOUT_MS must be sensible', async () => {
    const r = await runCli(cli.bundle, ['list'], { env: { ...env, TOKENDESK_KEYCHAIN_TIMEOUT_MS: 'soon' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/TOKENDESK_KEYCHAIN_TIMEOUT_MS must be a whole number/)
  })
})

describe('the lean get path', () => {
  it('uses the same keychain defaults as core', () => {
    expect(lean.DEFAULT_KEYCHAIN_SERVICE).toBe(DEFAULT_KEYCHAIN_SERVICE)
    expect(lean.DEFAULT_KEYCHAIN_TIMEOUT_MS).toBe(DEFAULT_KEYCHAIN_TIMEOUT_MS)
  })
  it('reads exactly what was stored: non-ASCII text and a 16 KiB secret (several socket reads)', async () => {
    const unicode = `tök€n-ü-${canary('u')}-密钥`
    const long = `${canary('long')}${'x7Y'.repeat(5460)}`.slice(0, 16 * 1024)
    for (const [name, secret] of [['unicode', unicode], ['long', long]] as const) {
      expect((await td(['add', '--platform', 'planqk', '--name', name], secret)).code).toBe(0)
      const g = await td(['get', name])
      expect(g.code).toBe(0)
      expect(g.stdout).toBe(secret)
    }
  })
  it('reports a secret removed outside TokenDesk as not found (3) and marks the token', async () => {
    const t = json<View>(await td(['add', '--platform', 'planqk', '--name', 'vanish', '--json'], canary('vanish')))
    const { execFileSync } = await import('node:child_process')
    execFileSync('secret-tool', ['clear', 'service', service, 'username', `${t.id}.1`])
    const r = await td(['get', 'vanish'])
    expect(r.code).toBe(3)
    expect(r.stderr).toBe('tokendesk: the secret of "vanish" is missing from the Secret Service; it may have been removed outside TokenDesk. Add it again\n')
    expect(json<{ token: View }>(await td(['show', 'vanish', '--json'])).token.problem).toBe('secret_missing')
  })
  it('get, run and credential-process load only their own small bundle: not the whole CLI, the SQLite addon, zod or node:crypto', async () => {
    // What each start pays for (docs/development.md "Performance"); node:sqlite stands in for the addon from Node 24.
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24)
    const t = json<View>(await td(['add', '--platform', 'planqk', '--name', 'lean-load', '--json'], canary('lean-load')))
    const aws = json<View>(await td(['add', '--provider', 'aws-braket', '--name', 'lean-aws', '--field', 'aws_access_key_id=AKIALEANLOAD00000001', '--json'], canary('lean-aws')))
    const envFile = path.join(tmp.dir, 'lean-load.env')
    fs.writeFileSync(envFile, `PLANQK_TOKEN=tokendesk://${t.id}\n`)
    const record = path.join(tmp.dir, 'loaded.cjs')
    fs.writeFileSync(record, `const base = new Set(process.moduleLoadList)
process.on('exit', () => require('node:fs').writeFileSync(process.env.LOADED_OUT, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList.filter((m) => !base.has(m)) })))\n`)
    const { execFileSync } = await import('node:child_process')
    for (const args of [['get', t.id], ['run', '--env-file', envFile, '--', 'true'], ['credential-process', 'aws', aws.id]]) {
      const out = path.join(tmp.dir, 'loaded.json')
      execFileSync(process.execPath, ['-r', record, cli.bundle, ...args], { env: { ...env, LOADED_OUT: out }, stdio: 'pipe' })
      const loaded = JSON.parse(fs.readFileSync(out, 'utf8')) as { files: string[]; builtins: string[] }
      const files = loaded.files.map((f) => path.relative(ROOT, f))
      expect(files.filter((f) => f.startsWith('out')), args[0]).toEqual([path.relative(ROOT, cli.bundle)])
      expect(files.filter((f) => /node_modules\/(better-sqlite3|zod|@napi-rs)\//.test(f)), args[0]).toEqual([])
      // dotenv (run's reader, bundled in) gets node:crypto only on first use, for .env.vault files (lazy-crypto.cjs).
      expect(loaded.builtins, args[0]).not.toContain('NativeModule crypto')
      expect(loaded.builtins, args[0]).toContain('NativeModule sqlite')
    }
  })
  it('the hot bundle takes Node\'s built-in modules as they are, without copying their exports', () => {
    // A default or namespace import of a built-in (`import fs from 'node:fs'`) makes esbuild copy
    // every export into a new object (__toESM) when the module loads: about 2.6 ms of each
    // credential-process for the fourteen in this bundle (docs/development.md "Performance").
    // Named imports are used directly. better-sqlite3 is loaded only on the careful path.
    expect(fs.readFileSync(cli.bundle, 'utf8').match(/__toESM\(require\("node:[^"]+"\)\)/g) ?? []).toEqual([])
  })
  it('the bin launcher runs the bundle, or says how to build it', async () => {
    const pkg = packageCopy(path.join(tmp.dir, 'pkg'))
    const missing = await runCli(pkg.bin, ['--version'], { env })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^tokendesk: the CLI is not built yet; run `npm run build:cli`/)
    pkg.addBundles(cli.bundle)
    expect(await runCli(pkg.bin, ['list', '--json'], { env })).toMatchObject({ code: 0, stderr: '' })
  })
})

describe('the shipped build', () => {
  it('has no test hooks: the pause points and the broker pause are compiled out; the tests\' build has them', async () => {
    const shipped = path.join(ROOT, 'out', 'cli-test', `shipped-${process.pid}`, 'tokendesk.cjs')
    const { buildCli } = (await import(path.join(ROOT, 'scripts', 'build-cli.mjs'))) as { buildCli(o: { outfile: string; quiet: boolean }): Promise<unknown> }
    try {
      await buildCli({ outfile: shipped, quiet: true })
      for (const f of [shipped, ...['tokendesk-main.cjs', 'keychain-broker.cjs'].map((b) => path.join(path.dirname(shipped), b))]) {
        const text = fs.readFileSync(f, 'utf8')
        expect(text, f).not.toMatch(/TOKENDESK_TEST_PAUSE_AT|TOKENDESK_TEST_PAUSE_MS|TOKENDESK_TEST_BROKER_PAUSE_FILE/)
      }
      const tested = fs.readFileSync(path.join(path.dirname(cli.bundle), 'tokendesk-main.cjs'), 'utf8')
      expect(tested).toContain('TOKENDESK_TEST_PAUSE_AT')
      // A shipped CLI told to pause does not: it runs through.
      const dir = path.join(tmp.dir, 'no-hooks')
      const r = await runCli(shipped, ['add', '--platform', 'planqk', '--name', 'p'], { env: cliEnv(dir, testKeychainService('no-hooks'), { TOKENDESK_TEST_PAUSE_AT: 'add:pending-inserted' }), input: canary('p') })
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).not.toContain('TOKENDESK_PAUSED')
    } finally {
      fs.rmSync(path.dirname(shipped), { recursive: true, force: true })
    }
  }, 60_000)
})
