import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { testKeychainService } from '../helpers/temp-dir'
import { canary, cliEnv, filesContaining, runCli, useBuiltCli } from './harness'

// `tokendesk backup create/restore` against the real keychain and real files: the file is 0600
// age, holds no plaintext, and restores every field, secret and history entry into a new vault;
// clashes are skipped or renamed; a wrong passphrase, a truncated, tampered, foreign or huge file
// each give their own clear error and change nothing.
requireSecretService()

const cli = useBuiltCli('backup')
const PASS = 'correct horse battery staple'

function vault(label: string) {
  const dir = path.join(cli.dir, label)
  const env = cliEnv(dir, testKeychainService(`backup-${label}`))
  const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input, timeoutMs: 60_000 })
  return { dir, td }
}

type Shown = { token: Record<string, unknown>; audit: { action: string; at: number; actor: string; detail: string | null }[] }

async function seed(td: ReturnType<typeof vault>['td']) {
  const secrets = { alpha: canary('alpha'), beta: canary('beta'), gamma: canary('gamma') }
  expect((await td(['org', 'add', 'qlab', '--role', 'maintainer'])).code).toBe(0)
  expect((await td(['add', '--platform', 'planqk', '--name', 'alpha', '--scope', 'jobs:read', '--scope', 'jobs:write', '--note', 'note-of-alpha', '--expires', '90d'], secrets.alpha)).code).toBe(0)
  expect((await td(['add', '--provider', 'ibm-quantum', '--name', 'beta', '--org', 'qlab', '--expires', 'never', '--field', 'channel=ibm_cloud', '--field', 'instance=crn:v1:abc'], secrets.beta)).code).toBe(0)
  expect((await td(['add', '--platform', 'qualytics', '--name', 'gamma', '--field', 'url=https://q.example.com'], secrets.gamma)).code).toBe(0)
  expect((await td(['revoke', 'gamma'])).code).toBe(0)
  expect((await td(['get', 'alpha'])).code).toBe(0) // last used
  return secrets
}

describe('tokendesk backup', () => {
  it('create writes a 0600 age file without plaintext; restore into a new vault brings back every field, secret and history entry', async () => {
    const a = vault('source')
    const secrets = await seed(a.td)
    const file = path.join(cli.dir, 'vault.age')
    const made = await a.td(['backup', 'create', file], `${PASS}\n`)
    expect(made.code, made.stderr).toBe(0)
    expect(made.stdout).toMatch(/wrote 3 tokens with their secrets and history/)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const bytes = fs.readFileSync(file)
    expect(bytes.subarray(0, 22).toString()).toBe('age-encryption.org/v1\n')
    // No secret, name, note, field or passphrase in the file (nor anywhere else it wrote).
    for (const needle of [...Object.values(secrets), 'alpha', 'note-of-alpha', 'crn:v1:abc', 'q.example.com', PASS]) {
      expect(bytes.includes(needle), needle).toBe(false)
    }
    for (const s of Object.values(secrets)) expect(filesContaining(cli.dir, s)).toEqual([])
    expect(made.stdout + made.stderr).not.toContain(PASS)

    const b = vault('target')
    const restored = await b.td(['backup', 'restore', file, '--json'], PASS)
    expect(restored.code, restored.stderr).toBe(0)
    expect(JSON.parse(restored.stdout).restored).toHaveLength(3)
    for (const name of ['alpha', 'beta', 'gamma'] as const) {
      const before = JSON.parse((await a.td(['show', name, '--json'])).stdout) as Shown
      const after = JSON.parse((await b.td(['show', name, '--json'])).stdout) as Shown
      // Dates, status, scopes, fields, note, org, last used; the id is the restore's own (restore-plan.ts).
      expect({ ...after.token, id: undefined }).toEqual({ ...before.token, id: undefined })
      expect(after.token.id).not.toBe(before.token.id)
      expect(after.audit.slice(1)).toEqual(before.audit.map(({ action, at, actor, detail }) => expect.objectContaining({ action, at, actor, detail })))
      expect(after.audit[0]).toMatchObject({ action: 'imported', detail: expect.stringMatching(/^from a backup made /) })
    }
    expect((await b.td(['get', 'alpha'])).stdout.trim()).toBe(secrets.alpha)
    expect((await b.td(['get', 'beta'])).stdout.trim()).toBe(secrets.beta)
    expect((await b.td(['get', 'gamma', '--force'])).stdout.trim()).toBe(secrets.gamma)
    expect(JSON.parse((await b.td(['org', 'list', '--json'])).stdout).items).toEqual([{ name: 'qlab', role: 'maintainer' }])

    // Restoring again: every name clashes and is skipped; --rename brings them in beside.
    const again = await b.td(['backup', 'restore', file], PASS)
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/restored 0 tokens/)
    expect(again.stdout).toMatch(/skipped 3 already in this vault \(pass --rename/)
    const renamed = await b.td(['backup', 'restore', file, '--rename'], PASS)
    expect(renamed.stdout).toMatch(/alpha → alpha-restored \(planqk\)/)
    expect((await b.td(['get', 'alpha-restored'])).stdout.trim()).toBe(secrets.alpha)
    expect(JSON.parse((await b.td(['list', '--json'])).stdout).total).toBe(6)
  }, 120_000)

  it('a wrong passphrase, a truncated, tampered, foreign or huge file: a clear error each, and nothing changes', async () => {
    const a = vault('bad-source')
    await seed(a.td)
    const file = path.join(cli.dir, 'bad.age')
    expect((await a.td(['backup', 'create', file], PASS)).code).toBe(0)
    const bytes = fs.readFileSync(file)
    const variant = (name: string, data: Buffer | string) => {
      const p = path.join(cli.dir, name)
      fs.writeFileSync(p, data)
      return p
    }
    const tampered = Buffer.from(bytes)
    tampered[tampered.length - 20]! ^= 0x01
    // One bit of the header: in its MAC line, and in its stanza's type word.
    const macFlip = Buffer.from(bytes)
    macFlip[bytes.indexOf('\n--- ') + 10]! ^= 0x01
    const typeFlip = Buffer.from(bytes)
    typeFlip[bytes.indexOf('scrypt') + 2]! ^= 0x01
    const huge = path.join(cli.dir, 'huge.age')
    fs.writeFileSync(huge, '')
    fs.truncateSync(huge, 300 * 2 ** 20) // sparse: no disk used
    const cases: [string, string, string, RegExp][] = [
      ['wrong passphrase', file, 'not the passphrase at all', /the passphrase is wrong/],
      ['truncated', variant('truncated.age', bytes.subarray(0, bytes.length - 40)), PASS, /damaged or was changed after it was made/],
      ['tampered', variant('tampered.age', tampered), PASS, /damaged or was changed after it was made/],
      ['cut to 150 bytes', variant('cut150.age', bytes.subarray(0, 150)), PASS, /the backup file is cut short/],
      ['header MAC bit', variant('mac-flip.age', macFlip), PASS, /damaged or was changed after it was made/],
      ['header stanza bit', variant('type-flip.age', typeFlip), PASS, /damaged \(its header is not what TokenDesk writes\)/],
      ['foreign', variant('foreign.age', 'PLANQK_TOKEN=abc\n'), PASS, /not a TokenDesk backup \(it is not an age-encrypted file\)/],
      ['huge', huge, PASS, /too large for a TokenDesk backup \(300 MiB; at most 256 MiB\)/],
      ['missing', path.join(cli.dir, 'nope.age'), PASS, /no such file or folder/],
    ]
    const b = vault('bad-target')
    for (const [what, p, pass, message] of cases) {
      const r = await b.td(['backup', 'restore', p], pass)
      expect(r.code, what).toBe(what === 'missing' ? 1 : 2) // one clear message and exit code per cause
      expect(r.stderr, what).toMatch(message)
      expect(r.stderr, what).toMatch(/nothing was changed/)
      expect(JSON.parse((await b.td(['list', '--json'])).stdout).total, what).toBe(0)
    }
  }, 120_000)

  it('the passphrase never comes from the command line; a short one, or an existing file without --force, is refused before anything is written', async () => {
    const a = vault('rules')
    await seed(a.td)
    const file = path.join(cli.dir, 'rules.age')
    const arg = await a.td(['backup', 'create', file, '--passphrase', PASS])
    expect(arg.code).toBe(2)
    expect(arg.stderr).not.toContain(PASS)
    expect((await a.td(['backup', 'create', file], 'short')).stderr).toMatch(/the passphrase is too short \(at least 10 characters\)/)
    expect(fs.existsSync(file)).toBe(false)
    fs.writeFileSync(file, 'mine')
    const exists = await a.td(['backup', 'create', file], PASS)
    expect(exists.code).toBe(2)
    expect(exists.stderr).toMatch(/already exists; choose another file or pass --force/)
    expect(fs.readFileSync(file, 'utf8')).toBe('mine')
    expect((await a.td(['backup', 'create', file, '--force'], PASS)).code).toBe(0)
    expect(fs.readFileSync(file).subarray(0, 21).toString()).toBe('age-encryption.org/v1')
    fs.symlinkSync(file, path.join(cli.dir, 'link.age'))
    expect((await a.td(['backup', 'create', path.join(cli.dir, 'link.age'), '--force'], PASS)).stderr).toMatch(/is a symbolic link/)
  }, 120_000)
})
