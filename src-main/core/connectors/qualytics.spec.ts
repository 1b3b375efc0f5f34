import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { PlatformError } from './http'
import { createConnector } from './registry'
import type { Connector } from './types'
import { type FakeQualytics, QUALYTICS_MEMBER_MGMT, QUALYTICS_MGMT, QUALYTICS_SERVICE_ACCOUNT, startFakeQualytics } from '../../../test/fakes/qualytics'

/** The documented Qualytics API's stand-in (test/fakes/qualytics.ts). MGMT is an admin, MEMBER_MGMT is not. */
const MGMT = QUALYTICS_MGMT
const MEMBER_MGMT = QUALYTICS_MEMBER_MGMT
const SERVICE_ACCOUNT = QUALYTICS_SERVICE_ACCOUNT
let fake: FakeQualytics
let requests: FakeQualytics['requests']
let base: string
let qualytics: Connector

beforeAll(async () => {
  fake = await startFakeQualytics()
  ;({ requests, url: base } = fake)
  qualytics = createConnector({ kind: 'qualytics', baseUrl: base, managementToken: MGMT, timeoutMs: 2000 })
})

afterAll(() => fake.close())

describe('QualyticsConnector (documented API only)', () => {
  it('declares what it supports', () => {
    expect(qualytics.capabilities).toEqual({
      whoami: false,
      listTokens: true,
      createToken: true,
      revokeToken: true,
      restoreToken: true,
      deleteToken: true,
      checkToken: true,
      scopes: false,
      expiresAt: false,
    })
  })

  it('creates a token with name and expires_in_days and gets bearer_token once', async () => {
    const { token, secret } = await qualytics.createToken({ name: 'ci-pipeline', expiresInDays: 90 })
    expect(secret).toBe('qualytics-pat-1-bbbbbbbbbbbb')
    expect(token).toEqual({
      remoteId: '1',
      name: 'ci-pipeline',
      createdAt: Date.parse('2026-11-24T12:00:00Z'),
      expiresAt: Date.parse('2026-11-24T12:00:00Z') + 90 * 86_400_000,
      active: true,
      lastUsedAt: null,
      scopes: [],
    })
    const sent = requests.at(-1)!
    expect(sent).toEqual({ method: 'POST', url: '/api/user-tokens', body: { name: 'ci-pipeline', expires_in_days: 90 } })
  })

  it('sends null for a token that never expires', async () => {
    const { token, secret } = await qualytics.createToken({ name: 'no-expiry', expiresInDays: null })
    expect(token.expiresAt).toBeNull()
    expect(requests.at(-1)!.body).toEqual({ name: 'no-expiry', expires_in_days: null })
    expect(secret).toMatch(/^qualytics-pat-2/)
  })

  it('lists tokens without secrets', async () => {
    const list = await qualytics.listTokens()
    expect(list.map((t) => [t.remoteId, t.name, t.active])).toEqual([
      ['1', 'ci-pipeline', true],
      ['2', 'no-expiry', true],
    ])
    expect(JSON.stringify(list)).not.toContain('qualytics-pat')
  })

  it('maps a duplicate name to conflict', async () => {
    const err = (await qualytics.createToken({ name: 'ci-pipeline', expiresInDays: 30 }).catch((e: unknown) => e)) as PlatformError
    expect(err).toBeInstanceOf(PlatformError)
    expect(err.kind).toBe('conflict')
    expect(err.message).not.toContain(MGMT)
  })

  it('refuses what Qualytics does not take: scopes and exact dates', async () => {
    await expect(qualytics.createToken({ name: 'x', expiresInDays: 30, scopes: ['read'] })).rejects.toThrow(/no scopes/)
    await expect(qualytics.createToken({ name: 'x', expiresAt: Date.now() + 86_400_000 })).rejects.toThrow(/in days/)
  })

  it('checks a token with the documented list call', async () => {
    expect(await qualytics.checkToken('qualytics-pat-1-bbbbbbbbbbbb')).toMatchObject({ ok: true, status: 'works' })
    const bad = await qualytics.checkToken('not-a-real-token-zzzz')
    expect(bad).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })
    expect(bad.message).not.toContain('not-a-real-token-zzzz')
  })

  it('revokes and restores with PUT {revoke}, deletes a revoked token with DELETE', async () => {
    await qualytics.revokeToken('2')
    expect(requests.at(-1)).toEqual({ method: 'PUT', url: '/api/user-tokens/2', body: { revoke: true } })
    expect((await qualytics.listTokens()).find((t) => t.remoteId === '2')!.active).toBe(false)
    expect(await qualytics.checkToken('qualytics-pat-2-bbbbbbbbbbbb')).toMatchObject({ status: 'rejected' })
    await qualytics.restoreToken('2')
    expect(requests.at(-1)).toEqual({ method: 'PUT', url: '/api/user-tokens/2', body: { revoke: false } })
    expect(await qualytics.checkToken('qualytics-pat-2-bbbbbbbbbbbb')).toMatchObject({ status: 'works' })
    await expect(qualytics.deleteToken('2')).rejects.toMatchObject({ kind: 'conflict' })
    await qualytics.revokeToken('2')
    await qualytics.deleteToken('2')
    expect(requests.at(-1)).toEqual({ method: 'DELETE', url: '/api/user-tokens/2', body: undefined })
    expect((await qualytics.listTokens()).map((t) => t.remoteId)).toEqual(['1'])
    await expect(qualytics.revokeToken('2')).rejects.toMatchObject({ kind: 'not_found' })
  })

  it('service tokens: an admin creates one for a service account (user_id) and lists them; a member lists only its own', async () => {
    const { token } = await qualytics.createToken({ name: 'etl-service', expiresInDays: 30, fields: { service_user_id: String(SERVICE_ACCOUNT) } })
    expect(requests.at(-1)).toEqual({ method: 'POST', url: '/api/user-tokens', body: { name: 'etl-service', expires_in_days: 30, user_id: SERVICE_ACCOUNT } })
    expect((await qualytics.listTokens()).map((t) => t.name)).toEqual(['ci-pipeline', 'etl-service'])
    expect(requests.at(-1)!.url).toBe('/api/user-tokens/service')
    const member = createConnector({ kind: 'qualytics', baseUrl: base, managementToken: MEMBER_MGMT, timeoutMs: 2000 })
    expect((await member.listTokens()).map((t) => t.name)).toEqual(['ci-pipeline'])
    await expect(member.createToken({ name: 'x', expiresInDays: 1, fields: { service_user_id: '77' } })).rejects.toMatchObject({ kind: 'forbidden' })
    await expect(qualytics.createToken({ name: 'y', expiresInDays: 1, fields: { service_user_id: '77; drop' } })).rejects.toThrow(/numeric user id/)
    await qualytics.revokeToken(token.remoteId)
    await qualytics.deleteToken(token.remoteId)
  })

  it.each(['whoami'] as const)('%s is refused with where to do it instead', async (op) => {
    const calls: Record<typeof op, () => Promise<unknown>> = {
      whoami: () => qualytics.whoami(),
    }
    const before = requests.length
    const err = (await calls[op]().catch((e: unknown) => e)) as TokenDeskError
    expect(err).toBeInstanceOf(TokenDeskError)
    expect(err.code).toBe('rule_refused')
    expect(err.message).toMatch(/not documented by Qualytics/)
    expect(requests.length).toBe(before)
  })

  it('reports a rejected management token as unauthorized with what to do', async () => {
    const wrong = createConnector({ kind: 'qualytics', baseUrl: base, managementToken: 'expired-management-token', connectionName: 'Acme Qualytics' })
    const err = (await wrong.listTokens().catch((e: unknown) => e)) as PlatformError
    expect(err.kind).toBe('unauthorized')
    expect(err.message).toMatch(/the platform rejected the management token for connection "Acme Qualytics".*reconnect with a new token/)
    expect(err.message).not.toContain('expired-management-token')
  })
})
