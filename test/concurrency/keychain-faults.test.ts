import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestCli, ROOT } from '../cli/harness'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The keychain failing under a storm of TokenDesk processes: the Secret Service daemon killed
// (D-Bus restarts it with the collection locked) or the collection locked while adds, rotates and
// a delete run. Every process must end within its deadline plus a few seconds, and once the
// keychain is back the vault and the keychain must agree. Each run is in a private keyring
// session of its own (fixtures/keychain-fault-run.ts), so the fault touches no other test.
requireSecretService()

const DEADLINE_MS = 2000
/** Deadline plus "a few seconds": start-up of 14 processes on two cores, and one cleanup step. */
const MAX_RUN_MS = DEADLINE_MS + 6000

interface Run { what: string; code: number | null; hung: boolean; ms: number; stderr: string }
interface FaultResult { runs: Run[]; after: Run; reconcile: { code: number; stderr: string }; problems: string[]; leftovers: string; error?: string }

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
const tally: Record<string, number> = {}

beforeAll(async () => {
  cli = await buildTestCli('faults')
  tmp = tempDir()
}, 60_000)
afterAll(() => {
  console.log(`keychain-fault suite: ${Object.entries(tally).map(([k, v]) => `${v} ${k}`).join(', ')}`)
  cli.cleanup()
  tmp.cleanup()
})

function faultRun(mode: 'kill' | 'lock', round: number): Promise<FaultResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TOKENDESK_IN_PRIVATE_KEYRING: '', // a nested, private session: the fault stays in it
    TOKENDESK_HOME: path.join(tmp.dir, `${mode}-${round}`),
    TOKENDESK_KEYCHAIN_SERVICE: testKeychainService(`fault-${mode}`),
    TOKENDESK_KEYCHAIN_TIMEOUT_MS: String(DEADLINE_MS),
    FAULT_BUNDLE: cli.bundle,
    FAULT_MODE: mode,
    FAULT_AFTER_MS: String(60 * round), // after the first writer ended: 0, 60, 120 ms
  }
  const cmd = [path.join(ROOT, 'scripts', 'with-keyring.sh'), path.join(ROOT, 'node_modules', '.bin', 'tsx'), path.join(__dirname, 'fixtures', 'keychain-fault-run.ts')]
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.on('close', () => {
      clearTimeout(killer)
      try {
        resolve(JSON.parse(out) as FaultResult)
      } catch {
        reject(new Error(`the fault run printed no result: ${out}\n${err.slice(-2000)}`))
      }
    })
  })
}

function expectEveryProcessEnded(r: FaultResult, context: string) {
  expect(r.error, context).toBeUndefined()
  for (const run of [...r.runs, r.after]) {
    expect(run.hung, `${context}: ${run.what} was still running after 30 s`).toBe(false)
    expect(run.ms, `${context}: ${run.what} took ${run.ms} ms`).toBeLessThan(MAX_RUN_MS)
    // 0 done; 4 another process holds the token; 5 the keychain failed, with the reason.
    expect([0, 4, 5], `${context}: ${run.what} exit ${run.code}: ${run.stderr}`).toContain(run.code)
    if (run.code === 5) expect(run.stderr, `${context}: ${run.what}`).toMatch(/the OS keychain \(Secret Service\) is not available: /)
    tally[`exit ${run.code}`] = (tally[`exit ${run.code}`] ?? 0) + 1
  }
  expect(r.leftovers, `${context}: keychain helper processes left running`).toBe('')
  expect(r.reconcile.code, `${context}: ${r.reconcile.stderr}`).toBe(0)
  expect(r.problems, context).toEqual([])
}

describe('the keychain fails while TokenDesk processes run', () => {
  it('the daemon killed mid-run: every process ends within its deadline, nothing orphaned or hidden', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await faultRun('kill', round)
      expectEveryProcessEnded(r, `kill round ${round}`)
      // The restarted daemon has the collection locked: a new command fails at once, truthfully.
      expect(r.after.code, r.after.stderr).toBe(5)
      tally['daemon kills'] = (tally['daemon kills'] ?? 0) + 1
    }
  }, 400_000)

  it('the collection locked mid-run: every process ends within its deadline, nothing orphaned or hidden', async () => {
    for (let round = 0; round < 3; round++) {
      const r = await faultRun('lock', round)
      expectEveryProcessEnded(r, `lock round ${round}`)
      expect(r.after.code, r.after.stderr).toBe(5)
      expect(r.after.stderr).toMatch(/locked/)
      tally['collection locks'] = (tally['collection locks'] ?? 0) + 1
    }
  }, 400_000)
})
