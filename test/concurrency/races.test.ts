import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openVault, type OpenedVault } from '../../src-main/core/open-vault'
import { PAUSED_MARKER } from '../../src-main/core/pause-point'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { buildTestCli, canary, cliEnv, runCli, type CliResult } from '../cli/harness'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// Several TokenDesk processes at once on one vault, against the real Secret Service and real
// SQLite files. After each round: every process ended, with an exit code that means what it says
// (0 done, 4 "another process is changing it, nothing was changed"; never 1 or a false 5), and
// the invariants hold: every ready token has its one secret, no keychain entry without a token.
requireSecretService()

type Keyring = typeof import('@napi-rs/keyring')
let keyring: Keyring
let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
const counts: Record<string, number> = {}
const count = (what: string, n = 1) => (counts[what] = (counts[what] ?? 0) + n)

beforeAll(async () => {
  cli = await buildTestCli('races')
  tmp = tempDir()
  keyring = await import('@napi-rs/keyring')
}, 60_000)
afterAll(() => {
  console.log(`concurrency suite: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`)
  cli.cleanup()
  tmp.cleanup()
})

function vaultOf(dir: string, service: string): OpenedVault {
  return openVault({ dataDir: dir, actor: 'races-test', secrets: new KeyringSecretStore({ service }) })
}

/** A vault of its own for one test, and the record of every secret handed to each token name. */
function arena(label: string) {
  const dir = path.join(tmp.dir, label)
  const service = testKeychainService(`races-${label}`)
  const issued = new Map<string, Set<string>>()
  const issue = (name: string) => {
    const s = canary(name)
    if (!issued.has(name)) issued.set(name, new Set())
    issued.get(name)!.add(s)
    return s
  }
  return { service, env: cliEnv(dir, service), v: vaultOf(dir, service), issued, issue }
}

/** Every ready token has exactly its one secret; the keychain holds nothing else of this service. */
async function checkInvariants(v: OpenedVault, service: string, issued: Map<string, Set<string>>, context: string) {
  await v.vault.reconcile()
  const rows = v.db.prepare<[], { id: string; name: string; state: string; secret_ref: string; pending_secret_ref: string | null; stale_secret_ref: string | null }>('SELECT * FROM tokens').all()
  const creds = new Map(keyring.findCredentials(service).map((c) => [c.account, c.password]))
  for (const r of rows) {
    expect(r.state, `${context}: ${r.name}`).toBe('ready')
    expect([r.pending_secret_ref, r.stale_secret_ref], `${context}: ${r.name}`).toEqual([null, null])
    const secret = creds.get(r.secret_ref)
    expect(secret, `${context}: ${r.name} has no secret`).toBeDefined()
    expect(issued.get(r.name)?.has(secret!), `${context}: ${r.name} holds a secret never issued to it`).toBe(true)
    // `get` returns it through the CLI's own reader.
  }
  const refs = new Set(rows.map((r) => r.secret_ref))
  for (const account of creds.keys()) expect(refs.has(account), `${context}: orphan keychain entry ${account}`).toBe(true)
  // No token hidden from list.
  expect(v.vault.list({ limit: 10_000 }).total, context).toBe(rows.length)
}

/** 0 done, 4 "another process is changing it"; 3 "no such token" only where another process deleted it first. */
const okOrBusy = (r: CliResult, context: string, goneAllowed = false) => {
  expect(r.signal, `${context}: still running at the deadline`).toBeNull()
  expect(goneAllowed ? [0, 3, 4] : [0, 4], `${context}: exit ${r.code}: ${r.stderr}`).toContain(r.code)
  if (r.code === 3) {
    expect(r.stderr, context).toMatch(/no token/)
    count('found-already-deleted')
  }
  if (r.code === 4) {
    expect(r.stderr, context).toMatch(/another TokenDesk process is (changing|deleting) "[^"]+" right now; nothing was changed/)
    count('refused-as-busy')
  }
}

/**
 * Starts the CLI paused for `ms` at `phase` (pause-point.ts): `reached` resolves once it says it
 * is there — whatever the machine's load — and `done` with its result after it went on.
 */
function runPaused(args: string[], env: NodeJS.ProcessEnv, phase: string, input?: string) {
  let reach!: () => void
  const reached = new Promise<void>((r) => (reach = r))
  const done = new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [cli.bundle, ...args], {
      env: { ...env, TOKENDESK_TEST_PAUSE_AT: phase, TOKENDESK_TEST_PAUSE_MS: '5000' },
      stdio: ['pipe', 'ignore', 'pipe'],
    })
    let stderr = ''
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      if (stderr.includes(`${PAUSED_MARKER} ${phase}`)) reach()
    })
    child.stdin.on('error', () => undefined)
    child.stdin.end(input ?? '')
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(killer)
      reach() // never leave the caller waiting; its assertions then tell what happened
      resolve({ code, stderr: stderr.replace(new RegExp(`${PAUSED_MARKER} .*\\n`), '') })
    })
  })
  return { reached, done }
}

describe('concurrent TokenDesk processes', () => {
  it('20 processes adding to a new vault at once all succeed (the schema is created once)', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = path.join(tmp.dir, `first-run-${round}`)
      const service = testKeychainService(`races-first-${round}`)
      const env = cliEnv(dir, service)
      const issued = new Map<string, Set<string>>()
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => {
          const name = `p-${i}`
          const secret = canary(name)
          issued.set(name, new Set([secret]))
          return runCli(cli.bundle, ['add', '--platform', 'planqk', '--name', name], { env, input: secret, timeoutMs: 60_000 })
        }),
      )
      for (const r of results) expect(r.code, `round ${round}: ${r.stderr}`).toBe(0)
      count('first-run adds', results.length)
      const v = vaultOf(dir, service)
      try {
        await checkInvariants(v, service, issued, `first-run round ${round}`)
        expect(v.vault.list({ limit: 100 }).total).toBe(20)
      } finally {
        for (const t of v.vault.list({ limit: 100 }).items) {
          v.vault.revoke(t.id)
          await v.vault.delete(t.id)
        }
        v.close()
      }
    }
  }, 180_000)

  it('rotate ∥ delete on one revoked token, and 10 rotates of one token, leave no orphan and no false error', async () => {
    const { service, env, v, issued, issue } = arena('rotate-delete')
    try {
      for (let round = 0; round < 15; round++) {
        const name = `rd-${round}`
        const t = await v.vault.add({ kind: 'personal', platform: 'planqk', name }, issue(name))
        v.vault.revoke(t.id)
        const [rot, del] = await Promise.all([
          runCli(cli.bundle, ['rotate', t.id], { env, input: issue(name), timeoutMs: 30_000 }),
          runCli(cli.bundle, ['delete', t.id, '--yes'], { env, timeoutMs: 30_000 }),
        ])
        okOrBusy(del, `round ${round} delete`)
        okOrBusy(rot, `round ${round} rotate`, del.code === 0)
        count('rotate∥delete rounds')
        await checkInvariants(v, service, issued, `rotate∥delete round ${round}`)
        const after = v.vault.list({ search: name }).items
        // A delete that said it was done removed the token; one that was refused left it as it was.
        if (del.code === 0) expect(after).toEqual([])
        else expect(after).toHaveLength(1)
        for (const x of after) await v.vault.delete(x.id)
      }

      for (let round = 0; round < 3; round++) {
        const name = `rr-${round}`
        const t = await v.vault.add({ kind: 'personal', platform: 'planqk', name }, issue(name))
        const results = await Promise.all(Array.from({ length: 10 }, () => runCli(cli.bundle, ['rotate', t.id], { env, input: issue(name), timeoutMs: 30_000 })))
        for (const [i, r] of results.entries()) okOrBusy(r, `parallel rotate ${round}.${i}`)
        expect(results.some((r) => r.code === 0)).toBe(true)
        count('parallel rotates', results.length)
        await checkInvariants(v, service, issued, `parallel rotate round ${round}`)
        const got = await runCli(cli.bundle, ['get', t.id], { env })
        expect(got.code).toBe(0)
        expect(issued.get(name)!.has(got.stdout.trim())).toBe(true)
        v.vault.revoke(t.id)
        await v.vault.delete(t.id)
      }
    } finally {
      v.close()
    }
  }, 240_000)

  it('a change in flight is never met halfway: a delete during a rotate (and the other way round) is refused, nothing orphaned', async () => {
    const { service, env, v, issued, issue } = arena('interleave')
    // The first process stops between two steps of its change (pause-point.ts); the second runs then.
    try {
      const a = await v.vault.add({ kind: 'personal', platform: 'planqk', name: 'rotating' }, issue('rotating'))
      v.vault.revoke(a.id)
      const newSecret = issue('rotating')
      const rotate = runPaused(['rotate', a.id], env, 'rotate:secret-written', newSecret)
      await rotate.reached
      const del = await runCli(cli.bundle, ['delete', a.id, '--yes'], { env, timeoutMs: 30_000 })
      expect(del.code, del.stderr).toBe(4)
      expect(del.stderr).toMatch(/another TokenDesk process is changing "rotating" right now; nothing was changed/)
      const rot = await rotate.done
      expect(rot.code, rot.stderr).toBe(0)
      await checkInvariants(v, service, issued, 'delete during rotate')
      expect(await v.vault.reveal(a.id)).toBe(newSecret)

      const b = await v.vault.add({ kind: 'personal', platform: 'planqk', name: 'deleting' }, issue('deleting'))
      v.vault.revoke(b.id)
      const deleting = runPaused(['delete', b.id, '--yes'], env, 'delete:claimed')
      await deleting.reached
      const rot2 = await runCli(cli.bundle, ['rotate', b.id], { env, input: issue('deleting'), timeoutMs: 30_000 })
      expect(rot2.code, rot2.stderr).toBe(4)
      expect(rot2.stderr).toMatch(/another TokenDesk process is deleting "deleting" right now; nothing was changed/)
      expect((await deleting.done).code).toBe(0)
      await checkInvariants(v, service, issued, 'rotate during delete')
      expect(v.vault.list({ search: 'deleting' }).items).toEqual([])
      count('interleavings', 2)
    } finally {
      v.close()
    }
  }, 90_000)

  it('delete with the keychain locked fails truthfully and leaves the token visible and revoked', () => {
    // Its own private keyring session: locking cannot be undone without a prompt.
    const dir = path.join(tmp.dir, 'locked')
    const script = [
      'set -u',
      `td() { "${process.execPath}" "${cli.bundle}" "$@"; }`,
      'printf locked-secret-123 | td add --platform planqk --name locked-one >/dev/null',
      'td revoke locked-one >/dev/null',
      'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null',
      'td delete locked-one --yes 2>/tmp/races-locked-err; echo "delete-exit=$?"',
      'echo "delete-err=$(cat /tmp/races-locked-err)"',
      'echo "list=$(td list --status revoked --json | tr -d "\\n")"',
      'td restore locked-one >/dev/null; echo "restore-exit=$?"',
    ].join('\n')
    const out = execFileSync(path.join(__dirname, '..', '..', 'scripts', 'with-keyring.sh'), ['bash', '-c', script], {
      env: { ...process.env, TOKENDESK_IN_PRIVATE_KEYRING: '', TOKENDESK_HOME: dir, TOKENDESK_KEYCHAIN_SERVICE: testKeychainService('races-locked'), TOKENDESK_KEYCHAIN_TIMEOUT_MS: '2000' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    const field = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(out)?.[1]
    expect(field('delete-exit')).toBe('5')
    expect(field('delete-err')).toMatch(/not available.*Nothing was changed/)
    const listed = JSON.parse(field('list')!) as { items: { name: string; status: string }[] }
    expect(listed.items.map((t) => [t.name, t.status])).toEqual([['locked-one', 'revoked']])
    expect(field('restore-exit')).toBe('0')
    count('locked-keychain deletes')
  }, 90_000)
})
