import { afterAll, beforeAll, expect } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/**
 * Runs the BUILT CLI as a real child process, as a user's shell would. Each test file bundles
 * its own copy (inside the repo, so the bundle's external packages resolve from node_modules)
 * so parallel test files never race on one output file.
 */
export const ROOT = path.resolve(__dirname, '..', '..')

export async function buildTestCli(label: string): Promise<{ bundle: string; cleanup: () => void }> {
  const dir = path.join(ROOT, 'out', 'cli-test', `${label}-${process.pid}`)
  const bundle = path.join(dir, 'tokendesk.cjs')
  // scripts/build-cli.mjs is plain ESM; import it by path so the test uses the real build.
  const { buildCli } = (await import(path.join(ROOT, 'scripts', 'build-cli.mjs'))) as {
    buildCli(o: { outfile: string; quiet: boolean; testHooks: boolean }): Promise<unknown>
  }
  await buildCli({ outfile: bundle, quiet: true, testHooks: true })
  return { bundle, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/**
 * An installed copy of the package in `dir`, as npm lays it out: bin/tokendesk.cjs alone until
 * `addBundles` copies the built bundles beside it (out/cli/: the entry bundle and the whole CLI it
 * hands every cold command to) and links node_modules.
 */
export function packageCopy(dir: string): { bin: string; out: string; addBundles(bundle: string): void } {
  const bin = path.join(dir, 'bin', 'tokendesk.cjs')
  const out = path.join(dir, 'out', 'cli')
  fs.mkdirSync(path.dirname(bin), { recursive: true })
  fs.copyFileSync(path.join(ROOT, 'bin', 'tokendesk.cjs'), bin)
  return {
    bin,
    out,
    addBundles(bundle) {
      fs.mkdirSync(out, { recursive: true })
      for (const f of ['tokendesk.cjs', 'tokendesk-main.cjs']) fs.copyFileSync(path.join(path.dirname(bundle), f), path.join(out, f))
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'))
    },
  }
}

export interface CliResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

/** A `--json` run's output, after checking it succeeded with nothing on stderr. */
export function okJson<T>(r: CliResult): T {
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return JSON.parse(r.stdout) as T
}

export interface RunOptions {
  env: NodeJS.ProcessEnv
  /** The child's working directory (default: this process's). */
  cwd?: string
  /** Written to stdin, then stdin is closed; undefined gives an empty, closed stdin. */
  input?: string
  timeoutMs?: number
}

export function runCli(bundle: string, args: string[], opts: RunOptions): Promise<CliResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { env: opts.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const killer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 15_000)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(killer)
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started })
    })
    child.stdin.on('error', () => undefined) // the CLI may exit before reading stdin
    child.stdin.end(opts.input ?? '')
  })
}

/** A child environment for one vault: its own data folder and keychain service. */
export function cliEnv(home: string, service: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_HOME: home, TOKENDESK_KEYCHAIN_SERVICE: service, ...extra }
  delete env.TOKENDESK_KEYCHAIN_TIMEOUT_MS
  if (extra.TOKENDESK_KEYCHAIN_TIMEOUT_MS) env.TOKENDESK_KEYCHAIN_TIMEOUT_MS = extra.TOKENDESK_KEYCHAIN_TIMEOUT_MS
  return env
}

/** Reads the Secret Service directly, bypassing TokenDesk. */
export function keychainLookup(service: string, ref: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('secret-tool', ['lookup', 'service', service, 'username', ref])
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d))
    child.on('close', (code) => resolve(code === 0 ? out : null))
  })
}

/** Every file under dir (recursively) whose bytes contain needle. */
export function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = []
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.isFile() && fs.readFileSync(p).includes(needle)) hits.push(path.relative(dir, p))
    }
  }
  walk(dir)
  return hits
}

export const canary = (label: string) => `canary-${label}-${Math.random().toString(36).slice(2, 10)}-Zq9`

/**
 * For a test file that needs the built CLI and a scratch folder: builds once before its tests,
 * cleans both up after. The returned getters are valid inside tests and hooks.
 */
export function useBuiltCli(label: string): { readonly bundle: string; readonly dir: string } {
  let cli: Awaited<ReturnType<typeof buildTestCli>> | undefined
  let tmp: ReturnType<typeof tempDir> | undefined
  beforeAll(async () => {
    cli = await buildTestCli(label)
    tmp = tempDir()
  }, 60_000)
  afterAll(() => {
    cli?.cleanup()
    tmp?.cleanup()
  })
  return {
    get bundle() {
      return cli!.bundle
    },
    get dir() {
      return tmp!.dir
    },
  }
}

/**
 * A vault of its own with a home folder of its own (HOME points there, so SDK default paths land
 * inside), for tests of the built CLI that read or write the user's config files.
 */
export function cliHome(cli: { readonly bundle: string; readonly dir: string }, label: string) {
  const dir = path.join(cli.dir, label)
  const home = path.join(dir, 'home')
  const data = path.join(dir, 'data')
  fs.mkdirSync(home, { recursive: true })
  const env = cliEnv(data, `tokendesk-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`, { HOME: home })
  const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input, timeoutMs: 120_000 })
  /** Writes a file under the home folder; returns its path. */
  const write = (rel: string, text: string) => {
    const f = path.join(home, rel)
    fs.mkdirSync(path.dirname(f), { recursive: true })
    fs.writeFileSync(f, text)
    return f
  }
  return { dir, home, data, env, td, write }
}
