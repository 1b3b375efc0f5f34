import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { buildTestCli, canary, cliEnv, runCli } from './harness'

// A revoked or expired token's secret is not handed out silently: get, env, exec and config write
// refuse with exit 4 and name --force; with --force they work as before. Also: a relative --path
// is the working directory.
requireSecretService()

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
let env: NodeJS.ProcessEnv
const SECRET = canary('unusable')
const td = (args: string[], opts: { input?: string; cwd?: string } = {}) => runCli(cli.bundle, args, { env, ...opts })

beforeAll(async () => {
  cli = await buildTestCli('unusable')
  tmp = tempDir()
  env = cliEnv(path.join(tmp.dir, 'home'), testKeychainService('unusable'), { HOME: path.join(tmp.dir, 'home') })
  expect((await td(['add', '--provider', 'ionq', '--name', 'old-key'], { input: SECRET })).code).toBe(0)
  expect((await td(['add', '--provider', 'ionq', '--name', 'stale-key'], { input: SECRET })).code).toBe(0)
  expect((await td(['revoke', 'old-key'])).code).toBe(0)
  // Expired: the vault refuses past dates, so the test moves the date in the database itself.
  const db = new Database(path.join(tmp.dir, 'home', 'tokendesk.db'))
  db.prepare("UPDATE tokens SET expires_at = ? WHERE name = 'stale-key'").run(Date.now() - 1000)
  db.close()
}, 60_000)
afterAll(() => {
  cli.cleanup()
  tmp.cleanup()
})

describe('revoked and expired tokens', () => {
  it.each([
    ['old-key', 'revoked'],
    ['stale-key', 'expired'],
  ])('%s (%s): get, env, exec and config write refuse without --force', async (name, status) => {
    const envFile = path.join(tmp.dir, `${name}.env`)
    for (const args of [['get', name], ['env', name], ['exec', name, '--', 'true'], ['config', 'write', name, '--format', 'dotenv', '--path', envFile, '--env-key', 'K', '--yes']]) {
      const r = await td(args)
      expect(r.code, args.join(' ')).toBe(4)
      expect(r.stderr).toBe(`tokendesk: "${name}" is ${status}, so its platform will most likely refuse it; nothing was handed out. Pass --force to use it anyway\n`)
      expect(r.stdout).not.toContain(SECRET)
    }
    expect((await td(['get', name, '--force'])).stdout).toBe(SECRET)
    expect((await td(['env', '--force', name])).stdout).toContain('IONQ_API_KEY=')
    expect((await td(['exec', name, '--force', '--', 'true'])).code).toBe(0)
  })

  it('a relative --path is the working directory', async () => {
    const project = path.join(tmp.dir, 'project')
    await import('node:fs').then((fs) => fs.mkdirSync(project, { recursive: true }))
    const r = await td(['config', 'write', 'old-key', '--format', 'dotenv', '--path', '.env', '--env-key', 'IONQ_API_KEY', '--yes', '--force'], { cwd: project })
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain(path.join(project, '.env'))
  })
})
