import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { HubConnector } from './hub'
import { PlanqkConnector } from './planqk'
import { QualyticsConnector } from './qualytics'
import { checkBaseUrl, createConnector } from './registry'

describe('checkBaseUrl', () => {
  it.each(['https://acme.qualytics.io', 'https://x.example.com/api', 'http://127.0.0.1:8787', 'http://localhost:3000', 'http://[::1]:9'])(
    'accepts %s',
    (u) => expect(checkBaseUrl(u)).toBeInstanceOf(URL),
  )
  it.each([
    ['http://acme.qualytics.io', /use https:\/\/ for acme.qualytics.io/],
    ['ftp://127.0.0.1', /must start with https/],
    ['not a url', /not a valid URL/],
    ['https://user:pw@acme.io', /user name or password/],
    ['https://acme.io/?token=abc', /query/],
  ])('rejects %s', (u, msg) => {
    expect(() => checkBaseUrl(u)).toThrow(msg)
  })
})

describe('createConnector', () => {
  it('builds the connector for each kind', () => {
    expect(createConnector({ kind: 'tokendesk-hub', baseUrl: 'http://127.0.0.1:1', managementToken: 't' })).toBeInstanceOf(HubConnector)
    expect(createConnector({ kind: 'qualytics', baseUrl: 'https://a.qualytics.io', managementToken: 't' })).toBeInstanceOf(QualyticsConnector)
    expect(createConnector({ kind: 'planqk', baseUrl: 'https://api.example.com' })).toBeInstanceOf(PlanqkConnector)
    expect(createConnector({ kind: 'kipu-hub', baseUrl: 'https://api.example.com' }).kind).toBe('kipu-hub')
  })
  it('requires a management token where calls use one, without echoing bad tokens', () => {
    expect(() => createConnector({ kind: 'qualytics', baseUrl: 'https://a.io' })).toThrow(/management token is required/)
    try {
      createConnector({ kind: 'qualytics', baseUrl: 'https://a.io', managementToken: 'secret with spaces' })
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(TokenDeskError)
      expect((e as Error).message).toMatch(/paste it again/)
      expect((e as Error).message).not.toContain('secret with spaces')
    }
  })
  it('rejects unknown kinds and out-of-range timeouts', () => {
    expect(() => createConnector({ kind: 'nope' as 'planqk', baseUrl: 'https://a.io' })).toThrow(TokenDeskError)
    expect(() => createConnector({ kind: 'planqk', baseUrl: 'https://a.io', timeoutMs: 1 })).toThrow(/timeoutMs/)
  })
})

describe('PlanqkConnector', () => {
  let server: Server
  let base: string
  const seen: { method?: string; url?: string; token?: string }[] = []
  beforeAll(async () => {
    server = createServer((req, res) => {
      const token = req.headers['x-auth-token'] as string | undefined
      seen.push({ method: req.method, url: req.url, token })
      const status = token === 'good-pat-123456' ? 200 : token === 'forbidden-pat-1' ? 403 : token === 'boom-pat-12345' ? 500 : 401
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(status === 200 ? { ok: true } : { message: `token ${token} refused` }))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  it('checks a PAT with POST /authorize and X-Auth-Token', async () => {
    const planqk = createConnector({ kind: 'planqk', baseUrl: base, timeoutMs: 2000 })
    expect(await planqk.checkToken('good-pat-123456')).toMatchObject({ ok: true, status: 'works', httpStatus: 200 })
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/authorize', token: 'good-pat-123456' })
    expect(await planqk.checkToken('bad-pat-1234567')).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })
    expect(await planqk.checkToken('forbidden-pat-1')).toMatchObject({ ok: false, status: 'rejected', httpStatus: 403 })
  })
  it('throws a server error (without the token) when the platform fails', async () => {
    const planqk = createConnector({ kind: 'planqk', baseUrl: base, timeoutMs: 2000 })
    const err = (await planqk.checkToken('boom-pat-12345').catch((e: unknown) => e)) as Error & { kind: string }
    expect(err.kind).toBe('server')
    expect(err.message).not.toContain('boom-pat-12345')
  })
  it('refuses everything else as undocumented', async () => {
    const planqk = createConnector({ kind: 'planqk', baseUrl: base })
    expect(planqk.capabilities.checkToken).toBe(true)
    expect(Object.entries(planqk.capabilities).filter(([, v]) => v).map(([k]) => k)).toEqual(['checkToken'])
    await expect(planqk.listTokens()).rejects.toThrow(/not documented by PlanQK; do it in the PlanQK web UI/)
    await expect(createConnector({ kind: 'kipu-hub', baseUrl: base }).revokeToken('1')).rejects.toThrow(/Kipu Quantum Hub/)
  })
})
