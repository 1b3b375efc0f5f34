import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock, tempDir } from '../../../test/helpers/temp-dir'
import type { ConnectorConfig } from '../connectors/registry'
import { createConnector } from '../connectors/registry'
import { type Capabilities, type CheckResult, type Connector, type CreateTokenInput, type RemoteToken, unsupported } from '../connectors/types'
import { TokenDeskError } from '../errors'
import { DAY_MS } from '../rules/status'
import { MemorySecretStore } from '../secrets/memory-store'
import { ConnectionRepo } from '../store/connection-repo'
import { RotationRepo } from '../store/rotation-repo'
import { type Db, openDb } from '../store/db'
import { TokenRepo } from '../store/token-repo'
import { Vault } from '../vault'
import { ConnectionService } from './service'

// The service's rules against a scripted connector with chosen capabilities (the real HTTP path
// is proven against the hub in test/integration/connections.test.ts).
const T0 = Date.UTC(2026, 10, 24, 12)

/**
 * A platform with partial capabilities, scripted under the qualytics kind: list and create (days
 * only, no scopes), no revoke / restore / delete — the refusal path every partial platform takes.
 */
class ScriptedConnector implements Connector {
  readonly kind = 'qualytics' as const
  readonly capabilities: Capabilities = {
    whoami: false,
    listTokens: true,
    createToken: true,
    revokeToken: false,
    restoreToken: false,
    deleteToken: false,
    checkToken: true,
    scopes: false,
    expiresAt: false,
  }
  static tokens: RemoteToken[] = []
  static created: CreateTokenInput[] = []
  static checks = 0
  constructor(readonly config: ConnectorConfig) {}
  async whoami(): Promise<never> {
    throw unsupported('Qualytics', 'whoami', 'x')
  }
  async listTokens() {
    return ScriptedConnector.tokens
  }
  async createToken(input: CreateTokenInput) {
    ScriptedConnector.created.push(input)
    const token: RemoteToken = { remoteId: String(ScriptedConnector.tokens.length + 1), name: input.name, createdAt: T0, expiresAt: T0 + (input.expiresInDays ?? 0) * DAY_MS, active: true, lastUsedAt: null, scopes: [] }
    ScriptedConnector.tokens.push(token)
    return { token, secret: `secret-${input.name}-0123456789` }
  }
  async revokeToken(): Promise<never> {
    throw unsupported('Qualytics', 'revokeToken', 'do it in the Qualytics UI')
  }
  async restoreToken(): Promise<never> {
    throw unsupported('Qualytics', 'restoreToken', 'do it in the Qualytics UI')
  }
  async deleteToken(): Promise<never> {
    throw unsupported('Qualytics', 'deleteToken', 'do it in the Qualytics UI')
  }
  async checkToken(): Promise<CheckResult> {
    ScriptedConnector.checks++
    return { ok: true, status: 'works', httpStatus: 200, message: 'accepted' }
  }
}

let tmp: ReturnType<typeof tempDir>
let db: Db
let secrets: MemorySecretStore
let vault: Vault
let svc: ConnectionService
let clock: ReturnType<typeof fakeClock>

beforeEach(() => {
  tmp = tempDir()
  db = openDb(tmp.dir)
  secrets = new MemorySecretStore()
  clock = fakeClock(T0)
  const repo = new TokenRepo(db)
  vault = new Vault({ repo, secrets, clock, actor: 'test' })
  ScriptedConnector.tokens = []
  ScriptedConnector.created = []
  ScriptedConnector.checks = 0
  svc = new ConnectionService({
    vault,
    repo,
    connections: new ConnectionRepo(db),
    rotations: new RotationRepo(db),
    secrets,
    clock,
    actor: 'test',
    // qualytics goes to the script; planqk / kipu-hub stay real (they make no request until checked).
    connectorFactory: (c) => (c.kind === 'qualytics' ? new ScriptedConnector(c) : createConnector(c)),
  })
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

async function failure(p: Promise<unknown>): Promise<TokenDeskError> {
  const e = await p.then(
    () => new Error('expected a failure'),
    (x: unknown) => x,
  )
  expect(e).toBeInstanceOf(TokenDeskError)
  return e as TokenDeskError
}

const snapshot = () => ({ tokens: db.prepare('SELECT * FROM tokens').all(), audit: db.prepare('SELECT * FROM audit').all() })

describe('ConnectionService over a platform with partial capabilities', () => {
  it('connects without who-am-I (the token list proves the token) and keeps the token only in the keychain', async () => {
    const c = await svc.connect({ kind: 'qualytics', baseUrl: 'https://acme.qualytics.io' }, 'qualytics-mgmt-0123456789')
    expect(c).toMatchObject({ name: 'qualytics', account: null, importedOrgs: [] })
    expect([...secrets.entries.values()]).toEqual(['qualytics-mgmt-0123456789'])
    expect(JSON.stringify(db.prepare('SELECT * FROM connections').all())).not.toContain('qualytics-mgmt')
    // A second one of the same kind gets a numbered default name.
    expect((await svc.connect({ kind: 'qualytics', baseUrl: 'https://b.qualytics.io' }, 'qualytics-mgmt-abcdefghij')).name).toBe('qualytics-2')
  })

  it('converts a date to whole days where the platform takes no date, and refuses scopes', async () => {
    await svc.connect({ kind: 'qualytics', baseUrl: 'https://acme.qualytics.io' }, 'qualytics-mgmt-0123456789')
    const { token, secret } = await svc.generate('qualytics', { name: 'dated', expires: '2026-12-01' })
    expect(ScriptedConnector.created.at(-1)).toEqual({ name: 'dated', scopes: [], expiresInDays: 8 }) // 7.5 days, rounded up
    expect(token.expiresAt).toBe(T0 + 8 * DAY_MS)
    expect(secrets.entries.get(`${token.id}.1`)).toBe(secret)
    await svc.generate('qualytics', { name: 'preset', expires: '1y' })
    expect(ScriptedConnector.created.at(-1)).toMatchObject({ expiresInDays: 365 })
    expect((await failure(svc.generate('qualytics', { name: 'scoped', scopes: ['read'] }))).message).toMatch(/does not take scopes/)
    expect((await failure(svc.generate('qualytics', { name: 'far', expires: '2028-06-01' }))).message).toMatch(/at most 365/)
    expect(ScriptedConnector.created).toHaveLength(2)
  })

  it('an operation the platform does not document gives its "not documented" error and changes nothing', async () => {
    await svc.connect({ kind: 'qualytics', baseUrl: 'https://acme.qualytics.io' }, 'qualytics-mgmt-0123456789')
    const { token } = await svc.generate('qualytics', { name: 'pat' })
    const before = snapshot()
    const e = await failure(svc.revoke(token.id))
    expect(e.code).toBe('rule_refused')
    // The refusal comes from the platform's capability table (connectors/capabilities.ts), before any request.
    expect(e.message).toBe('could not revoke "pat" on connection "qualytics": revokeToken is not documented by Qualytics; do it in the Qualytics UI (Settings → Tokens). "pat" was not changed in TokenDesk')
    expect(snapshot()).toEqual(before)
    // Once revoked in the platform's UI, sync brings it over.
    ScriptedConnector.tokens[0] = { ...ScriptedConnector.tokens[0]!, active: false }
    const r = await svc.sync()
    expect(r.results[0]!.updated).toEqual([{ id: token.id, name: 'pat', changes: ['revoked on the platform'] }])
  })

  it('sync: an expired platform token is not "revoked"; expiry changes are taken over and audited', async () => {
    await svc.connect({ kind: 'qualytics', baseUrl: 'https://acme.qualytics.io' }, 'qualytics-mgmt-0123456789')
    const { token } = await svc.generate('qualytics', { name: 'short', expires: '30d' })
    clock.advance(31 * DAY_MS)
    ScriptedConnector.tokens[0] = { ...ScriptedConnector.tokens[0]!, active: false }
    expect((await svc.sync('qualytics')).results[0]!.updated).toEqual([])
    expect(vault.show(token.id).token.status).toBe('expired')
    ScriptedConnector.tokens[0] = { ...ScriptedConnector.tokens[0]!, active: true, expiresAt: T0 + 90 * DAY_MS }
    expect((await svc.sync('qualytics')).results[0]!.updated[0]!.changes).toEqual(['expiry is now 2027-02-22'])
  })

  it('check: a PlanQK token without a connection uses the one PlanQK connection; two are ambiguous; none is a clear error', async () => {
    const t = await vault.add({ kind: 'personal', platform: 'planqk', name: 'pq' }, 'planqk-secret-0123456789')
    expect((await failure(svc.check('pq'))).message).toMatch(/connect a planqk account first/)
    const pq = await svc.connect({ kind: 'planqk', baseUrl: 'http://127.0.0.1:9' })
    expect(pq.capabilities).toMatchObject({ checkToken: true, createToken: false })
    expect(secrets.entries.size).toBe(1) // PlanQK needs no management token: only the token's own secret
    // Port 9 (discard) refuses: a network error, and nothing is recorded.
    const before = snapshot()
    const e = await failure(svc.check(t.id))
    expect(e.code).toBe('platform')
    expect(e.message).toMatch(/^could not check "pq" with connection "planqk": .*Nothing was recorded$/)
    expect(snapshot()).toEqual(before)
    expect((await svc.sync('planqk')).results[0]!.skipped).toMatch(/documents no token list/)
    expect((await failure(svc.generate('planqk', { name: 'x' }))).message).toMatch(/createToken is not documented by PlanQK/)
    await svc.connect({ kind: 'planqk', baseUrl: 'http://127.0.0.1:10' })
    expect((await failure(svc.check(t.id))).message).toMatch(/there are 2 planqk connections \(planqk, planqk-2\)/)
  })

  it('a provider token no platform answers for cannot be checked; a missing management token says to reconnect', async () => {
    // (IonQ and Hugging Face tokens are checked without a connection: test/cli/check-only.test.ts.)
    await vault.add({ kind: 'provider', platform: 'azure-quantum', name: 'azure', expires: 'never' }, 'azure-secret-0123456789')
    expect((await failure(svc.check('azure'))).message).toMatch(/cannot check azure-quantum tokens/)
    const c = await svc.connect({ kind: 'qualytics', baseUrl: 'https://acme.qualytics.io' }, 'qualytics-mgmt-0123456789')
    secrets.entries.delete(new ConnectionRepo(db).find(c.id)!.secretRef!)
    expect((await failure(svc.generate('qualytics', { name: 'x' }))).message).toMatch(/management token of connection "qualytics" is missing.*Disconnect and connect again/)
    const r = await svc.sync()
    expect(r.results[0]).toMatchObject({ ok: false, error: expect.stringMatching(/is missing/) })
    expect(svc.list()[0]!.lastSyncError).toMatch(/is missing/)
  })
})
