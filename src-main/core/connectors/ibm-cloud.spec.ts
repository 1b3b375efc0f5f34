import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startFakeIbmIam, type FakeIbmIam, type IbmFault } from '../../../test/fakes/ibm-iam'
import { PlatformError } from './http'
import { ACTIVITY_LOOKUPS, ibmExpiresAt, nextPageToken } from './ibm-cloud'
import { createConnector } from './registry'
import type { Connector } from './types'

// The IBM Cloud connector over real HTTP against a fake of IAM that follows IBM's documented
// requests and answers (test/fakes/ibm-iam.ts cites them).

let iam: FakeIbmIam
let user: { iamId: string; accountId: string; apiKey: string }
let ibm: Connector
const connect = (apiKey = user.apiKey, timeoutMs = 1_000) =>
  createConnector({ kind: 'ibm-cloud', baseUrl: iam.url, managementToken: apiKey, timeoutMs, maxRetryAfterMs: 0, connectionName: 'ibm-test' })

beforeAll(async () => {
  iam = await startFakeIbmIam()
})
afterAll(() => iam.close())
beforeEach(() => {
  user = iam.addUser()
  ibm = connect()
})

/** Every string a failure could carry, for the no-secret checks. */
const texts = (e: unknown) => (e instanceof Error ? e.message : String(e))

describe('IBM Cloud connector', () => {
  it('who am I: the management key’s user and account', async () => {
    expect(await ibm.whoami()).toEqual({ user: `${user.iamId} (account ${user.accountId})`, orgs: [] })
  })

  it('generates a key (the secret once, never stored by IAM), lists it, and its expiry comes back', async () => {
    const at = Date.UTC(2027, 0, 31, 17, 30)
    const { token, secret } = await ibm.createToken({ name: 'lab-runner', expiresAt: at })
    expect(secret.length).toBeGreaterThanOrEqual(32)
    expect(token).toMatchObject({ name: 'lab-runner', active: true, expiresAt: at, scopes: [] })
    const created = iam.keys.find((k) => k.id === token.remoteId)!
    expect(created).toMatchObject({ name: 'lab-runner', iam_id: user.iamId, account_id: user.accountId, expires_at: '2027-01-31T17:30+0000', description: 'Created by TokenDesk' })
    const listed = await ibm.listTokens()
    expect(listed.map((t) => t.name)).toEqual(['lab-runner']) // the management key is the connection's, not listed
    expect(JSON.stringify(listed)).not.toContain(secret)
    const never = await ibm.createToken({ name: 'no-expiry', expiresAt: null })
    expect(never.token.expiresAt).toBeNull()
    expect(iam.keys.find((k) => k.id === never.token.remoteId)!.expires_at).toBeUndefined()
  })

  it('refuses scopes: an API key acts with all of its user’s access', async () => {
    await expect(ibm.createToken({ name: 'x', scopes: ['read'], expiresInDays: 30 })).rejects.toThrow(/no scopes/)
    expect(iam.keys.filter((k) => k.iam_id === user.iamId)).toHaveLength(1)
  })

  it('revoke disables, restore enables, delete removes — and the check follows', async () => {
    const { token, secret } = await ibm.createToken({ name: 'cycle', expiresInDays: 30 })
    expect(await ibm.checkToken(secret)).toMatchObject({ ok: true, status: 'works' })
    await ibm.revokeToken(token.remoteId)
    expect((await ibm.listTokens()).find((t) => t.remoteId === token.remoteId)!.active).toBe(false)
    const refused = await ibm.checkToken(secret)
    expect(refused).toMatchObject({ ok: false, status: 'rejected', httpStatus: 400 })
    expect(refused.message).toMatch(/refused the API key.*Provided API key could not be found/)
    expect(refused.message).not.toContain(secret)
    await ibm.restoreToken(token.remoteId)
    expect(await ibm.checkToken(secret)).toMatchObject({ status: 'works' })
    await ibm.deleteToken(token.remoteId)
    expect(iam.keys.some((k) => k.id === token.remoteId)).toBe(false)
    await expect(ibm.deleteToken(token.remoteId)).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('last used comes from the key’s activity', async () => {
    const { token, secret } = await ibm.createToken({ name: 'used', expiresInDays: 30 })
    expect((await ibm.listTokens()).find((t) => t.remoteId === token.remoteId)!.lastUsedAt).toBeNull()
    const before = Date.now()
    await ibm.checkToken(secret) // an authentication with the key
    const used = (await ibm.listTokens()).find((t) => t.remoteId === token.remoteId)!
    expect(used.lastUsedAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000)
    expect(iam.requests.some((r) => r.path === `/v1/apikeys/${token.remoteId}?include_activity=true`)).toBe(true)
  })

  it('reads every page (next → pagetoken), and the activity of the first ' + ACTIVITY_LOOKUPS, async () => {
    const many = iam.addUser({ keys: 130 })
    const c = connect(many.apiKey)
    const start = iam.requests.length
    const listed = await c.listTokens()
    expect(listed).toHaveLength(129)
    expect(new Set(listed.map((t) => t.remoteId)).size).toBe(129)
    const pages = iam.requests.slice(start).filter((r) => r.path.startsWith('/v1/apikeys?'))
    expect(pages.map((r) => new URL(r.path, iam.url).searchParams.get('pagetoken'))).toEqual([null, '100'])
    expect(iam.requests.slice(start).filter((r) => r.path.includes('include_activity=true'))).toHaveLength(ACTIVITY_LOOKUPS)
  })

  it('reuses its bearer token, and gets a new one once 80 % of its life has passed', async () => {
    const issued = iam.issued
    await ibm.listTokens()
    await ibm.whoami()
    await ibm.createToken({ name: 'again', expiresInDays: 1 })
    expect(iam.issued - issued).toBe(1)
    iam.tokenTtlSeconds = 1
    const short = connect()
    await short.whoami()
    await new Promise((r) => setTimeout(r, 900))
    await short.listTokens()
    expect(iam.issued - issued).toBe(3)
    iam.tokenTtlSeconds = 3600
  })

  it('a wrong management key: "refused the IBM Cloud API key", never the key', async () => {
    const wrong = connect('not-a-real-key-0123456789abcdefghijklmnop')
    const e = await wrong.whoami().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PlatformError)
    expect(e).toMatchObject({ kind: 'unauthorized' })
    expect(texts(e)).toMatch(/ibm-test" refused the IBM Cloud API key \(IBM said: "Provided API key could not be found\."\).*connect again/)
    expect(texts(e)).not.toContain('not-a-real-key')
  })

  it.each<[IbmFault, string, RegExp]>([
    [401, 'unauthorized', /rejected the IBM Cloud API key/],
    [403, 'forbidden', /not allowed to GET \/v1\/apikeys/],
    [404, 'not_found', /has nothing at GET/],
    [409, 'conflict', /as a conflict/],
    [429, 'rate_limited', /rate limiting.*try again in 3600 s/],
    [500, 'server', /internal error \(HTTP 500\)/],
    [503, 'server', /HTTP 503/],
    ['malformed', 'malformed', /malformed JSON/],
    ['hang', 'timeout', /did not answer within 1000 ms/],
  ])('the key list answering %s → %s, with words and no secret', async (fault, kind, words) => {
    await ibm.whoami()
    iam.fault(/^\/v1\/apikeys$/, fault)
    const e = await ibm.listTokens().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PlatformError)
    expect(e).toMatchObject({ kind })
    expect(texts(e)).toMatch(words)
    expect(texts(e)).not.toContain(user.apiKey)
  })

  it('a token endpoint that hangs or fails is a clear error, not a hang', async () => {
    iam.fault(/^\/identity\/token$/, 'hang')
    await expect(ibm.whoami()).rejects.toMatchObject({ kind: 'timeout' })
    iam.fault(/^\/identity\/token$/, 500)
    await expect(connect().checkToken('some-key-value-000000000000000000')).rejects.toMatchObject({ kind: 'server' })
  })

  it('formats IBM’s expiry and reads its page links', () => {
    expect(ibmExpiresAt(Date.UTC(2026, 11, 1, 9, 5, 59))).toBe('2026-12-01T09:05+0000')
    expect(nextPageToken('https://iam.cloud.ibm.com/v1/apikeys?account_id=a&pagetoken=abc%3D')).toBe('abc=')
    expect(nextPageToken(undefined)).toBeNull()
    expect(nextPageToken('::not a url')).toBeNull()
  })
})
