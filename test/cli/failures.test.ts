import net from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { buildTestCli, canary, cliEnv, filesContaining, keychainLookup, runCli } from './harness'

// What must hold when things go wrong: an unavailable keychain, a damaged database, and at all
// times no secret in any file or non-`get` output.
requireSecretService()

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
let hung: net.Server
let hungSocket: string
const hungConnections: net.Socket[] = []

beforeAll(async () => {
  cli = await buildTestCli('failures')
  tmp = tempDir()
  hungSocket = path.join(tmp.dir, 'hung-bus')
  // Accepts D-Bus connections and never answers: a keychain daemon that has stopped responding.
  hung = net.createServer((s) => hungConnections.push(s))
  await new Promise<void>((r) => hung.listen(hungSocket, r))
}, 60_000)
afterAll(() => {
  for (const s of hungConnections) s.destroy()
  hung.close()
  cli.cleanup()
  tmp.cleanup()
})

function vault(label: string) {
  const home = fs.mkdtempSync(path.join(tmp.dir, `${label}-`))
  return { home, service: testKeychainService(label) }
}

function rows(home: string): number {
  const db = new Database(path.join(home, 'tokendesk.db'), { readonly: true, fileMustExist: true })
  try {
    return (db.prepare('SELECT count(*) AS n FROM tokens').get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('keychain unavailable: exit 5, a clear message, nothing stored anywhere', () => {
  const add = (home: string, service: string, secret: string, extra: NodeJS.ProcessEnv) =>
    runCli(cli.bundle, ['add', '--platform', 'planqk', '--name', 'probe'], { env: cliEnv(home, service, extra), input: secret, timeoutMs: 20_000 })

  it('no Secret Service on the bus (the socket does not exist)', async () => {
    const { home, service } = vault('nobus')
    const secret = canary('nobus')
    const bus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(tmp.dir, 'no-such-bus')}` }
    const r = await add(home, service, secret, bus)
    expect(r.code).toBe(5)
    expect(r.stderr).toMatch(/^tokendesk: the OS keychain \(Secret Service\) is not available: .*Nothing was changed; unlock or start it and try again\n$/)
    expect(r.ms).toBeLessThan(4000)
    expect(r.stdout).toBe('')
    expect(rows(home)).toBe(0)
    expect(filesContaining(home, secret)).toEqual([])
    expect(r.stderr).not.toContain(secret)
    // `get` (the lean path) fails the same way, after the lookup found the token.
    const ok = await runCli(cli.bundle, ['add', '--platform', 'planqk', '--name', 'real', '--json'], { env: cliEnv(home, service), input: secret })
    expect(ok.code).toBe(0)
    const g = await runCli(cli.bundle, ['get', 'real'], { env: cliEnv(home, service, bus) })
    expect(g.code).toBe(5)
    expect(g.stdout).toBe('')
    expect(g.stderr).toMatch(/^tokendesk: the OS keychain \(Secret Service\) is not available: no Secret Service answered on the session bus/)
    // Listing needs no keychain.
    expect((await runCli(cli.bundle, ['list'], { env: cliEnv(home, service, bus) })).code).toBe(0)
  })

  it('a Secret Service that accepts the connection and never answers: exit 5 at the 4 s deadline', async () => {
    const { home, service } = vault('hung')
    const secret = canary('hung')
    const r = await add(home, service, secret, { DBUS_SESSION_BUS_ADDRESS: `unix:path=${hungSocket}` })
    expect(r.code).toBe(5)
    expect(r.stderr).toMatch(/^tokendesk: the OS keychain \(Secret Service\) is not available: .*did not answer within 4 s/)
    expect(r.ms).toBeGreaterThan(3500)
    expect(r.ms).toBeLessThan(6000)
    expect(rows(home)).toBe(0)
    expect(filesContaining(home, secret)).toEqual([])
  })

  it('a locked keychain: add and get exit 5 with "it is locked", nothing stored', async () => {
    // Its own private keyring session, since locking cannot be undone without a prompt.
    const { home, service } = vault('locked')
    const secret = canary('locked')
    const script = [
      `printf %s ${secret}-ok | "$0" "$1" add --platform planqk --name real >/dev/null || exit 90`,
      'dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null || exit 91',
      `printf %s ${secret} | "$0" "$1" add --platform planqk --name probe; echo "add=$?" >&2`,
      '"$0" "$1" get real; echo "get=$?" >&2',
    ].join('\n')
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => {
      const { spawn } = require('node:child_process') as typeof import('node:child_process')
      const child = spawn(path.join(__dirname, '..', '..', 'scripts', 'with-keyring.sh'), ['bash', '-c', script, process.execPath, cli.bundle], {
        env: { ...cliEnv(home, service, { TOKENDESK_KEYCHAIN_TIMEOUT_MS: '2000' }), TOKENDESK_IN_PRIVATE_KEYRING: '' },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      child.on('close', () => resolve({ stdout, stderr }))
    })
    expect(r.stderr).toMatch(/add=5/)
    expect(r.stderr).toMatch(/get=5/)
    expect(r.stderr).toMatch(/tokendesk: the OS keychain \(Secret Service\) is not available: it is locked\. Nothing was changed/)
    expect(r.stdout).toBe('')
    expect(rows(home)).toBe(1)
    expect(filesContaining(home, secret)).toEqual([])
  })

  it('TOKENDESK_KEYCHAIN_TIMEOUT_MS shortens the deadline, for add and for get', async () => {
    const { home, service } = vault('hungfast')
    const secret = canary('hungfast')
    const hungEnv = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${hungSocket}`, TOKENDESK_KEYCHAIN_TIMEOUT_MS: '1000' }
    const r = await add(home, service, secret, hungEnv)
    expect(r.code).toBe(5)
    expect(r.stderr).toMatch(/did not answer within 1 s/)
    expect(r.ms).toBeLessThan(3000)
    expect(rows(home)).toBe(0)
    expect(filesContaining(home, secret)).toEqual([])
    expect((await runCli(cli.bundle, ['add', '--platform', 'planqk', '--name', 'real'], { env: cliEnv(home, service), input: secret })).code).toBe(0)
    const g = await runCli(cli.bundle, ['get', 'real'], { env: cliEnv(home, service, hungEnv) })
    expect(g).toMatchObject({ code: 5, stdout: '' })
    expect(g.ms).toBeLessThan(3000)
  })
})

describe('secrets never reach a file or the output of a non-get command', () => {
  it('after add, list, show, get, rotate, revoke, restore no file in the data folder holds a secret', async () => {
    const { home, service } = vault('canary')
    const env = cliEnv(home, service)
    const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input })
    const secrets = [canary('a'), canary('b'), canary('c')]
    const rotated = canary('rotated')
    const outputs: string[] = []
    const keep = async (args: string[], input?: string) => {
      const r = await td(args, input)
      expect(r.code, args.join(' ')).toBe(0)
      outputs.push(r.stdout, r.stderr)
      return r
    }
    await keep(['org', 'add', 'lab', '--role', 'owner'])
    await keep(['add', '--platform', 'planqk', '--name', 'one', '--note', 'first'], `${secrets[0]}\n`)
    await keep(['add', '--provider', 'ionq', '--name', 'two', '--org', 'lab', '--expires', 'never', '--json'], secrets[1])
    await keep(['add', '--platform', 'kipu-hub', '--name', 'three', '--field', 'user=me', '--custom'], secrets[2])
    for (const name of ['one', 'two', 'three']) {
      const g = await td(['get', name])
      expect(g.code).toBe(0)
      expect(secrets).toContain(g.stdout)
      outputs.push(g.stderr)
    }
    await keep(['rotate', 'three'], rotated)
    await keep(['list'])
    await keep(['list', '--json'])
    await keep(['show', 'one'])
    await keep(['show', 'two', '--json'])
    await keep(['revoke', 'two'])
    await keep(['restore', 'two', '--json'])
    await keep(['org', 'list', '--json'])
    expect(fs.readdirSync(home).sort()).toEqual(expect.arrayContaining(['tokendesk.db']))
    for (const s of [...secrets, rotated]) {
      expect(filesContaining(home, s), s).toEqual([])
      for (const o of outputs) expect(o).not.toContain(s)
    }
    // The secrets are in the keychain, where they belong.
    const list = JSON.parse((await td(['list', '--json'])).stdout) as { items: { id: string; name: string }[] }
    const one = list.items.find((t) => t.name === 'one')!
    expect(await keychainLookup(service, `${one.id}.1`)).toBe(secrets[0])
  })
})

describe('a damaged database', () => {
  it('is reported (exit 1) and left exactly as it was, by list and by get', async () => {
    const { home, service } = vault('corrupt')
    const file = path.join(home, 'tokendesk.db')
    const garbage = Buffer.concat([Buffer.from('this is not a database\n'), Buffer.alloc(8192, 0x5a)])
    fs.writeFileSync(file, garbage)
    for (const args of [['list'], ['get', 'anything'], ['show', 'x', '--json']]) {
      const r = await runCli(cli.bundle, args, { env: cliEnv(home, service) })
      expect(r.code, args[0]).toBe(1)
      expect(r.stdout).toBe('')
      expect(r.stderr).toBe(
        `tokendesk: the TokenDesk database ${file} cannot be opened (the file is not a database or is encrypted); it was left as it is. ` +
          'Move it aside to start with an empty list; your secrets stay in the OS keychain.\n',
      )
      expect(fs.readFileSync(file).equals(garbage)).toBe(true)
    }
    expect(fs.readdirSync(home)).toEqual(['tokendesk.db'])
  })
})
