import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeClock, tempDir } from '../../test/helpers/temp-dir'
import { TokenDeskError } from './errors'
import { DAY_MS, tokenStatus } from './rules/status'
import { MemorySecretStore } from './secrets/memory-store'
import { openDb, type Db } from './store/db'
import { TokenRepo } from './store/token-repo'
import { Vault } from './vault'

// Rules of the vault, over a real SQLite file; secrets in memory (the keychain itself is proven
// in test/integration/keychain-vault.test.ts).
const T0 = Date.UTC(2026, 10, 24, 12)
let tmp: ReturnType<typeof tempDir>
let db: Db
let secrets: MemorySecretStore
let clock: ReturnType<typeof fakeClock>
let vault: Vault

beforeEach(() => {
  tmp = tempDir()
  db = openDb(tmp.dir)
  secrets = new MemorySecretStore()
  clock = fakeClock(T0)
  vault = new Vault({ repo: new TokenRepo(db), secrets, clock, actor: 'test' })
})
afterEach(() => {
  db.close()
  tmp.cleanup()
})

const pat = (name: string, extra: object = {}) => ({ kind: 'personal' as const, platform: 'planqk', name, ...extra })

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p)
    return 'ok'
  } catch (e) {
    expect(e).toBeInstanceOf(TokenDeskError)
    return (e as TokenDeskError).code
  }
}

describe('add', () => {
  it('stores metadata with a 30-day default expiry and the secret in the secret store', async () => {
    const t = await vault.add(pat('ci-runner', { scopes: ['jobs', 'jobs'] }), 'plnqk_s3cret')
    expect(t).toMatchObject({ name: 'ci-runner', expiresAt: T0 + 30 * DAY_MS, status: 'active', scopes: ['jobs'], lastUsedAt: null })
    expect([...secrets.entries.values()]).toEqual(['plnqk_s3cret'])
    expect(vault.show(t.id).audit.map((a) => a.action)).toEqual(['created'])
  })
  it('rejects invalid names, duplicate names, past dates and bad secrets with specific errors', async () => {
    await vault.add(pat('dup'), 'x1')
    await expect(vault.add(pat('Bad_Name'), 'x')).rejects.toThrow(/^invalid name: use lowercase/)
    await expect(vault.add(pat('dup'), 'x2')).rejects.toThrow(/already exists; choose another name/)
    await expect(vault.add(pat('old', { expires: '2020-01-01' }), 'x')).rejects.toThrow(/in the past/)
    await expect(vault.add(pat('bin'), 'ab\u0000cd')).rejects.toThrow(/binary or control characters/)
    await expect(vault.add(pat('huge'), 'x'.repeat(20_000))).rejects.toThrow(/too long/)
    await expect(vault.add(pat('empty'), '')).rejects.toThrow(/empty/)
    await expect(vault.add({ ...pat('extra'), secret: 'oops' } as never, 'x')).rejects.toThrow(/Unrecognized key/)
    expect(vault.list().total).toBe(1)
  })
  it('allows the same name for another platform or owner', async () => {
    vault.setOrg('qlab', 'owner')
    await vault.add(pat('main'), 'a')
    await vault.add({ kind: 'provider', platform: 'ibm-quantum', name: 'main' }, 'b')
    await vault.add({ kind: 'provider', platform: 'ibm-quantum', name: 'main', org: 'qlab' }, 'c')
    expect(vault.list().total).toBe(3)
  })
  it('lets provider tokens never expire, but not personal tokens', async () => {
    const p = await vault.add({ kind: 'provider', platform: 'ionq', name: 'ionq', expires: 'never' }, 'k')
    expect(p.expiresAt).toBeNull()
    await expect(vault.add(pat('forever', { expires: 'never' }), 'k')).rejects.toThrow(/a personal token must expire/)
  })
  it('gives provider keys no expiry unless one is chosen (IBM Cloud and AWS keys do not expire by themselves)', async () => {
    expect((await vault.add({ kind: 'provider', platform: 'aws-braket', name: 'braket', fields: { aws_access_key_id: 'AKIA0000000000000000' } }, 'k')).expiresAt).toBeNull()
    expect((await vault.add({ kind: 'provider', platform: 'ibm-quantum', name: 'ibm', expires: '90d' }, 'k')).expiresAt).toBe(T0 + 90 * DAY_MS)
    expect((await vault.add(pat('personal-default'), 'k')).expiresAt).toBe(T0 + 30 * DAY_MS)
  })
  it('leaves no row behind when the keychain refuses the secret', async () => {
    secrets.failNext = new TokenDeskError('keychain_unavailable', 'locked')
    await expect(vault.add(pat('locked'), 'k')).rejects.toThrow(/locked/)
    expect(vault.list().total).toBe(0)
    expect(db.prepare('SELECT count(*) n FROM tokens').get()).toEqual({ n: 0 })
  })
})

describe('lifecycle', () => {
  it('revoke → restore → revoke → delete, each audited; delete is permanent and fails at once after', async () => {
    const t = await vault.add(pat('life'), 'sec')
    expect(vault.revoke('life').status).toBe('revoked')
    expect(vault.restore('life').status).toBe('active')
    vault.revoke(t.id)
    await vault.delete('life')
    expect(secrets.entries.size).toBe(0)
    expect(await code(vault.reveal(t.id))).toBe('not_found')
    expect(await code(() => vault.show('life'))).toBe('not_found')
    expect(vault.history(t.id).map((a) => a.action)).toEqual(['deleted', 'revoked', 'restored', 'revoked', 'created'])
  })
  it('refuses to delete a token that is not revoked, saying to revoke first', async () => {
    await vault.add(pat('live'), 'sec')
    await expect(vault.delete('live')).rejects.toThrow(/revoke it first/)
    expect(await code(vault.delete('live'))).toBe('rule_refused')
    expect(secrets.entries.size).toBe(1)
  })
  it('refuses to restore what is not revoked and to revoke twice', async () => {
    await vault.add(pat('once'), 'sec')
    expect(await code(() => vault.restore('once'))).toBe('rule_refused')
    vault.revoke('once')
    expect(await code(() => vault.revoke('once'))).toBe('rule_refused')
  })
  it('can revoke an expired token', async () => {
    await vault.add(pat('exp'), 'sec')
    clock.advance(31 * DAY_MS)
    expect(vault.show('exp').token.status).toBe('expired')
    expect(vault.revoke('exp').status).toBe('revoked')
  })
  it('reveal returns the secret and records last use', async () => {
    await vault.add(pat('use'), 'the-secret')
    clock.advance(1000)
    expect(await vault.reveal('use')).toBe('the-secret')
    expect(vault.show('use').token.lastUsedAt).toBe(T0 + 1000)
  })
  it('rotate replaces the secret under a new keychain entry and drops the old one', async () => {
    const t = await vault.add(pat('rot'), 'old')
    await vault.rotate('rot', 'new')
    expect(await vault.reveal(t.id)).toBe('new')
    expect([...secrets.entries.keys()]).toEqual([`${t.id}.2`])
  })
  it('resolves names only when unambiguous', async () => {
    await vault.add(pat('same'), 'a')
    await vault.add({ kind: 'personal', platform: 'qualytics', name: 'same' }, 'b')
    await expect(vault.reveal('same')).rejects.toThrow(/2 tokens are named "same"; use the id/)
  })
})

describe('organizations', () => {
  it('only owners and maintainers manage org provider tokens; members use them', async () => {
    vault.setOrg('qlab', 'owner')
    const t = await vault.add({ kind: 'provider', platform: 'ibm-quantum', name: 'shared', org: 'qlab' }, 'sec')
    vault.setOrg('qlab', 'member')
    expect(await vault.reveal(t.id)).toBe('sec')
    expect(() => vault.revoke(t.id)).toThrow(/you are a member of "qlab"; only an owner or maintainer may revoke/)
    expect(await code(vault.add({ kind: 'provider', platform: 'ionq', name: 'x', org: 'qlab' }, 's'))).toBe('permission_denied')
    vault.setOrg('qlab', 'maintainer')
    vault.revoke(t.id)
    vault.setOrg('qlab', 'member')
    expect(await code(vault.delete(t.id))).toBe('permission_denied')
    expect(() => vault.restore(t.id)).toThrow(/restore/)
  })
  it('rejects unknown orgs and personal tokens in orgs', async () => {
    expect(await code(vault.add({ kind: 'provider', platform: 'ionq', name: 'x', org: 'nope' }, 's'))).toBe('not_found')
    vault.setOrg('qlab', 'owner')
    await expect(vault.add({ ...pat('x'), org: 'qlab' }, 's')).rejects.toThrow(/a personal token is the user's own and cannot belong to an organization/)
    expect(() => vault.setOrg('qlab', 'admin')).toThrow(/invalid option/i)
  })
})

describe('service tokens', () => {
  const svc = (name: string, extra: object = {}) => ({ kind: 'service' as const, platform: 'qualytics', name, org: 'acme', fields: { service_account: 'etl-bot' }, ...extra })

  it('belong to an organization and name a service account; only its admins manage them, members use them', async () => {
    expect(await code(vault.add(svc('etl'), 's'))).toBe('not_found')
    vault.setOrg('acme', 'member')
    await expect(vault.add(svc('etl'), 's')).rejects.toThrow('you are a member of "acme"; only an owner or maintainer may add its service tokens')
    vault.setOrg('acme', 'maintainer')
    await expect(vault.add(svc('etl', { org: null }), 's')).rejects.toThrow('a service token belongs to an organization: choose one (--org)')
    await expect(vault.add(svc('etl', { fields: {} }), 's')).rejects.toThrow(/a service token names its service account: set the field service_account/)
    const t = await vault.add(svc('etl'), 'svc-secret')
    // Qualytics' service tokens are meant for pipelines: a longer default than a personal token's.
    expect(t).toMatchObject({ kind: 'service', org: 'acme', fields: { service_account: 'etl-bot' }, expiresAt: T0 + 90 * DAY_MS })
    expect((await vault.add(svc('forever', { expires: 'never' }), 's')).expiresAt).toBeNull()
    // The same name may be a personal token too: names are unique per kind, platform and owner.
    await vault.add(pat('etl', { platform: 'qualytics' }), 's')
    await expect(vault.add(svc('etl'), 's')).rejects.toThrow('a service token named "etl" for qualytics already exists in acme; choose another name')

    vault.setOrg('acme', 'member')
    expect(await vault.reveal(t.id)).toBe('svc-secret')
    expect(() => vault.revoke(t.id)).toThrow('you are a member of "acme"; only an owner or maintainer may revoke its service tokens')
    expect(() => vault.edit(t.id, { note: 'x' })).toThrow(/may update its service tokens/)
    vault.setOrg('acme', 'owner')
    vault.revoke(t.id)
    await vault.delete(t.id)
    expect(vault.list({ kind: 'service' }).items.map((x) => x.name)).toEqual(['forever'])
    expect(vault.list({ kind: 'personal' }).items.map((x) => x.name)).toEqual(['etl'])
  })
})

describe('list', () => {
  it('filters by status, kind, platform, org and search, and sorts — agreeing with tokenStatus', async () => {
    vault.setOrg('qlab', 'owner')
    await vault.add(pat('alpha', { expires: '90d' }), 's')
    await vault.add(pat('beta'), 's')
    await vault.add({ kind: 'provider', platform: 'ionq', name: 'gamma', org: 'qlab', expires: 'never' }, 's')
    await vault.add(pat('delta', { expires: '60d' }), 's')
    vault.revoke('delta')
    clock.advance(25 * DAY_MS) // beta is 5 days from expiry
    const all = vault.list({ limit: 1000 }).items
    for (const t of all) expect(t.status).toBe(tokenStatus(t, clock(), 7 * DAY_MS))
    expect(vault.list({ status: 'expiring' }).items.map((t) => t.name)).toEqual(['beta'])
    expect(vault.list({ status: 'revoked' }).items.map((t) => t.name)).toEqual(['delta'])
    expect(vault.list({ status: 'active' }).items.map((t) => t.name)).toEqual(['alpha', 'gamma'])
    clock.advance(10 * DAY_MS)
    expect(vault.list({ status: 'expired' }).items.map((t) => t.name)).toEqual(['beta'])
    expect(vault.list({ kind: 'provider' }).items.map((t) => t.name)).toEqual(['gamma'])
    expect(vault.list({ org: null }).total).toBe(3)
    expect(vault.list({ org: 'qlab' }).total).toBe(1)
    expect(vault.list({ search: 'ALP' }).items.map((t) => t.name)).toEqual(['alpha'])
    expect(vault.list({ search: '%' }).total).toBe(0)
    expect(vault.list({ sort: 'expiresAt', dir: 'desc' }).items.map((t) => t.name)).toEqual(['alpha', 'delta', 'beta', 'gamma'])
    expect(vault.list({ limit: 2, offset: 2 }).items.map((t) => t.name)).toEqual(['delta', 'gamma'])
  })
  it('sorted by platform, gives each platform’s count under the same filters, in the list’s order (the app’s group headers)', async () => {
    for (const [p, n] of [['ionq', 'a'], ['ionq', 'b'], ['aws-braket', 'c'], ['ibm-quantum', 'd']] as const) await vault.add({ kind: 'provider', platform: p, name: n }, 's')
    await vault.add(pat('e'), 's')
    vault.revoke('b')
    const page = vault.list({ kind: 'provider', sort: 'platform', limit: 1, offset: 2 })
    expect(page.items.map((t) => t.name)).toEqual(['a'])
    expect(page.groups).toEqual([{ platform: 'aws-braket', count: 1 }, { platform: 'ibm-quantum', count: 1 }, { platform: 'ionq', count: 2 }])
    expect(vault.list({ kind: 'provider', sort: 'platform', dir: 'desc', status: 'active' }).groups).toEqual([{ platform: 'ionq', count: 1 }, { platform: 'ibm-quantum', count: 1 }, { platform: 'aws-braket', count: 1 }])
    expect(vault.list({ kind: 'provider', sort: 'name' }).groups).toBeUndefined()
  })
  it('uses the configured reminder window for "expiring"', async () => {
    await vault.add(pat('soon', { expires: '30d' }), 's')
    clock.advance(16 * DAY_MS)
    expect(vault.show('soon').token.status).toBe('active')
    vault.updateSettings({ expiringWindowDays: 14 })
    expect(vault.show('soon').token.status).toBe('expiring')
    expect(() => vault.updateSettings({ expiringWindowDays: 0 })).toThrow(/expiringWindowDays/)
  })
})

describe('reconcile', () => {
  it('rolls back a dead process’s unfinished work but leaves a running process’s alone', async () => {
    const repo = new TokenRepo(db)
    const base = { kind: 'personal' as const, platform: 'planqk', org: null, scopes: [], fields: {}, note: null, createdAt: T0, expiresAt: T0 + DAY_MS }
    repo.insertPending({ ...base, id: 'dead', name: 'dead', secretRef: 'dead.1' })
    repo.insertPending({ ...base, id: 'live', name: 'live', secretRef: 'live.1' })
    // A pid that cannot exist (above the kernel's pid_max) and one that surely runs (init).
    repo.update('dead', { opPid: 2 ** 22 + 1 })
    repo.update('live', { opPid: 1 })
    secrets.entries.set('dead.1', 'orphan')
    const report = await vault.reconcile()
    expect(report.rolledBackCreates).toEqual(['dead'])
    expect(secrets.entries.has('dead.1')).toBe(false)
    expect(repo.find('live')?.state).toBe('pending')
  })

  it('after a keychain that was never reached, drops the row at once without a second keychain call', async () => {
    const { KeychainUnavailableError } = await import('./secrets/secret-store')
    let calls = 0
    const failing = {
      description: 'test',
      set: async () => {
        calls++
        throw new KeychainUnavailableError('test', 'no bus', true)
      },
      get: async () => null,
      delete: async () => {
        calls++
        return false
      },
      refs: async () => [],
    }
    const v = new Vault({ repo: new TokenRepo(db), secrets: failing, clock, actor: 'test' })
    await expect(v.add(pat('nobus'), 's')).rejects.toMatchObject({ code: 'keychain_unavailable' })
    expect(calls).toBe(1)
    expect(db.prepare('SELECT count(*) n FROM tokens').get()).toEqual({ n: 0 })
  })

  it('keeps the pending row for reconcile when a half-answered write cannot be cleaned up', async () => {
    secrets.failNext = new Error('timed out mid-write')
    const del = secrets.delete.bind(secrets)
    secrets.delete = async () => {
      throw new Error('still not answering')
    }
    await expect(vault.add(pat('half'), 's')).rejects.toThrow(/timed out/)
    expect(vault.list().total).toBe(0)
    expect(db.prepare("SELECT state FROM tokens WHERE name = 'half'").get()).toEqual({ state: 'pending' })
    secrets.delete = del
  })
})

describe('attention and expiryDates', () => {
  it('lists expired and expiring tokens soonest first, agreeing with tokenStatus; revoked never', async () => {
    await vault.add(pat('later', { expires: '90d' }), 's')
    await vault.add(pat('soon', { expires: '30d' }), 's')
    await vault.add(pat('sooner', { expires: '30d' }), 's')
    await vault.add(pat('gone', { expires: '30d' }), 's')
    vault.revoke('gone')
    await vault.add({ kind: 'provider', platform: 'ionq', name: 'forever', expires: 'never' }, 's')
    clock.advance(24 * DAY_MS)
    expect(vault.attention(1000).items.map((t) => t.name)).toEqual(['soon', 'sooner'])
    clock.advance(6 * DAY_MS + 1)
    const attention = vault.attention(1000).items
    expect(attention.map((t) => [t.name, t.status])).toEqual([
      ['soon', 'expired'],
      ['sooner', 'expired'],
    ])
    const all = vault.list({ limit: 1000 }).items
    expect(all.filter((t) => t.status === 'expired' || t.status === 'expiring').map((t) => t.name).sort()).toEqual(['soon', 'sooner'])
    expect(vault.expiryDates().map((t) => t.name).sort()).toEqual(['later', 'soon', 'sooner'])
  })

  it('gives the banner the soonest few and counts all of them, expired and expiring apart', async () => {
    // T0 is 2026-11-24; a date is valid through its end (UTC).
    for (let i = 0; i < 7; i++) await vault.add(pat(`wave-${i}`, { expires: i < 3 ? '2026-11-29' : '2026-12-04' }), 's')
    await vault.add(pat('distant', { expires: '90d' }), 's')
    await vault.add(pat('revoked-soon', { expires: '2026-11-29' }), 's')
    vault.revoke('revoked-soon')
    clock.advance(7 * DAY_MS) // the 5-day ones have expired, the 10-day ones expire within the 7-day window
    const head = vault.attention(4)
    expect(head.items.map((t) => t.name)).toEqual(['wave-0', 'wave-1', 'wave-2', 'wave-3'])
    expect({ expired: head.expired, expiring: head.expiring }).toEqual({ expired: 3, expiring: 4 })
    expect(vault.attentionCounts()).toEqual({ expired: 3, expiring: 4 })
    // The counts agree with the statuses the list shows.
    const statuses = vault.list({ limit: 1000 }).items.map((t) => t.status)
    expect(statuses.filter((s) => s === 'expired')).toHaveLength(3)
    expect(statuses.filter((s) => s === 'expiring')).toHaveLength(4)
    expect(vault.attention(50).items).toHaveLength(7)
    clock.advance(100 * DAY_MS)
    expect(vault.attentionCounts()).toEqual({ expired: 8, expiring: 0 })
  })
})

describe('problem marks', () => {
  it('a read or a new secret clears "secret missing" but keeps "deleted on the platform"', async () => {
    const repo = new TokenRepo(db)
    const a = await vault.add(pat('missing'), 's1')
    const b = await vault.add(pat('gone-remote'), 's2')
    repo.update(a.id, { problem: 'secret_missing' })
    repo.update(b.id, { problem: 'deleted_on_platform' })
    await vault.reveal(a.id)
    await vault.reveal(b.id)
    expect(vault.show(a.id).token.problem).toBeNull()
    expect(vault.show(b.id).token.problem).toBe('deleted_on_platform')
    await vault.rotate(b.id, 's3')
    expect(vault.show(b.id).token.problem).toBe('deleted_on_platform')
  })
})
