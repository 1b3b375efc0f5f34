import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HubConnector } from './hub'
import { HttpClient, parseRetryAfter, PlatformError, redact } from './http'

const SECRET = 'tdh_fault-injection-secret-0123456789'
const hits = new Map<string, number>()
let server: Server
let base: string

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/'
    const n = (hits.get(path) ?? 0) + 1
    hits.set(path, n)
    // Every error body echoes the secret, to prove messages scrub what the platform says.
    const echo = { error: { message: `token ${SECRET} is no good` } }
    const m = /^\/status\/(\d{3})$/.exec(path)
    if (m) return json(res, Number(m[1]), echo)
    switch (path) {
      case '/ok':
        return json(res, 200, { ok: true })
      case '/429-then-ok':
        return n === 1 ? json(res, 429, echo, { 'retry-after': '1' }) : json(res, 200, { ok: true })
      case '/429-always':
        return json(res, 429, echo, { 'retry-after': '0' })
      case '/429-long':
        return json(res, 429, echo, { 'retry-after': '120' })
      case '/429-none':
        return json(res, 429, echo)
      case '/malformed':
        res.writeHead(200, { 'content-type': 'application/json' })
        return res.end('{"tokens": [')
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' })
        return res.end('<html>login</html>')
      case '/hang':
        return // never answers
      case '/reset':
        return req.socket.destroy()
      case '/api/v1/me':
        return json(res, 401, echo)
      default:
        return json(res, 404, echo)
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

const sleeps: number[] = []
const client = (over: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}) =>
  new HttpClient({
    baseUrl: base,
    connection: 'test "fault"',
    timeoutMs: 300,
    maxRetryAfterMs: 2_000,
    sleep: async (ms) => void sleeps.push(ms),
    ...over,
  })

async function fail(path: string, c = client()): Promise<PlatformError> {
  try {
    await c.request({ method: 'GET', path, credential: 'the management token', secrets: [SECRET], headers: { authorization: `Bearer ${SECRET}` } })
  } catch (e) {
    expect(e).toBeInstanceOf(PlatformError)
    const err = e as PlatformError
    expect(err.code).toBe('platform')
    expect(err.message).not.toContain(SECRET)
    expect(JSON.stringify(err)).not.toContain(SECRET)
    return err
  }
  throw new Error(`expected ${path} to fail`)
}

describe('HttpClient status mapping', () => {
  it.each([
    [401, 'unauthorized', /rejected the management token for connection test "fault".*reconnect with a new token/],
    [403, 'forbidden', /not allowed to GET \/status\/403.*needed scope or role/],
    [404, 'not_found', /refresh the list/],
    [409, 'conflict', /conflict/],
    [500, 'server', /internal error \(HTTP 500\).*try again later/],
    [503, 'server', /HTTP 503/],
    [400, 'invalid_request', /invalid \(HTTP 400\)/],
  ] as const)('%i → %s, message scrubbed of the secret', async (status, kind, msg) => {
    const err = await fail(`/status/${status}`)
    expect(err.kind).toBe(kind)
    expect(err.status).toBe(status)
    expect(err.message).toMatch(msg)
    expect(err.message).toContain('[redacted]')
  })
  it('returns parsed JSON on 2xx', async () => {
    const res = await client().request({ method: 'GET', path: '/ok', credential: 'x', secrets: [] })
    expect(res.body).toEqual({ ok: true })
  })
})

describe('HttpClient 429 handling', () => {
  it('waits Retry-After (seconds) once, then succeeds', async () => {
    sleeps.length = 0
    const res = await client().request({ method: 'GET', path: '/429-then-ok', credential: 'x', secrets: [] })
    expect(res.status).toBe(200)
    expect(sleeps).toEqual([1000])
    expect(hits.get('/429-then-ok')).toBe(2)
  })
  it('retries at most once', async () => {
    const err = await fail('/429-always')
    expect(err.kind).toBe('rate_limited')
    expect(err.retryAfterMs).toBe(0)
    expect(hits.get('/429-always')).toBe(2)
  })
  it('does not wait longer than the cap: fails at once with retryAfterMs', async () => {
    sleeps.length = 0
    const err = await fail('/429-long')
    expect(err.kind).toBe('rate_limited')
    expect(err.retryAfterMs).toBe(120_000)
    expect(err.message).toMatch(/try again in 120 s/)
    expect(sleeps).toEqual([])
    expect(hits.get('/429-long')).toBe(1)
  })
  it('does not retry without Retry-After', async () => {
    const err = await fail('/429-none')
    expect(err.kind).toBe('rate_limited')
    expect(err.retryAfterMs).toBeUndefined()
    expect(hits.get('/429-none')).toBe(1)
  })
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.UTC(2026, 10, 24, 12, 0, 0)
    expect(parseRetryAfter('5', now)).toBe(5000)
    expect(parseRetryAfter(new Date(now + 7000).toUTCString(), now)).toBe(7000)
    expect(parseRetryAfter(new Date(now - 7000).toUTCString(), now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
  it('really sleeps with the default sleeper, bounded by the cap', async () => {
    const c = new HttpClient({ baseUrl: base, connection: 'c', timeoutMs: 2000, maxRetryAfterMs: 1500 })
    hits.delete('/429-then-ok')
    const t0 = Date.now()
    const res = await c.request({ method: 'GET', path: '/429-then-ok', credential: 'x', secrets: [] })
    expect(res.status).toBe(200)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950)
  })
})

describe('HttpClient transport failures', () => {
  it('malformed JSON on 2xx → malformed', async () => {
    const err = await fail('/malformed')
    expect(err.kind).toBe('malformed')
    expect(err.message).toMatch(/malformed JSON.*check the base URL/)
  })
  it('a hang fails within the deadline → timeout', async () => {
    const t0 = Date.now()
    const err = await fail('/hang')
    expect(err.kind).toBe('timeout')
    expect(err.message).toMatch(/did not answer within 300 ms/)
    expect(Date.now() - t0).toBeLessThan(2000)
  })
  it('a connection reset → network', async () => {
    const err = await fail('/reset')
    expect(err.kind).toBe('network')
    expect(err.message).toMatch(/could not be reached/)
  })
  it('a closed port → network', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const err = await fail('/ok', client({ baseUrl: `http://127.0.0.1:${port}` }))
    expect(err.kind).toBe('network')
    expect(err.message).toMatch(/ECONNREFUSED/)
  })
  it('https to a plain-http port → tls (or network)', async () => {
    const t0 = Date.now()
    const err = await fail('/ok', client({ baseUrl: base.replace('http:', 'https:') }))
    expect(err.kind).toBe('tls')
    expect(Date.now() - t0).toBeLessThan(2000)
  })
})

describe('redact', () => {
  it('replaces every occurrence and ignores trivially short values', () => {
    expect(redact('a SECRET b SECRET', ['SECRET'])).toBe('a [redacted] b [redacted]')
    expect(redact('abc', ['a'])).toBe('abc')
  })
})

describe('connector messages over faults', () => {
  it('names the connection and what to do, never the secret', async () => {
    const c = new HubConnector({ baseUrl: base, connection: '"My hub"', timeoutMs: 300 }, SECRET)
    const err = (await c.whoami().catch((e: unknown) => e)) as PlatformError
    expect(err).toBeInstanceOf(PlatformError)
    expect(err.kind).toBe('unauthorized')
    expect(err.message).toMatch(/^the platform rejected the management token for connection "My hub".*: reconnect with a new token$/)
    expect(err.message).not.toContain(SECRET)
  })
})
