import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hub, startHub } from '../../hub/server'
import { ConnectionService, DELETED_ON_PLATFORM } from '../../src-main/core/connections/service'
import { PlatformError } from '../../src-main/core/connectors/http'
import { createConnector, type ConnectorConfig } from '../../src-main/core/connectors/registry'
import type { Connector } from '../../src-main/core/connectors/types'
import { type Core, createCore } from '../../src-main/core/core'
import { TokenDeskError } from '../../src-main/core/errors'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import type { SecretStore } from '../../src-main/core/secrets/secret-store'
import { requireSecretService } from '../helpers/secret-service'
import { fakeClock, tempDir, testKeychainService } from '../helpers/temp-dir'

// The connection service against the reference hub over real HTTP, the real Secret Service and
// a real SQLite file; platform faults come from a small proxy in front of the hub.
requireSecretService()

const DAY_MS = 24 * 60 * 60 * 1000
const clock = fakeClock(Date.UTC(2026, 5, 1, 12, 0, 0))
const service = testKeychainService('connections')
const factory = (c: ConnectorConfig) => createConnector({ ...c, timeoutMs: 500, maxRetryAfterMs: 0 })

/** The real keychain, with a switch to fail or hang the next write (a crash stand-in). */
class ControlledStore implements SecretStore {
  readonly inner = new KeyringSecretStore({ service })
  readonly description = this.inner.description
  failNextSet = false
  hangNextSet = false
  set(ref: string, secret: string) {
    if (this.failNextSet) {
      this.failNextSet = false
      return Promise.reject(new TokenDeskError('keychain_unavailable', 'the OS keychain (test) is not available: it is locked'))
    }
    if (this.hangNextSet) {
      this.hangNextSet = false
      return new Promise<void>(() => {})
    }
    return this.inner.set(ref, secret)
  }
  get(ref: string) {
    return this.inner.get(ref)
  }
  delete(ref: string) {
    return this.inner.delete(ref)
  }
  refs() {
    return this.inner.refs()
  }
}

function lookup(ref: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'username', ref], { encoding: 'utf8' })
  } catch {
    return null
  }
}

// ---- a fault-injecting proxy in front of the hub ---------------------------------------------
type Fault = null | 401 | 403 | 404 | 409 | 429 | 500 | 'hang' | 'malformed'
let fault: Fault = null
let faultServer: Server
let faultUrl = ''

async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  if (fault === 'hang') return // never answers; the connector's deadline must fire
  if (fault === 'malformed') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"tokens": [ nope')
    return
  }
  if (fault !== null) {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (fault === 429) headers['retry-after'] = '3600'
    res.writeHead(fault, headers).end(JSON.stringify({ error: { code: 'x', message: `injected ${fault}` } }))
    return
  }
  const body = chunks.length ? Buffer.concat(chunks) : undefined
  const headers: Record<string, string> = {}
  for (const k of ['authorization', 'content-type', 'accept']) if (req.headers[k]) headers[k] = String(req.headers[k])
  const r = await fetch(`${hub.url}${req.url}`, { method: req.method, headers, body })
  const text = await r.text()
  res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(text)
}

let tmp: ReturnType<typeof tempDir>
let hub: Hub
let core: Core
let store: ControlledStore
let svc: ConnectionService
let direct: Connector // the hub as another client of the same account sees it
let mgmt: string
const secrets: string[] = []

beforeAll(async () => {
  tmp = tempDir()
  hub = await startHub({ port: 0, dbPath: path.join(tmp.dir, 'hub.sqlite'), clock, seed: true, log: () => {} })
  mgmt = hub.seeded!.managementToken
  secrets.push(mgmt)
  direct = createConnector({ kind: 'tokendesk-hub', baseUrl: hub.url, managementToken: mgmt, timeoutMs: 2000 })
  faultServer = createServer((req, res) => void proxy(req, res).catch(() => res.destroy()))
  await new Promise<void>((r) => faultServer.listen(0, '127.0.0.1', r))
  faultUrl = `http://127.0.0.1:${(faultServer.address() as AddressInfo).port}`
  store = new ControlledStore()
  core = createCore({ dataDir: path.join(tmp.dir, 'vault'), secrets: store, clock, actor: 'test', connectorFactory: factory })
  svc = core.connections
})

afterAll(async () => {
  core.close()
  faultServer.closeAllConnections()
  await new Promise((r) => faultServer.close(r))
  await hub.close()
  tmp.cleanup()
})

async function rejection(p: Promise<unknown>): Promise<TokenDeskError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure')
    },
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(TokenDeskError)
  for (const s of secrets) expect((e as Error).message).not.toContain(s)
  return e as TokenDeskError
}

async function hubMe(secret: string): Promise<number> {
  return (await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status
}

/** Everything local a failed operation must leave alone. */
function snapshot() {
  return {
    tokens: core.db.prepare('SELECT * FROM tokens ORDER BY id').all(),
    audit: core.db.prepare('SELECT count(*) AS n FROM audit').get(),
    orgs: core.db.prepare('SELECT * FROM orgs ORDER BY name').all(),
  }
}

describe('connect', () => {
  it('refuses a token the platform rejects, a bad URL and a missing token, storing nothing', async () => {
    const before = snapshot()
    const e = await rejection(svc.connect({ kind: 'tokendesk-hub', baseUrl: hub.url }, 'tdh_not-a-real-token-0000'))
    expect(e).toBeInstanceOf(PlatformError)
    expect((e as PlatformError).kind).toBe('unauthorized')
    expect(e.message).toMatch(/could not connect "tokendesk-hub".*reconnect with a new token.*Nothing was stored/)
    expect((await rejection(svc.connect({ kind: 'tokendesk-hub', baseUrl: 'http://example.com' }, mgmt))).message).toMatch(/use https:\/\//)
    expect((await rejection(svc.connect({ kind: 'tokendesk-hub', baseUrl: hub.url }, ''))).message).toMatch(/management token is required/)
    // TLS: https to a server that only speaks plain HTTP.
    const tls = await rejection(svc.connect({ kind: 'tokendesk-hub', baseUrl: faultUrl.replace('http:', 'https:') }, mgmt))
    expect((tls as PlatformError).kind).toBe('tls')
    expect(svc.list()).toEqual([])
    expect(snapshot()).toEqual(before)
    expect(core.db.prepare('SELECT count(*) AS n FROM connections').get()).toEqual({ n: 0 })
  })

  it('shows who I am, keeps the management token in the keychain and imports orgs with roles', async () => {
    const c = await svc.connect({ kind: 'tokendesk-hub', baseUrl: `${hub.url}/`, name: 'hub' }, mgmt)
    expect(c).toMatchObject({ kind: 'tokendesk-hub', name: 'hub', baseUrl: hub.url, account: 'demo', lastSyncAt: null, tokenCount: 0 })
    expect(c.capabilities.createToken).toBe(true)
    expect(c.importedOrgs).toEqual([{ name: 'quantum-lab', role: 'owner' }])
    expect(core.vault.orgs()).toEqual([{ name: 'quantum-lab', role: 'owner' }])
    const row = core.connectionRepo.find(c.id)!
    expect(lookup(row.secretRef!)).toBe(mgmt)
    expect(svc.list().map((x) => x.name)).toEqual(['hub'])
    expect((await rejection(svc.connect({ kind: 'tokendesk-hub', baseUrl: hub.url, name: 'hub' }, mgmt))).code).toBe('conflict')
  })
})

describe('generate, sync, restore, revoke, delete, check against the hub', () => {
  it('generates a token whose secret works on the platform and is stored only in the keychain', async () => {
    const { token, secret } = await svc.generate('hub', { name: 'lab-laptop', expires: '90d', scopes: ['tokens:read'] })
    secrets.push(secret)
    expect(await hubMe(secret)).toBe(200)
    expect(token).toMatchObject({ name: 'lab-laptop', kind: 'personal', platform: 'tokendesk-hub', status: 'active', scopes: ['tokens:read'], expiresAt: clock() + 90 * DAY_MS })
    expect(token.connectionId).toBe(svc.resolveConnection('hub').id)
    expect(token.remoteId).toMatch(/^tok_/)
    expect(lookup(`${token.id}.1`)).toBe(secret)
    expect(await core.vault.reveal(token.id)).toBe(secret)
    expect(core.vault.history(token.id).map((a) => a.action)).toEqual(['used', 'created'])
    expect(core.vault.history(token.id)[1]!.detail).toBe('generated on connection "hub"')

    const dated = await svc.generate('hub', { name: 'dated', expires: '2026-07-15' })
    secrets.push(dated.secret)
    expect(dated.token.expiresAt).toBe(Date.UTC(2026, 6, 15, 23, 59, 59, 999))
    expect((await direct.listTokens()).find((t) => t.remoteId === dated.token.remoteId)?.expiresAt).toBe(dated.token.expiresAt)
  })

  it('refuses locally before calling the platform: duplicate name, never, bad expiry', async () => {
    const n = (await direct.listTokens()).length
    expect((await rejection(svc.generate('hub', { name: 'lab-laptop' }))).code).toBe('conflict')
    expect((await rejection(svc.generate('hub', { name: 'forever', expires: 'never' }))).message).toMatch(/TokenDesk hub tokens must expire; choose 30d/)
    expect((await rejection(svc.generate('hub', { name: 'x', expires: 'soon' }))).code).toBe('invalid_input')
    expect((await rejection(svc.generate('nope', { name: 'x' }))).code).toBe('not_found')
    expect((await direct.listTokens()).length).toBe(n)
  })

  it('a name taken on the platform only: 409, and the reserved name is released', async () => {
    const other = await direct.createToken({ name: 'taken-there', expiresInDays: 30 })
    secrets.push(other.secret)
    const before = snapshot()
    const e = await rejection(svc.generate('hub', { name: 'taken-there' }))
    expect((e as PlatformError).kind).toBe('conflict')
    expect(e.message).toMatch(/could not generate "taken-there" on connection "hub".*Nothing was stored/)
    expect(snapshot()).toEqual(before)
  })

  it('sync: a token revoked on the platform becomes revoked here; unknown platform tokens are reported', async () => {
    const t = core.vault.resolve('lab-laptop')
    await direct.revokeToken(t.remoteId!)
    clock.advance(60_000)
    const report = await svc.sync()
    const r = report.results.find((x) => x.connection === 'hub')!
    expect(r.ok).toBe(true)
    expect(r.updated).toEqual([{ id: t.id, name: 'lab-laptop', changes: ['revoked on the platform'] }])
    expect(r.unknownOnPlatform.map((u) => u.name)).toEqual(['taken-there'])
    expect(core.vault.show(t.id).token.status).toBe('revoked')
    expect(core.vault.history(t.id)[0]).toMatchObject({ action: 'synced', detail: 'revoked on the platform (connection "hub")' })
    expect(svc.list()[0]).toMatchObject({ lastSyncAt: clock(), lastSyncError: null, tokenCount: 2 })
    // A second sync changes nothing.
    expect((await svc.sync('hub')).results[0]!.updated).toEqual([])
    // Last use on the platform is brought over quietly.
    expect(core.vault.show(t.id).token.lastUsedAt).not.toBeNull()
  })

  it('restore → revoke → delete act on the platform first, then locally', async () => {
    const t = core.vault.resolve('lab-laptop')
    const secret = (await core.vault.reveal(t.id))!
    const restored = await svc.restore('lab-laptop')
    expect(restored.status).toBe('active')
    expect(await hubMe(secret)).toBe(200)
    const revoked = await svc.revoke('lab-laptop')
    expect(revoked.status).toBe('revoked')
    expect(await hubMe(secret)).toBe(401)
    expect((await direct.listTokens()).find((x) => x.remoteId === t.remoteId)?.active).toBe(false)
    await svc.delete('lab-laptop')
    expect((await direct.listTokens()).some((x) => x.remoteId === t.remoteId)).toBe(false)
    expect(() => core.vault.resolve(t.id)).toThrow(/no token/)
    expect(lookup(`${t.id}.1`)).toBeNull()
    expect(core.vault.history(t.id).map((a) => a.action).slice(0, 3)).toEqual(['deleted', 'revoked', 'restored'])
    // Local rules still apply before the platform is asked.
    expect((await rejection(svc.restore('dated'))).code).toBe('rule_refused')
    expect((await rejection(svc.delete('dated'))).message).toMatch(/revoke it first/)
  })

  it('check reports works, then rejected after the platform revoked it, and records both', async () => {
    const dated = core.vault.resolve('dated')
    const works = await svc.check('dated')
    expect(works).toMatchObject({ ok: true, status: 'works', httpStatus: 200, tokenId: dated.id, checkedAt: clock() })
    expect(core.vault.show(dated.id).token).toMatchObject({ checkStatus: 'works', checkedAt: clock() })
    await direct.revokeToken(dated.remoteId!)
    clock.advance(1000)
    const rejected = await svc.check(dated.id)
    expect(rejected).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })
    expect(core.vault.show(dated.id).token).toMatchObject({ checkStatus: 'rejected', checkedAt: clock() })
    expect(core.vault.history(dated.id).filter((a) => a.action === 'checked').map((a) => a.detail)).toEqual([
      'rejected (HTTP 401) with connection "hub"',
      'works (HTTP 200) with connection "hub"',
    ])
    await direct.restoreToken(dated.remoteId!)
  })

  it('a token deleted on the platform is revoked here and marked; delete then works locally', async () => {
    const { token, secret } = await svc.generate('hub', { name: 'doomed' })
    secrets.push(secret)
    await direct.revokeToken(token.remoteId!)
    await direct.deleteToken(token.remoteId!)
    const r = (await svc.sync('hub')).results[0]!
    expect(r.updated).toContainEqual({ id: token.id, name: 'doomed', changes: ['deleted on the platform'] })
    const listed = core.vault.list({ search: 'doomed' }).items[0]!
    expect(listed).toMatchObject({ status: 'revoked', problem: DELETED_ON_PLATFORM })
    expect((await rejection(svc.restore('doomed'))).message).toMatch(/was deleted on connection "hub" and cannot be restored/)
    await svc.delete('doomed')
    expect(core.vault.list({ search: 'doomed' }).total).toBe(0)
  })

  it('tokens added by hand: plain vault operations, and check uses the one hub connection', async () => {
    const other = await direct.createToken({ name: 'by-hand', expiresInDays: 30 })
    secrets.push(other.secret)
    const t = await core.vault.add({ kind: 'personal', platform: 'tokendesk-hub', name: 'by-hand' }, other.secret)
    expect(await svc.check('by-hand')).toMatchObject({ status: 'works', connectionId: svc.resolveConnection('hub').id })
    const planqk = await core.vault.add({ kind: 'personal', platform: 'planqk', name: 'pq' }, 'pq-secret-value-1234')
    expect((await rejection(svc.check(planqk.id))).message).toMatch(/connect a planqk account first/)
    expect((await svc.revoke('by-hand')).status).toBe('revoked')
    expect((await direct.listTokens()).find((x) => x.name === 'by-hand')?.active).toBe(true) // not linked: local only
    await svc.delete(t.id)
    await svc.revoke('pq')
    await svc.delete('pq')
  })
})

describe('platform faults leave local state unchanged', () => {
  let conn: string
  let tokenId: string

  beforeAll(async () => {
    fault = null
    conn = (await svc.connect({ kind: 'tokendesk-hub', baseUrl: faultUrl, name: 'faulty' }, mgmt)).id
    const g = await svc.generate('faulty', { name: 'behind-proxy' })
    secrets.push(g.secret)
    tokenId = g.token.id
  })

  const FAULTS: [Fault, string][] = [
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not_found'],
    [409, 'conflict'],
    [429, 'rate_limited'],
    [500, 'server'],
    ['hang', 'timeout'],
    ['malformed', 'malformed'],
  ]

  it.each(FAULTS)('%s → %s for generate, revoke, check and sync', async (f, kind) => {
    fault = f
    try {
      const before = snapshot()
      const ops: [string, () => Promise<unknown>][] = [
        ['generate', () => svc.generate('faulty', { name: `never-${String(f)}` })],
        ['revoke', () => svc.revoke(tokenId)],
        ['check', () => svc.check(tokenId)],
      ]
      for (const [op, run] of ops) {
        // A check that gets 401/403 is an answer about the token (rejected), not a failure.
        if (op === 'check' && (f === 401 || f === 403)) continue
        const e = await rejection(run())
        expect(e, op).toBeInstanceOf(PlatformError)
        expect((e as PlatformError).kind, op).toBe(kind)
        expect(e.message, op).toMatch(/"faulty"/)
        expect(snapshot(), op).toEqual(before)
      }
      const sync = (await svc.sync('faulty')).results[0]!
      expect(sync.ok).toBe(false)
      expect(sync.error).toBeTruthy()
      expect(core.connectionRepo.find(conn)!.lastSyncError).toBe(sync.error)
      expect(snapshot()).toEqual(before)
    } finally {
      fault = null
    }
  })

  it('restore and delete of a revoked token: a 500 changes nothing', async () => {
    await svc.revoke(tokenId)
    fault = 500
    try {
      const before = snapshot()
      expect(((await rejection(svc.restore(tokenId))) as PlatformError).kind).toBe('server')
      const del = await rejection(svc.delete(tokenId))
      expect(del.message).toMatch(/could not delete "behind-proxy" on connection "faulty".*try again later.*"behind-proxy" was not changed in TokenDesk/)
      expect(snapshot()).toEqual(before)
      expect(lookup(`${tokenId}.1`)).not.toBeNull()
    } finally {
      fault = null
    }
    expect((await svc.restore(tokenId)).status).toBe('active')
    const ok = (await svc.sync('faulty')).results[0]!
    expect(ok).toMatchObject({ ok: true, error: null })
  })
})

describe('crash safety and secrets', () => {
  it('a keychain failure after the platform created the token takes it back on the platform', async () => {
    const n = (await direct.listTokens()).length
    const before = snapshot()
    store.failNextSet = true
    const e = await rejection(svc.generate('hub', { name: 'unstorable' }))
    expect(e.code).toBe('keychain_unavailable')
    expect(e.message).toMatch(/"unstorable" was created on connection "hub" but could not be stored.*revoked and deleted on the platform again/)
    expect(snapshot()).toEqual(before)
    expect((await direct.listTokens()).length).toBe(n)
  })

  it('a crash between the platform call and the keychain: reconcile drops the reservation, sync reports the platform token', async () => {
    store.hangNextSet = true
    void svc.generate('hub', { name: 'crashed' })
    for (let i = 0; i < 100 && !(await direct.listTokens()).some((t) => t.name === 'crashed'); i++) await new Promise((r) => setTimeout(r, 20))
    expect(core.repo.unfinished().map((t) => t.name)).toEqual(['crashed'])
    // "Restart": the next start's reconcile rolls the pending row back.
    const report = await core.reconcile()
    expect(report.rolledBackCreates).toEqual(['crashed'])
    const sync = (await svc.sync('hub')).results[0]!
    expect(sync.unknownOnPlatform.map((u) => u.name)).toContain('crashed')
  })

  it('another process reconciling during a generate: the keychain entry and platform token are taken back', async () => {
    const n = (await direct.listTokens()).length
    const before = snapshot()
    const other = createCore({ dataDir: path.join(tmp.dir, 'vault'), secrets: store, clock, actor: 'cli' })
    // The keychain write waits until the other process (the CLI starting up) has reconciled.
    const realSet = store.set.bind(store)
    store.set = async (ref, secret) => {
      await other.reconcile()
      store.set = realSet
      return realSet(ref, secret)
    }
    try {
      const e = await rejection(svc.generate('hub', { name: 'raced' }))
      expect(e.code).toBe('conflict')
      expect(e.message).toMatch(/interrupted by another TokenDesk process.*revoked and deleted again/)
    } finally {
      store.set = realSet
      other.close()
    }
    expect(snapshot()).toEqual({ ...before, audit: { n: (before.audit as { n: number }).n + 1 } }) // the other process's 'reconciled' entry
    expect((await direct.listTokens()).length).toBe(n)
  })

  it('reconcile rolls back an interrupted connect and finishes an interrupted disconnect', async () => {
    core.connectionRepo.insertPending({ id: 'half', kind: 'tokendesk-hub', name: 'half', baseUrl: hub.url, account: null, createdAt: 1, secretRef: 'connection-half.1' })
    await store.set('connection-half.1', 'tdh_half-written-management-token')
    const r = await core.reconcile()
    expect(r.rolledBackConnects).toEqual(['half'])
    expect(lookup('connection-half.1')).toBeNull()
    expect(core.connectionRepo.find('half')).toBeUndefined()
  })

  it('never writes a management token or generated secret to the database, WAL or shm', () => {
    const scan = () => {
      const dir = path.join(tmp.dir, 'vault')
      for (const f of fs.readdirSync(dir)) {
        const bytes = fs.readFileSync(path.join(dir, f))
        for (const s of secrets) {
          expect(bytes.includes(s), `${f} contains a secret`).toBe(false)
          expect(bytes.includes(Buffer.from(s, 'utf16le')), `${f} contains a secret (utf16)`).toBe(false)
        }
      }
    }
    expect(secrets.length).toBeGreaterThan(4)
    scan()
    core.db.pragma('wal_checkpoint(TRUNCATE)')
    scan()
  })

  it('disconnect removes the keychain entry; tokens stay, unlinked', async () => {
    const c = svc.resolveConnection('faulty')
    const t = core.vault.resolve('behind-proxy')
    expect(t.connectionId).toBe(c.id)
    const r = await svc.disconnect('faulty')
    expect(r).toEqual({ disconnected: true, unlinkedTokens: 1 })
    expect(lookup(c.secretRef!)).toBeNull()
    expect(core.vault.resolve('behind-proxy')).toMatchObject({ connectionId: null, state: 'ready' })
    expect(svc.list().map((x) => x.name)).toEqual(['hub'])
    expect((await rejection(svc.disconnect('faulty'))).code).toBe('not_found')
    // Unlinked: a revoke is local only now.
    expect((await svc.revoke('behind-proxy')).status).toBe('revoked')
  })
})
