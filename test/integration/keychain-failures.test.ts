import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// A missing, hung or locked keychain must give a clear error within a few seconds, change
// nothing, and never fall back to storing the secret anywhere else.
requireSecretService()

const probe = path.join(__dirname, 'fixtures', 'keychain-probe.ts')
const tsx = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx')
let tmp: ReturnType<typeof tempDir>
let hungServer: net.Server
let hungSocket: string

interface ProbeResult {
  code: string
  message: string
  ms: number
  rows: number
  filesWithSecret: string[]
}

function runProbe(env: NodeJS.ProcessEnv, wrapper: string[] = []): Promise<ProbeResult & { wallMs: number }> {
  const dataDir = tempDir('tokendesk-probe-').dir
  const started = Date.now()
  const cmd = [...wrapper, tsx, probe]
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), {
      env: { ...process.env, PROBE_DATA_DIR: dataDir, PROBE_SECRET: `canary-${Date.now()}-x7`, PROBE_SERVICE: testKeychainService('fail'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.on('close', () => {
      clearTimeout(killer)
      try {
        resolve({ ...(JSON.parse(out) as ProbeResult), wallMs: Date.now() - started })
      } catch {
        reject(new Error(`probe printed no result: ${out} ${err}`))
      }
    })
  })
}

beforeAll(async () => {
  tmp = tempDir()
  hungSocket = path.join(tmp.dir, 'hung-bus')
  // Accepts D-Bus connections and never answers: a keychain daemon that has stopped responding.
  hungServer = net.createServer(() => {})
  await new Promise<void>((r) => hungServer.listen(hungSocket, r))
})
afterAll(() => {
  hungServer.close()
  tmp.cleanup()
})

describe('keychain failures', () => {
  it('no Secret Service on the bus: clear error, nothing stored', async () => {
    const r = await runProbe({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(tmp.dir, 'no-such-bus')}` })
    expect(r.code).toBe('keychain_unavailable')
    expect(r.message).toMatch(/OS keychain \(Secret Service\) is not available/)
    expect(r.message).toMatch(/Nothing was changed/)
    expect(r.ms).toBeLessThan(5000)
    expect(r.rows).toBe(0)
    expect(r.filesWithSecret).toEqual([])
  })

  it('a Secret Service that never answers: error at the deadline, not a hang', async () => {
    const r = await runProbe({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${hungSocket}`, PROBE_TIMEOUT_MS: '1500' })
    expect(r.code).toBe('keychain_unavailable')
    expect(r.ms).toBeGreaterThanOrEqual(1400)
    expect(r.ms).toBeLessThan(5000)
    expect(r.rows).toBe(0)
    expect(r.filesWithSecret).toEqual([])
  })

  it('a locked keychain: clear error, nothing stored', async () => {
    // Its own private keyring session, since locking cannot be undone without a prompt.
    const env = { ...process.env, TOKENDESK_IN_PRIVATE_KEYRING: '', PROBE_LOCK: '1', PROBE_TIMEOUT_MS: '2000' }
    const r = await runProbe(env, [path.join(__dirname, '..', '..', 'scripts', 'with-keyring.sh')])
    expect(r.code).toBe('keychain_unavailable')
    expect(r.message).toMatch(/not available/)
    expect(r.ms).toBeLessThan(5000)
    expect(r.rows).toBe(0)
    expect(r.filesWithSecret).toEqual([])
  })
})
