import { spawnSync } from 'node:child_process'
import Database from 'better-sqlite3'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { sealWithAge } from '../../src-main/core/backup/age-crypt'
import { requireSecretService } from '../helpers/secret-service'
import { canary, runCli, useBuiltCli } from './harness'

// One keychain, several data folders (issue #22, items 7 and 8). These run WITHOUT
// TOKENDESK_KEYCHAIN_SERVICE, as a user does, inside the suite's private Secret Service: each
// data folder's entries live under a service name of its own, and a restored backup never
// brings ids that address another folder's entries or an entry that is not a token's.
requireSecretService()
const cli = useBuiltCli('keychain-namespace')
const PASS = 'correct horse battery staple'

function folder(label: string) {
  const dir = path.join(cli.dir, label)
  const env: NodeJS.ProcessEnv = { ...process.env, TOKENDESK_HOME: dir, HOME: path.join(dir, 'home') }
  delete env.TOKENDESK_KEYCHAIN_SERVICE
  fs.mkdirSync(env.HOME!, { recursive: true })
  const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input, timeoutMs: 120_000 })
  return { dir, env, td }
}

/** The keychain services that hold an entry with this account name (secret-tool, bypassing TokenDesk). */
function servicesHolding(account: string): string[] {
  // secret-tool prints the item's path on stdout and its attributes on stderr.
  const r = spawnSync('secret-tool', ['search', '--all', 'username', account], { encoding: 'utf8' })
  return [...(r.stdout + r.stderr).matchAll(/^attribute\.service = (.*)$/gm)].map((m) => m[1]!)
}

describe('one keychain, several data folders', () => {
  it('a backup restored into a second folder, then deleted there, leaves the first folder its secret; doctor in either touches only its own', async () => {
    const a = folder('ns-a')
    const b = folder('ns-b')
    const secret = canary('shared')
    expect((await a.td(['add', '--platform', 'planqk', '--name', 'main'], secret)).code).toBe(0)
    const backup = path.join(cli.dir, 'ns-a.age')
    expect((await a.td(['backup', 'create', backup], PASS)).code).toBe(0)
    const restored = await b.td(['backup', 'restore', backup], PASS)
    expect(restored.code, restored.stderr).toBe(0)

    const idA = (JSON.parse((await a.td(['list', '--json'])).stdout) as { items: { id: string }[] }).items[0]!.id
    const idB = (JSON.parse((await b.td(['list', '--json'])).stdout) as { items: { id: string }[] }).items[0]!.id
    expect(idB).not.toBe(idA) // a restore mints its own ids
    const [svcA] = servicesHolding(`${idA}.1`)
    const [svcB] = servicesHolding(`${idB}.1`)
    expect(svcA).toMatch(/^TokenDesk\/[0-9a-f]{16}$/)
    expect(svcB).toMatch(/^TokenDesk\/[0-9a-f]{16}$/)
    expect(svcA).not.toBe(svcB)

    expect((await b.td(['revoke', 'main'])).code).toBe(0)
    expect((await b.td(['delete', 'main', '--yes'])).code).toBe(0)
    const doctorB = await b.td(['doctor', '--json'])
    expect(doctorB.code, doctorB.stderr).toBe(0)
    expect(JSON.parse(doctorB.stdout)).toMatchObject({ orphans: [], reclaimed: [] })

    const got = await a.td(['get', 'main'])
    expect(got.code, got.stderr).toBe(0)
    expect(got.stdout).toBe(secret)
    const doctorA = JSON.parse((await a.td(['doctor', '--json'])).stdout) as { orphans: unknown[]; reclaimed: unknown[] }
    expect(doctorA).toMatchObject({ orphans: [], reclaimed: [] })
  }, 120_000)

  it('a zero-byte database in the same folder finds its entries again and says so once', async () => {
    const a = folder('ns-zero')
    expect((await a.td(['add', '--platform', 'planqk', '--name', 'kept'], canary('kept'))).code).toBe(0)
    const db = path.join(a.dir, 'tokendesk.db')
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true })
    fs.writeFileSync(db, '')
    const first = await a.td(['list'])
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/this vault is new, but the keychain already holds 1 entry of this data folder .*tokendesk doctor/)
    const second = await a.td(['list'])
    expect(second.stderr).toBe('')
    const doctor = JSON.parse((await a.td(['doctor', '--json'])).stdout) as { orphans: unknown[] }
    expect(doctor.orphans).toHaveLength(1)
  }, 60_000)

  it('a crafted backup whose ids name other entries (the fingerprint key, a connection) is refused and changes nothing', async () => {
    const a = folder('ns-crafted')
    expect((await a.td(['add', '--platform', 'planqk', '--name', 'real'], canary('real'))).code).toBe(0)
    const env = a.dir + '/x.env'
    fs.writeFileSync(env, '')
    expect((await a.td(['config', 'write', 'real', '--format', 'dotenv', '--path', env, '--env-key', 'T', '--yes'])).code).toBe(0)
    // This folder's own service (other test files' keychains hold placement keys of their own).
    const db = new Database(path.join(a.dir, 'tokendesk.db'), { readonly: true })
    const service = `TokenDesk/${(db.prepare('SELECT folder_id FROM vault_identity').get() as { folder_id: string }).folder_id}`
    db.close()
    expect(servicesHolding('placement-key.1')).toContain(service)
    const tok = (id: string, name: string) => ({
      id, kind: 'personal', platform: 'planqk', org: null, name, scopes: [], fields: {}, note: null,
      createdAt: 0, expiresAt: null, revokedAt: null, lastUsedAt: null, secret: 'attacker-chosen-value',
    })
    for (const id of ['placement-key', 'connection-0f0f0f0f-0000-4000-8000-000000000000']) {
      const content = { format: 'tokendesk-backup', version: 1, createdAt: 0, orgs: [], tokens: [tok(id, 'evil')], audit: [] }
      const file = path.join(a.dir, `crafted-${id.slice(0, 5)}.age`)
      fs.writeFileSync(file, await sealWithAge(new TextEncoder().encode(JSON.stringify(content)), PASS, 10))
      const r = await a.td(['backup', 'restore', file], PASS)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/not a valid TokenDesk backup \(tokens\.0\.id: a token id is a UUID\); nothing was changed/)
    }
    // The fingerprint key is the one it was: the copy is still known as current.
    const where = JSON.parse((await a.td(['where', 'real', '--json'])).stdout) as { placements: { state: string }[] }
    expect(where.placements.map((p) => p.state)).toEqual(['current'])
  }, 60_000)
})
