/**
 * The hot commands' start-up, this work tree against another commit, in one run:
 *
 *   scripts/with-keyring.sh npx tsx bench/start-ab.bench.ts [REF (default HEAD~1)] [RUNS (default 120)]
 *
 * Why a bench of its own: on the 2-core VM the project is measured on, `node -e 0` moves by up to
 * 40 % between hours, and the ratios of `npm run bench` by ±0.06 between runs — more than most
 * start-up changes are worth. A change is judged here by running both builds against one vault,
 * every case in turn and the order rotated each round (a case that always follows another meets
 * the keychain daemon in the state the other left it), and taking the medians of
 *  - the process's own time, from its start (`performance.timeOrigin`) to its exit event, and
 *  - the wall time as the parent sees it.
 * REF must have the same database schema as the work tree (the vault is made by this tree's core).
 * It asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { KeyringSecretStore } from '../src-main/core/secrets/keyring-store'
import { openDb } from '../src-main/core/store/db'
import { TokenRepo } from '../src-main/core/store/token-repo'
import { Vault } from '../src-main/core/vault'
import { fmt, median } from './lib/stats'

const root = path.resolve(__dirname, '..')
const [ref = 'HEAD~1', runsArg = '120'] = process.argv.slice(2)
const RUNS = Number(runsArg)

/** Builds REF's CLI in a detached worktree of its own; returns its launcher and a cleanup. */
function buildAt(commit: string): { bin: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-ab-'))
  execFileSync('git', ['worktree', 'add', '--quiet', '--detach', dir, commit], { cwd: root })
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'))
  execFileSync(process.execPath, [path.join(dir, 'scripts', 'build-cli.mjs')], { cwd: dir, stdio: 'ignore' })
  return { bin: path.join(dir, 'bin', 'tokendesk.cjs'), remove: () => execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root }) }
}

/** One run: [the process's own ms, wall ms]. The preload reports the process's side on stderr. */
function once(args: string[], env: NodeJS.ProcessEnv, preload: string): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    const t0 = performance.timeOrigin + performance.now()
    const child = spawn(process.execPath, ['-r', preload, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d))
    child.on('error', reject)
    child.on('close', (code) => {
      const t1 = performance.timeOrigin + performance.now()
      const m = /AB-EXIT (\S+) (\S+)/.exec(err)
      if (code !== 0 || !m) return reject(new Error(`${args.join(' ')} failed (exit ${code}): ${err.slice(0, 300)}`))
      resolve([Number(m[2]) - Number(m[1]), t1 - t0])
    })
  })
}

async function main() {
  if (process.platform === 'linux' && process.env.TOKENDESK_IN_PRIVATE_KEYRING !== '1') {
    throw new Error('run through scripts/with-keyring.sh: this bench writes to the Secret Service')
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-ab-data-'))
  const service = `tokendesk-ab-${process.pid}`
  const { buildCli } = (await import(path.join(root, 'scripts', 'build-cli.mjs'))) as { buildCli(o: { quiet: boolean }): Promise<unknown> }
  await buildCli({ quiet: true })
  const base = buildAt(ref)
  try {
    // A vault of 50,000 tokens' metadata (as `npm run bench`), two of them with secrets.
    const db = openDb(dataDir)
    const repo = new TokenRepo(db)
    const now = Date.now()
    repo.transaction(() => {
      for (let i = 0; i < 50_000; i++) {
        const id = randomUUID()
        repo.insertPending({ id, kind: 'personal', platform: 'planqk', org: null, name: `bulk-${i}`, scopes: ['jobs'], fields: {}, note: null, createdAt: now, expiresAt: null, secretRef: `${id}.1` })
      }
      db.exec(`UPDATE tokens SET state = 'ready'`)
    })
    db.pragma('wal_checkpoint(TRUNCATE)')
    const vault = new Vault({ repo, secrets: new KeyringSecretStore({ service }), clock: Date.now, actor: 'bench' })
    const t = await vault.add({ kind: 'personal', platform: 'planqk', name: 'ab-get' }, `ab-get-${randomUUID()}`)
    const aws = await vault.add({ kind: 'provider', platform: 'aws-braket', name: 'ab-aws', expires: 'never', fields: { aws_access_key_id: 'AKIABENCH00000000002' } }, `ab-aws-${randomUUID()}`)
    db.close()
    const envFile = path.join(dataDir, 'ab.env')
    fs.writeFileSync(envFile, `PLANQK_TOKEN=tokendesk://${t.id}\n`)
    const preload = path.join(dataDir, 'exit-mark.cjs')
    fs.writeFileSync(preload, `process.on('exit', () => require('node:fs').writeSync(2, '\\nAB-EXIT ' + performance.timeOrigin + ' ' + (performance.timeOrigin + performance.now()) + '\\n'))\n`)
    const env = { ...process.env, TOKENDESK_HOME: dataDir, TOKENDESK_KEYCHAIN_SERVICE: service }

    const commands: [string, string[]][] = [
      ['get REF', ['get', t.id]],
      ['credential-process aws REF', ['credential-process', 'aws', aws.id]],
      ['run --env-file F -- true', ['run', '--env-file', envFile, '--', 'true']],
    ]
    const current = path.join(root, 'bin', 'tokendesk.cjs')
    const cases: [string, string[]][] = [['node -e 0', ['-e', '0']]]
    for (const [name, args] of commands) cases.push([`${name} @ ${ref}`, [base.bin, ...args]], [`${name} @ work tree`, [current, ...args]])
    const own = new Map<string, number[]>(cases.map(([n]) => [n, []]))
    const wall = new Map<string, number[]>(cases.map(([n]) => [n, []]))
    for (let i = 0; i < 3; i++) for (const [, args] of cases) await once(args, env, preload) // the page cache and Node's compile caches
    for (let i = 0; i < RUNS; i++) {
      for (let j = 0; j < cases.length; j++) {
        const [name, args] = cases[(i + j) % cases.length]!
        const [p, w] = await once(args, env, preload)
        own.get(name)!.push(p)
        wall.get(name)!.push(w)
      }
    }
    const node = median(wall.get('node -e 0')!)
    console.log(`Start-up, ${ref} against the work tree (node ${process.version}, ${os.cpus().length} CPUs, ${RUNS} runs each, order rotated):`)
    console.table(
      cases.map(([name]) => ({
        case: name,
        'own time, median ms': fmt(median(own.get(name)!)),
        'wall, median ms': fmt(median(wall.get(name)!)),
        'x node -e 0': (median(wall.get(name)!) / node).toFixed(2),
      })),
    )
  } finally {
    base.remove()
    try {
      const keyring = await import('@napi-rs/keyring')
      for (const c of keyring.findCredentials(service)) await new keyring.AsyncEntry(service, c.account).deletePassword()
    } catch {
      // the private keyring is thrown away by with-keyring.sh anyway
    }
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
