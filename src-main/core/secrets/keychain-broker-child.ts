/**
 * The keychain broker: a child process (Node's fork in the CLI, Electron's utilityProcess in the
 * app) that makes the native keyring calls for its parent. A native call the Secret Service never
 * answers (a daemon restarted locked waits on an unlock prompt nobody sees) blocks a libuv thread
 * for good, and Node cannot exit while one is blocked; in a child, the parent kills the child at
 * its deadline and stays free. Self-contained on purpose (type-only imports): Node runs this file
 * from source in tests, and the builds bundle it as its own entry.
 */
import type { BrokerOp, BrokerReply, BrokerRequest } from './keychain-broker-protocol'

type Keyring = typeof import('@napi-rs/keyring')
interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown }) => void): void
  postMessage(m: unknown): void
}

// require, not import: this file must parse as CommonJS when Node runs it from source.
const keyring = require('@napi-rs/keyring') as Keyring
const linux = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
let inFlight = 0
// Each entry the library makes holds its own D-Bus connection until V8 collects the object, and
// V8 does not see that native cost: a broker serving a 1,000-token backup piled up a thousand
// connections until the bus stopped answering (measured: fds of dbus-daemon, test/integration/
// backup-roundtrip.test.ts). So entries are made per call and collected every few calls.
const v8 = require('node:v8') as typeof import('node:v8')
v8.setFlagsFromString('--expose-gc')
const collect = (require('node:vm') as typeof import('node:vm')).runInNewContext('gc') as () => void
const COLLECT_EVERY = 16
let sinceCollect = 0
function entry(service: string, account: string) {
  return new keyring.AsyncEntry(service, account, linux)
}
function afterCall(): void {
  if (++sinceCollect < COLLECT_EVERY || inFlight > 0) return
  sinceCollect = 0
  setImmediate(collect)
}

async function perform(r: BrokerOp): Promise<string | null | boolean | string[] | undefined> {
  switch (r.op) {
    case 'set':
      return void (await entry(r.service, r.account).setPassword(r.secret))
    case 'get':
      return (await entry(r.service, r.account).getPassword()) ?? null
    case 'delete':
      return await entry(r.service, r.account).deletePassword()
    case 'accounts':
      return (await keyring.findCredentialsAsync(r.service, null)).map((c) => c.account)
  }
}

/**
 * Test hook (as core/pause-point.ts, which this self-contained file cannot import): with
 * TOKENDESK_TEST_BROKER_PAUSE_FILE set, the broker writes its pid there and sleeps before its
 * first write, so a test can kill the TokenDesk process while a keychain write is on its way.
 */
declare const __TOKENDESK_TEST_HOOKS__: boolean | undefined

function testPause(op: BrokerOp['op']): void {
  // Only in the tests' builds (scripts/build-cli.mjs testHooks); the shipped broker has no pause.
  if (typeof __TOKENDESK_TEST_HOOKS__ === 'undefined' || !__TOKENDESK_TEST_HOOKS__) return
  const file = process.env.TOKENDESK_TEST_BROKER_PAUSE_FILE
  if (!file || op !== 'set') return
  const fs = require('node:fs') as typeof import('node:fs')
  fs.writeFileSync(file, String(process.pid))
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000)
}

async function handle(m: unknown, reply: (r: BrokerReply) => void): Promise<void> {
  const r = m as BrokerRequest
  if (typeof r !== 'object' || r === null || typeof r.id !== 'number') return
  testPause(r.op)
  inFlight++
  try {
    reply({ id: r.id, ok: true, value: await perform(r) })
  } catch (e) {
    // The library's messages name the platform failure and never hold the password.
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300)
    reply({ id: r.id, ok: false, message })
  } finally {
    inFlight--
    afterCall()
  }
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
if (parentPort) {
  // Electron utilityProcess: the process ends with the app.
  parentPort.on('message', (e) => void handle(e.data, (r) => parentPort.postMessage(r)))
} else if (process.send) {
  process.on('message', (m) => void handle(m, (r) => process.send?.(r)))
  // The parent is gone. An idle broker exits; one stuck in a native call could not (exit waits
  // for the blocked thread), so it ends itself the only way that does not wait.
  process.on('disconnect', () => (inFlight === 0 ? process.exit(0) : process.kill(process.pid, 'SIGKILL')))
} else {
  process.stderr.write('keychain broker: start me through TokenDesk (no IPC channel)\n')
  process.exit(2)
}
