import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { ROUTES } from './routes'
import { type Hub, MAX_BODY_BYTES, startHub } from './server'

const DAY_MS = 24 * 60 * 60 * 1000
let now = Date.UTC(2026, 10, 24, 12, 0, 0)
const dir = mkdtempSync(join(tmpdir(), 'tokendesk-hub-'))
const logLines: string[] = []
const secretsSeen: string[] = []
let hub: Hub
let demo: string

async function call(method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; type?: string } = {}) {
  const headers: Record<string, string> = {}
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | undefined
  if (opts.raw !== undefined) body = opts.raw
  else if (opts.body !== undefined) body = JSON.stringify(opts.body)
  if (body !== undefined) headers['content-type'] = opts.type ?? 'application/json'
  const res = await fetch(`${hub.url}${path}`, { method, headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as any) : undefined }
}

beforeAll(async () => {
  hub = await startHub({ port: 0, dbPath: join(dir, 'hub.sqlite'), clock: () => now, seed: true, log: (l) => logLines.push(l) })
  demo = hub.seeded!.managementToken
  secretsSeen.push(demo)
})

afterAll(async () => {
  await hub.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('hub seeding and identity', () => {
  it('seeds demo (owner of quantum-lab) with one management token', async () => {
    expect(demo).toMatch(/^tdh_[A-Za-z0-9_-]{40,}$/)
    const me = await call('GET', '/api/v1/me', { token: demo })
    expect(me.status).toBe(200)
    expect(me.json.user.name).toBe('demo')
    expect(me.json.orgs).toEqual([{ name: 'quantum-lab', role: 'owner' }])
    expect(me.text).not.toContain(demo)
  })
  it('does not seed again on restart and keeps data', async () => {
    const again = await startHub({ port: 0, dbPath: join(dir, 'hub.sqlite'), seed: true, log: () => {} })
    try {
      expect(again.seeded).toBeNull()
      const res = await fetch(`${again.url}/api/v1/me`, { headers: { authorization: `Bearer ${demo}` } })
      expect(res.status).toBe(200)
    } finally {
      await again.close()
    }
  })
  it('answers 401 with a challenge for missing and unknown tokens', async () => {
    const none = await call('GET', '/api/v1/me')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(none.json.error.code).toBe('unauthorized')
    expect((await call('GET', '/api/v1/me', { token: 'tdh_nope' })).status).toBe(401)
  })
})

describe('hub tokens', () => {
  it('creates with presets, custom days, dates and never; never returns the secret again', async () => {
    const a = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'preset-90', expires_in_days: 90, scopes: ['tokens:read'] } })
    expect(a.status).toBe(201)
    secretsSeen.push(a.json.secret)
    expect(a.json.token.expires_at).toBe(new Date(now + 90 * DAY_MS).toISOString())
    const b = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'custom-7', expires_in_days: 7 } })
    secretsSeen.push(b.json.secret)
    expect(b.json.token.expires_at).toBe(new Date(now + 7 * DAY_MS).toISOString())
    const c = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'dated', expires_at: '2027-01-15' } })
    secretsSeen.push(c.json.secret)
    expect(c.json.token.expires_at).toBe('2027-01-15T23:59:59.999Z')
    const d = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'forever', expires_in_days: null } })
    secretsSeen.push(d.json.secret)
    expect(d.json.token.expires_at).toBeNull()
    const e = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'defaulted' } })
    secretsSeen.push(e.json.secret)
    expect(e.json.token.expires_at).toBe(new Date(now + 30 * DAY_MS).toISOString())

    const list = await call('GET', '/api/v1/tokens', { token: demo })
    expect(list.json.tokens.map((t: { name: string }) => t.name)).toEqual(['preset-90', 'custom-7', 'dated', 'forever', 'defaulted'])
    for (const s of secretsSeen) expect(list.text).not.toContain(s)
    expect(Object.keys(list.json.tokens[0]).sort()).toEqual(
      ['active', 'created_at', 'expires_at', 'id', 'last_used_at', 'name', 'revoked_at', 'scopes', 'status'].sort(),
    )
  })
  it.each([
    [{ name: 'Bad_Name' }, /name/],
    [{ name: 'a--b' }, /name/],
    [{ name: 'x'.repeat(65) }, /64/],
    [{ name: 'ok', expires_in_days: 0 }, /at least 1/],
    [{ name: 'ok', expires_in_days: 366 }, /at most 365/],
    [{ name: 'ok', expires_in_days: 1.5 }, /whole number/],
    [{ name: 'ok', expires_at: '2020-01-01' }, /in the past/],
    [{ name: 'ok', expires_at: '2030-01-01' }, /more than 365 days/],
    [{ name: 'ok', expires_at: 'soon' }, /ISO date/],
    [{ name: 'ok', expires_in_days: 30, expires_at: '2027-01-01' }, /not both/],
    [{ name: 'ok', scopes: ['root'] }, /unknown scope/],
    [{ name: 'ok', extra: 1 }, /extra/],
  ])('rejects %j with 400', async (body, msg) => {
    const r = await call('POST', '/api/v1/tokens', { token: demo, body })
    expect(r.status).toBe(400)
    expect(r.json.error.code).toBe('invalid_input')
    expect(r.json.error.message).toMatch(msg)
  })
  it('409 on a duplicate name', async () => {
    const r = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'preset-90' } })
    expect(r.status).toBe(409)
    expect(r.json.error.message).toMatch(/already have a token named "preset-90"/)
  })
  it('a token cannot grant scopes it lacks', async () => {
    const writer = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'writer', scopes: ['tokens:write'] } })
    secretsSeen.push(writer.json.secret)
    const r = await call('POST', '/api/v1/tokens', { token: writer.json.secret, body: { name: 'escalate', scopes: ['orgs:write'] } })
    expect(r.status).toBe(403)
    expect(r.json.error.message).toMatch(/cannot grant scopes it does not hold: orgs:write/)
  })
})

describe('hub robustness', () => {
  it('rejects bad JSON without echoing it', async () => {
    const r = await call('POST', '/api/v1/tokens', { token: demo, raw: '{"name": "tdh_leak' })
    expect(r.status).toBe(400)
    expect(r.json.error).toEqual({ code: 'bad_json', message: 'request body is not valid JSON' })
  })
  it('rejects non-JSON content types', async () => {
    const r = await call('POST', '/api/v1/tokens', { token: demo, raw: 'name=x', type: 'application/x-www-form-urlencoded' })
    expect(r.status).toBe(415)
  })
  it('refuses bodies over 64 KiB, declared or streamed', async () => {
    const big = JSON.stringify({ name: 'big', pad: 'x'.repeat(MAX_BODY_BYTES) })
    const declared = await call('POST', '/api/v1/tokens', { token: demo, raw: big })
    expect(declared.status).toBe(413)
    expect(declared.json.error.code).toBe('payload_too_large')
    // Chunked: no Content-Length, so the limit is enforced while reading.
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${hub.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${demo}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (c) => (body += c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      for (let i = 0; i < 10; i++) req.write('x'.repeat(10_000))
      req.end()
    })
    expect(streamed.status).toBe(413)
  })
  it('answers unknown paths with 404 and wrong methods with 405 + Allow, never a stack', async () => {
    const nf = await call('GET', '/api/v2/nothing', { token: demo })
    expect(nf.status).toBe(404)
    const na = await call('PATCH', '/api/v1/tokens', { token: demo })
    expect(na.status).toBe(405)
    expect(na.headers.get('allow')).toBe('GET, POST')
    for (const r of [nf, na]) expect(r.text).not.toMatch(/at .*\.ts:\d+/)
  })
  it('marks responses no-store', async () => {
    const r = await call('GET', '/api/v1/me', { token: demo })
    expect(r.headers.get('cache-control')).toBe('no-store')
  })
})

describe('hub orgs', () => {
  let ada: string
  beforeAll(() => {
    ada = hub.admin.issueManagementToken('ada', 'ada-mgmt')
    secretsSeen.push(ada)
  })
  it('lets the owner add and replace a provider token, and members read metadata only', async () => {
    const put = await call('PUT', '/api/v1/orgs/quantum-lab/provider-tokens/ibm-quantum', { token: demo, body: { secret: 'ibm-secret-value-1', note: 'shared' } })
    expect(put.status).toBe(201)
    expect(put.text).not.toContain('ibm-secret-value-1')
    const again = await call('PUT', '/api/v1/orgs/quantum-lab/provider-tokens/ibm-quantum', { token: demo, body: { secret: 'ibm-secret-value-2' } })
    expect(again.status).toBe(200)
    const list = await call('GET', '/api/v1/orgs/quantum-lab/provider-tokens', { token: ada })
    expect(list.status).toBe(200)
    expect(list.json.role).toBe('member')
    expect(list.json.provider_tokens).toHaveLength(1)
    expect(list.json.provider_tokens[0].updated_by).toBe('demo')
    expect(list.text).not.toContain('ibm-secret-value')
  })
  it('refuses a member PUT/DELETE with 403 naming the role needed', async () => {
    const put = await call('PUT', '/api/v1/orgs/quantum-lab/provider-tokens/ionq', { token: ada, body: { secret: 's' } })
    expect(put.status).toBe(403)
    expect(put.json.error.message).toMatch(/you are a member of "quantum-lab"; only an owner or maintainer may add/)
    const del = await call('DELETE', '/api/v1/orgs/quantum-lab/provider-tokens/ibm-quantum', { token: ada })
    expect(del.status).toBe(403)
  })
  it('lets a maintainer manage', async () => {
    hub.admin.setRole('quantum-lab', 'ada', 'maintainer')
    const put = await call('PUT', '/api/v1/orgs/quantum-lab/provider-tokens/ionq', { token: ada, body: { secret: 'ionq-key' } })
    expect(put.status).toBe(201)
    expect((await call('DELETE', '/api/v1/orgs/quantum-lab/provider-tokens/ionq', { token: ada })).status).toBe(204)
    expect((await call('GET', '/api/v1/orgs/quantum-lab/provider-tokens/ionq', { token: ada })).status).toBe(404)
    hub.admin.setRole('quantum-lab', 'ada', 'member')
  })
  it('lets a member use the provider token through a job, with the backend scope', async () => {
    const job = await call('POST', '/api/v1/orgs/quantum-lab/backends/ibm-quantum/jobs', { token: ada, body: { program: 'OPENQASM 3;' } })
    expect(job.status).toBe(202)
    expect(job.json.job).toMatchObject({ org: 'quantum-lab', provider: 'ibm-quantum', status: 'queued', submitted_by: 'ada', shots: 1024 })
    const meta = await call('GET', '/api/v1/orgs/quantum-lab/provider-tokens/ibm-quantum', { token: ada })
    expect(meta.json.provider_token.last_used_at).not.toBeNull()
    const scoped = await call('POST', '/api/v1/tokens', { token: demo, body: { name: 'ionq-only', scopes: ['backends:ionq'] } })
    secretsSeen.push(scoped.json.secret)
    const denied = await call('POST', '/api/v1/orgs/quantum-lab/backends/ibm-quantum/jobs', { token: scoped.json.secret, body: { program: 'x' } })
    expect(denied.status).toBe(403)
    expect(denied.json.error.message).toMatch(/lacks the "backends:ibm-quantum" scope/)
    const missing = await call('POST', '/api/v1/orgs/quantum-lab/backends/ionq/jobs', { token: scoped.json.secret, body: { program: 'x' } })
    expect(missing.status).toBe(404)
  })
  it('hides organizations the caller is not in', async () => {
    hub.admin.createOrg('other-lab')
    const r = await call('GET', '/api/v1/orgs/other-lab/provider-tokens', { token: ada })
    expect(r.status).toBe(404)
    expect((await call('GET', '/api/v1/orgs', { token: ada })).json.orgs).toEqual([{ name: 'quantum-lab', role: 'member' }])
  })
})

describe('hub request log', () => {
  it('has one line per request and never a secret or Authorization header', async () => {
    await call('GET', `/api/v1/tokens/${encodeURIComponent(demo)}?token=${demo}`, { token: demo })
    expect(logLines.length).toBeGreaterThan(20)
    for (const line of logLines) expect(line).toMatch(/^[A-Z]+ \/\S* \d{3} \d+ms$|^internal error/)
    const all = logLines.join('\n')
    for (const s of [...secretsSeen, 'ibm-secret-value-1', 'ibm-secret-value-2', 'ionq-key']) expect(all).not.toContain(s)
    expect(all.toLowerCase()).not.toContain('bearer')
    expect(all).not.toContain('tdh_')
  })
})

describe('openapi.yaml', () => {
  const doc = parse(readFileSync(join(__dirname, 'openapi.yaml'), 'utf8')) as { openapi: string; paths: Record<string, Record<string, unknown>> }
  const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options']
  it('is OpenAPI 3.1 and documents exactly the implemented routes', () => {
    expect(doc.openapi).toMatch(/^3\.1\./)
    const documented = Object.entries(doc.paths)
      .flatMap(([p, ops]) => Object.keys(ops).filter((m) => METHODS.includes(m)).map((m) => `${m.toUpperCase()} ${p}`))
      .sort()
    const implemented = ROUTES.map((r) => `${r.method} ${r.path}`).sort()
    expect(documented).toEqual(implemented)
  })
  it('documents the 401 for every route', () => {
    for (const r of ROUTES) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()] as { responses: Record<string, unknown> }
      expect(op.responses['401'], `${r.method} ${r.path}`).toBeDefined()
    }
  })
})

describe('hub connection limits', () => {
  it('closes a client that trickles its headers (slowloris) once the header timeout passes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-slow-'))
    const slow = await startHub({ port: 0, dbPath: join(dir, 'hub.sqlite'), log: () => {}, headersTimeoutMs: 1_000, requestTimeoutMs: 1_000 })
    try {
      const started = Date.now()
      const closedAfter = await new Promise<number>((resolve) => {
        const socket = connect(slow.port, '127.0.0.1', () => socket.write('GET /api/v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n'))
        // One more header line every 200 ms, never the blank line that ends them.
        let n = 0
        const drip = setInterval(() => socket.write(`X-Drip-${n++}: 1\r\n`), 200)
        socket.on('error', () => undefined)
        socket.on('close', () => {
          clearInterval(drip)
          resolve(Date.now() - started)
        })
        setTimeout(() => socket.destroy(), 10_000) // the bound of this test, not of the hub
      })
      expect(closedAfter).toBeGreaterThanOrEqual(900)
      expect(closedAfter).toBeLessThan(4_000) // timeout 1 s + checking every 1 s, with room for a busy machine
    } finally {
      await slow.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
