import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openVault, type OpenedVault } from '../../src-main/core/open-vault'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { buildTestCli, canary, cliEnv, runCli } from '../cli/harness'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { mulberry32 } from '../helpers/prng'

// Crash consistency of the real CLI on the real keychain and database: SIGKILL `add`, `rotate`
// and `delete` at random moments, let the next run reconcile, and check that keychain and
// database agree. Reproduce a failure with CRASH_SEED=<printed seed>.
requireSecretService()

const SEED = Number(process.env.CRASH_SEED ?? 20261124)
const KILLS_PER_OP = Number(process.env.CRASH_KILLS_PER_OP ?? 68)
const OPS = ['add', 'rotate', 'delete'] as const
type Op = (typeof OPS)[number]


interface Row {
  id: string
  name: string
  state: string
  secret_ref: string
  pending_secret_ref: string | null
  stale_secret_ref: string | null
  revoked_at: number | null
}

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
let opened: OpenedVault
let env: NodeJS.ProcessEnv
const service = testKeychainService('crash')
/** Every secret the test ever handed to a token name: after a crash either may be current. */
const issued = new Map<string, Set<string>>()
type Keyring = typeof import('@napi-rs/keyring')
let keyring: Keyring

beforeAll(async () => {
  cli = await buildTestCli('crash')
  tmp = tempDir()
  env = cliEnv(tmp.dir, service)
  keyring = await import('@napi-rs/keyring')
  // The test's own handle on the same vault, for fast setup and for inspecting the database.
  opened = openVault({ dataDir: tmp.dir, actor: 'crash-test', secrets: new KeyringSecretStore({ service }) })
}, 60_000)
afterAll(async () => {
  for (const c of keyring.findCredentials(service)) await new keyring.AsyncEntry(service, c.account).deletePassword()
  opened.close()
  cli.cleanup()
  tmp.cleanup()
})

function issue(name: string): string {
  const s = canary(name)
  if (!issued.has(name)) issued.set(name, new Set())
  issued.get(name)!.add(s)
  return s
}

const rows = () => opened.db.prepare<[], Row>('SELECT * FROM tokens').all()
const credentials = () => new Map(keyring.findCredentials(service).map((c) => [c.account, c.password]))

/** Starts the CLI and SIGKILLs it after delayMs; resolves whether the kill landed. */
function runAndKill(args: string[], input: string | undefined, delayMs: number): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.bundle, ...args], { env, stdio: ['pipe', 'ignore', 'ignore'] })
    child.stdin.on('error', () => undefined)
    child.stdin.end(input ?? '')
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      resolve({ killed: signal === 'SIGKILL', code })
    })
  })
}

/** Where the interrupted command was, judged from the database and keychain before reconcile. */
function phase(op: Op, target: { name: string; id?: string; oldRef?: string }): string {
  const creds = { has: (ref: string) => credentials().has(ref) }
  const row = rows().find((r) => (target.id ? r.id === target.id : r.name === target.name))
  if (op === 'add') {
    if (!row) return 'no row yet (killed before the pending insert)'
    if (row.state === 'pending') return creds.has(row.secret_ref) ? 'pending row, secret written' : 'pending row, secret not yet written'
    return 'finished (ready) before the kill'
  }
  if (op === 'rotate') {
    if (!row) throw new Error(`rotate target ${target.id} vanished`)
    if (row.pending_secret_ref) return creds.has(row.pending_secret_ref) ? 'new secret written, not yet swapped' : 'new ref marked, secret not yet written'
    if (row.stale_secret_ref) return 'swapped, old secret not yet removed'
    return row.secret_ref === target.oldRef ? 'not started (before marking)' : 'finished before the kill'
  }
  if (!row) return 'finished (row removed) before the kill'
  if (row.state === 'deleting') return creds.has(row.secret_ref) ? 'deleting, secret still in keychain' : 'deleting, secret removed, row left'
  return 'not started (still ready)'
}

function checkInvariants(context: string): void {
  const all = rows()
  const creds = credentials()
  const refs = new Set(all.map((r) => r.secret_ref))
  for (const r of all) {
    expect(r.state, `${context}: ${r.name} state`).toBe('ready')
    expect(r.pending_secret_ref, `${context}: ${r.name} pending ref`).toBeNull()
    expect(r.stale_secret_ref, `${context}: ${r.name} stale ref`).toBeNull()
    const secret = creds.get(r.secret_ref)
    expect(secret, `${context}: ${r.name} has no secret under ${r.secret_ref}`).toBeDefined()
    expect(issued.get(r.name)?.has(secret!), `${context}: ${r.name} holds a secret never issued to it`).toBe(true)
  }
  for (const account of creds.keys()) expect(refs.has(account), `${context}: orphan keychain entry ${account}`).toBe(true)
}

async function timeOf(args: string[], input?: string): Promise<number> {
  const r = await runCli(cli.bundle, args, { env, input })
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.ms
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

describe('crash consistency under SIGKILL', () => {
  it(`kills add, rotate and delete ${KILLS_PER_OP} times each at random points; reconcile restores every invariant`, async () => {
    const random = mulberry32(SEED)
    let n = 0
    const setup = async (revoked: boolean) => {
      const name = `t-${n++}`
      const t = await opened.vault.add({ kind: 'personal', platform: 'planqk', name }, issue(name))
      if (revoked) opened.vault.revoke(t.id)
      return t
    }

    // How long each command takes when left alone: kill times are drawn from 0 to that.
    const duration: Record<Op, number> = { add: 0, rotate: 0, delete: 0 }
    const samples: Record<Op, number[]> = { add: [], rotate: [], delete: [] }
    for (let i = 0; i < 3; i++) {
      const name = `m-${i}`
      samples.add.push(await timeOf(['add', '--platform', 'planqk', '--name', name], issue(name)))
      samples.rotate.push(await timeOf(['rotate', name], issue(name)))
      const d = await setup(true)
      samples.delete.push(await timeOf(['delete', d.id, '--yes']))
    }
    for (const op of OPS) duration[op] = median(samples[op])
    // Most of a run is node starting up, loading modules, opening the database and reconciling;
    // the command's own writes come last. A run that is refused just before its first write
    // (add: a taken name; rotate: an empty stdin; delete: a token not yet revoked) measures where
    // that part begins. Four fifths of the kill times are drawn from there to the end of a
    // normal run, a fifth from the whole run.
    const ready = await setup(false)
    const refusedRuns: Record<Op, [string[], string | undefined]> = {
      add: [['add', '--platform', 'planqk', '--name', ready.name], 'unused-secret'],
      rotate: [['rotate', ready.id], undefined],
      delete: [['delete', ready.id, '--yes'], undefined],
    }
    const reach: Record<Op, number> = { add: 0, rotate: 0, delete: 0 }
    for (const op of OPS) {
      const runs: number[] = []
      for (let i = 0; i < 3; i++) {
        const r = await runCli(cli.bundle, refusedRuns[op][0], { env, input: refusedRuns[op][1] })
        expect(r.code, `${op} refused run: ${r.stderr}`).not.toBe(0)
        runs.push(r.ms)
      }
      reach[op] = median(runs)
    }
    opened.vault.revoke(ready.id)
    await opened.vault.delete(ready.id)

    const phases: Record<Op, Map<string, number>> = { add: new Map(), rotate: new Map(), delete: new Map() }
    const kills: Record<Op, number> = { add: 0, rotate: 0, delete: 0 }
    const finishedUnkilled: Record<Op, number> = { add: 0, rotate: 0, delete: 0 }
    const started = Date.now()
    let round = 0
    let cliReconciles = 0
    while (OPS.some((op) => kills[op] < KILLS_PER_OP)) {
      round++
      if (round > KILLS_PER_OP * 6) throw new Error('too few kills landed; the commands finish before the drawn times')
      const op = OPS.filter((o) => kills[o] < KILLS_PER_OP)[Math.floor(random() * 3) % OPS.filter((o) => kills[o] < KILLS_PER_OP).length]!
      const from = random() < 0.2 ? 0 : Math.min(reach[op] * 0.95, duration[op] * 0.9)
      const delay = from + random() * (duration[op] - from)
      let target: { name: string; id?: string; oldRef?: string }
      let result: { killed: boolean }
      if (op === 'add') {
        const name = `k-${n++}`
        target = { name }
        result = await runAndKill(['add', '--platform', 'planqk', '--name', name], issue(name), delay)
      } else if (op === 'rotate') {
        const t = await setup(false)
        target = { name: t.name, id: t.id, oldRef: opened.repo.find(t.id)!.secretRef }
        result = await runAndKill(['rotate', t.id], issue(t.name), delay)
      } else {
        const t = await setup(true)
        target = { name: t.name, id: t.id }
        result = await runAndKill(['delete', t.id, '--yes'], undefined, delay)
      }
      if (!result.killed) {
        finishedUnkilled[op]++
      } else {
        kills[op]++
        const p = phase(op, target)
        phases[op].set(p, (phases[op].get(p) ?? 0) + 1)
      }
      // The next run reconciles. Every sixth round that is the CLI's `list` (the cheapest
      // command that does); otherwise the same core reconcile() in this process, which keeps the
      // test within its time budget on a small machine.
      if (round % 6 === 0) {
        const r = await runCli(cli.bundle, ['list', '--json'], { env })
        expect(r.code, `reconcile after ${op} (seed ${SEED}, round ${round}): ${r.stderr}`).toBe(0)
        expect(r.stderr).toBe('')
        cliReconciles++
      } else {
        await opened.vault.reconcile()
      }
      checkInvariants(`seed ${SEED}, round ${round}, ${op} killed after ${delay.toFixed(0)} ms`)
      // Keep the vault small so each check stays fast: drop finished rotate targets.
      if (op === 'rotate') {
        opened.vault.revoke(target.id!)
        await opened.vault.delete(target.id!)
      }
    }
    const report = OPS.map((op) => {
      const lines = [...phases[op]].sort((a, b) => b[1] - a[1]).map(([p, c]) => `    ${String(c).padStart(3)}  ${p}`)
      return `  ${op}: ${kills[op]} kills (median run ${duration[op].toFixed(0)} ms, refused run ${reach[op].toFixed(0)} ms; ${finishedUnkilled[op]} runs finished before their kill time)\n${lines.join('\n')}`
    })
    console.log(`crash test (${cliReconciles} reconciles by the CLI, the rest in-process), seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(1)} s:\n${report.join('\n')}`)
    expect(kills.add + kills.rotate + kills.delete).toBeGreaterThanOrEqual(200)
  }, 300_000)
})
