import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildSync } from 'esbuild'

let bundle: string | undefined

/** fixtures/first-requests.ts as one CommonJS file, built once per test process. */
function firstRequests(): string {
  if (bundle) return bundle
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-first-requests-'))
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  bundle = path.join(dir, 'first-requests.cjs')
  buildSync({ entryPoints: [path.join(__dirname, 'fixtures', 'first-requests.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' })
  return bundle
}

/** What each new connection asks (fixtures/first-requests.ts). */
export type FirstRequestMode = 'lock' | 'read' | 'write' | 'read-without-ping'

/** How often each answer came (fixtures/first-requests.ts). */
export type Answers = Record<string, number>

/**
 * Whether the default collection of the Secret Service on `env`'s bus is locked, asked as
 * TokenDesk asks it (core/secrets/secret-service-locked.ts: never a property Get as a new
 * connection's first request, which now and then aborts gnome-keyring-daemon), from a child
 * process so that synchronous helpers can wait on it. undefined: no answer.
 */
export function defaultCollectionLockedSync(env: NodeJS.ProcessEnv): boolean | undefined {
  const r = spawnSync(process.execPath, [firstRequests(), 'lock'], { env, encoding: 'utf8', timeout: 5000 })
  const answers = JSON.parse(r.stdout || '{}') as Answers
  return answers.true ? true : answers.false ? false : undefined
}

/** `count` new connections one after another in a child process, each asking `mode`: how often each answer came. */
export function firstRequestsInChild(env: NodeJS.ProcessEnv, mode: FirstRequestMode, count: number): Promise<Answers> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [firstRequests(), mode, String(count)], { env, stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as Answers) : reject(new Error(`first requests exited with ${code}`))))
  })
}
