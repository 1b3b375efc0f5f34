import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { PlatformError } from './http'
import { createConnector } from './registry'
import type { Connector } from './types'

/** A local stand-in for a Qualytics instance using exactly the documented shapes. */
const MGMT = 'qualytics-management-jwt-aaaaaaaaaaaaaaaa'
interface Row { id: number; created: string; name: string; active: boolean; expiration: string | null; last_used: string | null; token: string }
const rows: Row[] = []
const requests: { method: string; url: string; body: unknown }[] = []
let server: Server
let base: string
let qualytics: Connector

function send(res: ServerResponse, status: number, body: unknown) {
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
    const caller = bearer === MGMT ? 'mgmt' : rows.find((r) => r.token === bearer && r.active)
    if (!caller) return send(res, 401, { detail: 'Could not validate credentials' })
    if (req.url !== '/api/user-tokens') return send(res, 404, { detail: 'Not Found' })
    if (req.method === 'GET') {
      const user = { id: 42, user_name: 'john.doe', role: 'Member', user_type: 'Human' }
      return send(res, 200, rows.map(({ token: _t, ...r }) => ({ ...r, user })))
    }
    if (req.method === 'POST') {
      const b = body as { name: string; expires_in_days: number | null }
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
      }
      rows.push(row)
      const { token, ...meta } = row
      return send(res, 200, { ...meta, bearer_token: token })
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
      revokeToken: false,
      restoreToken: false,
      deleteToken: false,
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

  it.each(['whoami', 'revokeToken', 'restoreToken', 'deleteToken'] as const)('%s is refused with where to do it instead', async (op) => {
    const calls: Record<typeof op, () => Promise<unknown>> = {
      whoami: () => qualytics.whoami(),
      revokeToken: () => qualytics.revokeToken('1'),
      restoreToken: () => qualytics.restoreToken('1'),
      deleteToken: () => qualytics.deleteToken('1'),
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
