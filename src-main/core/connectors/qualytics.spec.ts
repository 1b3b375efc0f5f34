import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { PlatformError } from './http'
import { createConnector } from './registry'
import type { Connector } from './types'

/**
 * A local stand-in for a Qualytics instance using the documented shapes (Qualytics user guide,
 * docs/settings/tokens/* and docs/settings/service-token/*; ../shared/platform-apis.md): the
 * list, create (with `user_id` for a service account, admins only), PUT {revoke} and DELETE (only a
 * revoked token), and the admins' service-token list. MGMT is an admin, MEMBER_MGMT is not.
 */
const MGMT = 'qualytics-management-jwt-aaaaaaaaaaaaaaaa'
const MEMBER_MGMT = 'qualytics-member-jwt-cccccccccccccccc'
const SERVICE_ACCOUNT = 77
interface Row { id: number; created: string; name: string; active: boolean; expiration: string | null; last_used: string | null; token: string; userId: number }
const rows: Row[] = []
const requests: { method: string; url: string; body: unknown }[] = []
let server: Server
let base: string
let qualytics: Connector

function send(res: ServerResponse, status: number, body: unknown) {
  if (body === undefined) return void res.writeHead(status).end()
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const c of req) text += c
  return text ? JSON.parse(text) : undefined
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readJson(req)
    requests.push({ method: req.method ?? '', url: req.url ?? '', body })
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const caller = bearer === MGMT ? 'admin' : bearer === MEMBER_MGMT ? 'member' : rows.find((r) => r.token === bearer && r.active)
    if (!caller) return send(res, 401, { detail: 'Could not validate credentials' })
    const view = ({ token: _t, userId, ...r }: Row) => ({ ...r, user: { id: userId, user_name: userId === 42 ? 'john.doe' : 'svc-etl', user_type: userId === 42 ? 'Human' : 'Service' } })
    if (req.url === '/api/user-tokens/service' && req.method === 'GET') {
      if (caller !== 'admin') return send(res, 403, { detail: 'Admin role required' })
      return send(res, 200, rows.filter((r) => r.userId !== 42).map(view))
    }
    const one = /^\/api\/user-tokens\/(\d+)$/.exec(req.url ?? '')
    if (one) {
      const row = rows.find((r) => r.id === Number(one[1]))
      if (!row) return send(res, 404, { detail: 'Token not found' })
      if (req.method === 'PUT') {
        const b = body as { revoke?: unknown }
        if (typeof b?.revoke !== 'boolean') return send(res, 422, { detail: 'revoke: field required' })
        row.active = !b.revoke
        return send(res, 200, view(row))
      }
      if (req.method === 'DELETE') {
        // The guide: only revoked tokens can be deleted (its answer to an active one is not shown).
        if (row.active) return send(res, 409, { detail: 'Only revoked tokens can be deleted' })
        rows.splice(rows.indexOf(row), 1)
        return send(res, 204, undefined)
      }
    }
    if (req.url !== '/api/user-tokens') return send(res, 404, { detail: 'Not Found' })
    if (req.method === 'GET') return send(res, 200, rows.filter((r) => r.userId === 42).map(view))
    if (req.method === 'POST') {
      const b = body as { name: string; expires_in_days: number | null; user_id?: number }
      if (b.user_id !== undefined && caller !== 'admin') return send(res, 403, { detail: 'Admin role required' })
      if (rows.some((r) => r.name === b.name)) return send(res, 409, { detail: `Token with name ${b.name} already exists` })
      const created = '2026-11-24T12:00:00Z'
      const row: Row = {
        id: rows.length + 1,
        created,
        name: b.name,
        active: true,
        expiration: b.expires_in_days === null ? null : new Date(Date.parse(created) + b.expires_in_days * 86_400_000).toISOString(),
        last_used: null,
        token: `qualytics-pat-${rows.length + 1}-bbbbbbbbbbbb`,
        userId: b.user_id ?? 42,
      }
      rows.push(row)
      return send(res, 200, { ...view(row), bearer_token: row.token })
    }
    send(res, 405, { detail: 'Method Not Allowed' })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  qualytics = createConnector({ kind: 'qualytics', baseUrl: base, managementToken: MGMT, timeoutMs: 2000 })
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

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
