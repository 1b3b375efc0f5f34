import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for IBM Cloud IAM (https://iam.cloud.ibm.com) with the documented requests and
 * answers TokenDesk uses, for tests only. Sources, read 2026-11:
 *  - IBM's Node SDK `@ibm-cloud/platform-services` `iam-identity/v1.ts`: paths, query and body
 *    names, the ApiKey model (id, entity_tag, crn, locked, disabled, created_at, created_by,
 *    modified_at, name, expires_at, description, iam_id, account_id, apikey, activity) and
 *    ApiKeyList (offset, limit, first, previous, next, apikeys);
 *  - its integration test `test/integration/iam-identity.v1.test.js`: create answers 201, get and
 *    details 200, disable / enable / delete 204, list pages follow `next`'s `pagetoken`
 *    (getPageTokenFromURL);
 *  - `ibm-cloud-sdk-core` `auth/token-managers/iam-token-manager.ts` and
 *    `iam-request-based-token-manager.ts`: POST /identity/token, form grant_type
 *    `urn:ibm:params:oauth:grant-type:apikey`, `apikey`, `response_type=cloud_iam` →
 *    access_token, refresh_token, token_type, expires_in, expiration (epoch seconds);
 *  - its `lib/request-wrapper.ts`: IAM's error bodies, `{errors: [{code, message}]}` from the
 *    Identity API and `{errorCode, errorMessage}` from the token endpoint.
 * The answer to an unknown API key at the token endpoint (400 BXNIM0415E "Provided API key could
 * not be found") is IBM's documented one; IBM does not document the one for a disabled key, so
 * the fake gives the same 400 (TokenDesk treats any 400/401 there as "refused").
 */

export interface FakeKey {
  id: string
  name: string
  description?: string
  iam_id: string
  account_id: string
  created_at: string
  modified_at: string
  expires_at?: string
  disabled: boolean
  locked: boolean
  /** The key's value: never listed, returned once by create. */
  value: string
  last_authn?: string
  authn_count: number
}

export type IbmFault = 'hang' | 'malformed' | 400 | 401 | 403 | 404 | 409 | 429 | 500 | 503

export interface FakeIbmIam {
  url: string
  keys: FakeKey[]
  /** Every request: method, path (with query), and which credential it carried. */
  requests: { method: string; path: string }[]
  /** Bearer tokens issued, for the expiry test. */
  issued: number
  /** Makes the next `times` requests whose path matches answer with `fault`. */
  fault(match: RegExp, fault: IbmFault, times?: number): void
  /** Seconds an access token lives (IAM's is 3600). */
  tokenTtlSeconds: number
  /** A user with its account; its first key is the management key. */
  addUser(opts?: { keys?: number; expiresAt?: string }): { iamId: string; accountId: string; apiKey: string }
  close(): Promise<void>
}

const IAM_ERROR = (status: number, code: string, message: string) => ({
  trace: randomUUID(),
  errors: [{ code, message_code: code, message }],
  status_code: status,
})

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

async function read(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const c of req) text += c
  return text
}

const keyView = (k: FakeKey, withActivity = false) => {
  const { value: _v, last_authn, authn_count, ...rest } = k
  return {
    ...rest,
    entity_tag: '1-' + k.modified_at,
    crn: `crn:v1:bluemix:public:iam-identity::a/${k.account_id}::apikey:${k.id}`,
    created_by: k.iam_id,
    support_sessions: false,
    action_when_leaked: 'none',
    ...(withActivity ? { activity: { ...(last_authn ? { last_authn } : {}), authn_count } } : {}),
  }
}

export async function startFakeIbmIam(): Promise<FakeIbmIam> {
  const keys: FakeKey[] = []
  const tokens = new Map<string, { iamId: string; accountId: string; expires: number }>()
  const faults: { match: RegExp; fault: IbmFault; times: number }[] = []
  const requests: { method: string; path: string }[] = []
  let server: Server
  const state = { issued: 0, tokenTtlSeconds: 3600 }

  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, '+0000').replace('Z', '+0000')

  const handle = async (req: IncomingMessage, res: ServerResponse, base: string) => {
    const body = await read(req)
    const url = new URL(req.url ?? '/', base)
    requests.push({ method: req.method ?? '', path: url.pathname + url.search })
    const f = faults.find((x) => x.match.test(url.pathname) && x.times > 0)
    if (f) {
      f.times--
      if (f.fault === 'hang') return // never answers: the caller's deadline must fire
      if (f.fault === 'malformed') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"apikeys": [ {')
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (f.fault === 429) headers['retry-after'] = '3600'
      return void res.writeHead(f.fault, headers).end(JSON.stringify(IAM_ERROR(f.fault, `fault_${f.fault}`, `injected ${f.fault}`)))
    }

    // ---- the token endpoint (ibm-cloud-sdk-core iam-request-based-token-manager.ts) -----------
    if (url.pathname === '/identity/token' && req.method === 'POST') {
      if (!/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
        return send(res, 400, { errorCode: 'BXNIM0109E', errorMessage: 'Property missing or empty. Property name: grant_type' })
      }
      const form = new URLSearchParams(body)
      if (form.get('grant_type') !== 'urn:ibm:params:oauth:grant-type:apikey') {
        return send(res, 400, { errorCode: 'BXNIM0109E', errorMessage: 'Property missing or empty. Property name: grant_type' })
      }
      const k = keys.find((x) => x.value === form.get('apikey'))
      if (!k || k.disabled || (k.expires_at && Date.parse(k.expires_at) <= Date.now())) {
        return send(res, 400, { errorCode: 'BXNIM0415E', errorMessage: 'Provided API key could not be found.', context: { requestId: randomUUID() } })
      }
      k.last_authn = now()
      k.authn_count++
      const access = `eyJ.fake-iam-${randomBytes(12).toString('hex')}`
      const expiration = Math.floor(Date.now() / 1000) + state.tokenTtlSeconds
      tokens.set(access, { iamId: k.iam_id, accountId: k.account_id, expires: expiration * 1000 })
      state.issued++
      return send(res, 200, { access_token: access, refresh_token: 'not_supported', token_type: 'Bearer', expires_in: state.tokenTtlSeconds, expiration, scope: 'ibm openid' })
    }

    // ---- the IAM Identity API (iam-identity/v1.ts) -------------------------------------------
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const who = bearer ? tokens.get(bearer) : undefined
    if (!who || who.expires <= Date.now()) return send(res, 401, IAM_ERROR(401, 'BXNIM0308E', 'Token is expired or invalid.'))
    const mine = (k: FakeKey) => k.iam_id === who.iamId && k.account_id === who.accountId

    if (url.pathname === '/v1/apikeys/details' && req.method === 'GET') {
      const value = req.headers['iam-apikey']
      const k = keys.find((x) => x.value === value)
      if (!k || !mine(k)) return send(res, 404, IAM_ERROR(404, 'not_found', 'API key not found.'))
      return send(res, 200, keyView(k))
    }
    if (url.pathname === '/v1/apikeys' && req.method === 'GET') {
      const accountId = url.searchParams.get('account_id')
      const iamId = url.searchParams.get('iam_id')
      if (iamId !== who.iamId || accountId !== who.accountId) return send(res, 403, IAM_ERROR(403, 'forbidden', 'You are not authorized to list these API keys.'))
      const size = Math.min(100, Math.max(1, Number(url.searchParams.get('pagesize') ?? 20)))
      const offset = Number(url.searchParams.get('pagetoken') ?? 0)
      const all = keys.filter(mine)
      const page = all.slice(offset, offset + size)
      const q = (o: number) => `${base}/v1/apikeys?account_id=${accountId}&iam_id=${encodeURIComponent(iamId)}&pagesize=${size}&pagetoken=${o}`
      return send(res, 200, {
        offset,
        limit: size,
        first: q(0),
        ...(offset > 0 ? { previous: q(Math.max(0, offset - size)) } : {}),
        ...(offset + size < all.length ? { next: q(offset + size) } : {}),
        apikeys: page.map((k) => keyView(k)),
      })
    }
    if (url.pathname === '/v1/apikeys' && req.method === 'POST') {
      let b: Record<string, unknown>
      try {
        b = JSON.parse(body) as Record<string, unknown>
      } catch {
        return send(res, 400, IAM_ERROR(400, 'invalid_body', 'The request body is not valid JSON.'))
      }
      if (typeof b.name !== 'string' || b.name === '' || typeof b.iam_id !== 'string') return send(res, 400, IAM_ERROR(400, 'missing_property', 'Property missing: name or iam_id.'))
      if (b.iam_id !== who.iamId) return send(res, 403, IAM_ERROR(403, 'forbidden', 'You may create API keys only for yourself.'))
      if (b.store_value === true) return send(res, 400, IAM_ERROR(400, 'BXNIM0524E', 'The value of a user API key cannot be stored.'))
      if (b.expires_at !== undefined && (typeof b.expires_at !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d\+0000$/.test(b.expires_at))) {
        return send(res, 400, IAM_ERROR(400, 'invalid_expires_at', "expires_at must be in the format 'yyyy-MM-ddTHH:mm+0000'."))
      }
      const t = now()
      const k: FakeKey = {
        id: `ApiKey-${randomUUID()}`,
        name: b.name,
        ...(typeof b.description === 'string' ? { description: b.description } : {}),
        iam_id: who.iamId,
        account_id: typeof b.account_id === 'string' ? b.account_id : who.accountId,
        created_at: t,
        modified_at: t,
        ...(typeof b.expires_at === 'string' ? { expires_at: b.expires_at } : {}),
        disabled: false,
        locked: false,
        value: randomBytes(33).toString('base64url'),
        authn_count: 0,
      }
      keys.push(k)
      return send(res, 201, { ...keyView(k), apikey: k.value })
    }
    const one = /^\/v1\/apikeys\/([^/]+)(\/disable)?$/.exec(url.pathname)
    if (one) {
      const k = keys.find((x) => x.id === decodeURIComponent(one[1]!))
      if (!k || !mine(k)) return send(res, 404, IAM_ERROR(404, 'not_found', 'API key not found.'))
      if (one[2]) {
        if (req.method === 'POST') k.disabled = true
        else if (req.method === 'DELETE') k.disabled = false
        else return send(res, 405, IAM_ERROR(405, 'method_not_allowed', 'Method not allowed.'))
        k.modified_at = now()
        return send(res, 204)
      }
      if (req.method === 'GET') return send(res, 200, keyView(k, url.searchParams.get('include_activity') === 'true'))
      if (req.method === 'DELETE') {
        if (k.locked) return send(res, 409, IAM_ERROR(409, 'locked', 'The API key is locked and cannot be deleted.'))
        keys.splice(keys.indexOf(k), 1)
        return send(res, 204)
      }
    }
    send(res, 404, IAM_ERROR(404, 'not_found', `Nothing at ${url.pathname}.`))
  }

  server = createServer((req, res) => {
    handle(req, res, `http://127.0.0.1:${(server.address() as AddressInfo).port}`).catch(() => send(res, 500, IAM_ERROR(500, 'fake_error', 'fake server error')))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  let users = 0

  return {
    url,
    keys,
    requests,
    get issued() {
      return state.issued
    },
    get tokenTtlSeconds() {
      return state.tokenTtlSeconds
    },
    set tokenTtlSeconds(v: number) {
      state.tokenTtlSeconds = v
    },
    fault(match, fault, times = 1) {
      faults.push({ match, fault, times })
    },
    addUser(opts = {}) {
      users++
      const iamId = `IBMid-fake${String(users).padStart(4, '0')}`
      const accountId = randomBytes(16).toString('hex')
      const t = now()
      const mk = (i: number): FakeKey => ({
        id: `ApiKey-${randomUUID()}`,
        name: i === 0 ? 'tokendesk-management' : `existing-${i}`,
        iam_id: iamId,
        account_id: accountId,
        created_at: t,
        modified_at: t,
        ...(opts.expiresAt ? { expires_at: opts.expiresAt } : {}),
        disabled: false,
        locked: false,
        value: randomBytes(33).toString('base64url'),
        authn_count: 0,
      })
      const made = Array.from({ length: Math.max(1, opts.keys ?? 1) }, (_, i) => mk(i))
      keys.push(...made)
      return { iamId, accountId, apiKey: made[0]!.value }
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
