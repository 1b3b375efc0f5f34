import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { z } from 'zod'
import { type Clock, systemClock } from '../src-main/core/clock'
import type { Role } from '../src-main/core/model'
import { ALL_SCOPES } from './api-schemas'
import { type Caller, hasScope, HubError, type Route, ROUTES, tokenStatus } from './routes'
import { SECRET_PREFIX } from './secrets'
import { seedDemo, type SeedResult } from './seed'
import { HubStore } from './store'

/**
 * TokenDesk hub: a reference platform server implementing the token management platforms
 * document (see openapi.yaml), so the desktop app's connectors can be tested end to end against
 * real HTTP. Binds 127.0.0.1 only. Every error is `{error: {code, message}}`; no stack traces.
 */

export const MAX_BODY_BYTES = 64 * 1024

export interface HubOptions {
  /** 0 picks a free port (tests). */
  port: number
  dbPath: string
  clock?: Clock
  /** Seed the demo user/org when the database is empty. */
  seed?: boolean
  /** Receives one line per request; defaults to stderr. Never given secrets or headers. */
  log?: (line: string) => void
  /** How long a client may take to send its headers / its whole request (defaults 10 s / 30 s). */
  headersTimeoutMs?: number
  requestTimeoutMs?: number
}

export interface Hub {
  url: string
  port: number
  /** Set only when this start seeded a fresh database: the one time the demo token is shown. */
  seeded: SeedResult | null
  /** Operator functions (no HTTP equivalent on purpose: users and orgs are managed by the platform). */
  admin: {
    createUser(name: string): void
    issueManagementToken(userName: string, tokenName?: string): string
    createOrg(name: string): void
    setRole(org: string, userName: string, role: Role): void
  }
  close(): Promise<void>
}

interface CompiledRoute {
  route: Route
  regex: RegExp
  keys: string[]
}

function compile(route: Route): CompiledRoute {
  const keys: string[] = []
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, k: string) => {
    keys.push(k)
    return '([^/]+)'
  })
  return { route, regex: new RegExp(`^${pattern}$`), keys }
}

const COMPILED = ROUTES.map(compile)

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, {
    ...(payload ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(payload),
    // A create response carries a secret; nothing here should be cached anywhere.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  })
  res.end(payload)
}

const errorBody = (code: string, message: string) => ({ error: { code, message } })

/** The path as logged: no query string, and anything shaped like one of our secrets masked. */
export function loggablePath(rawUrl: string): string {
  const path = rawUrl.split('?')[0] ?? ''
  return path
    .split('/')
    .map((seg) => (decodeSafe(seg).startsWith(SECRET_PREFIX) ? '[redacted]' : seg))
    .join('/')
    .slice(0, 200)
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** Reads at most MAX_BODY_BYTES; beyond that the rest is drained and discarded. */
function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on('end', () => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }))
    req.on('error', reject)
  })
}

function authenticate(req: IncomingMessage, store: HubStore, now: number): Caller {
  const header = req.headers.authorization ?? ''
  const m = /^Bearer\s+(\S{1,1024})\s*$/i.exec(header)
  const challenge = { 'www-authenticate': 'Bearer realm="tokendesk-hub"' }
  if (!m?.[1]) throw new HubError(401, 'unauthorized', 'missing bearer token: send "Authorization: Bearer <token>"', challenge)
  const token = store.tokenBySecret(m[1])
  if (!token) throw new HubError(401, 'unauthorized', 'unknown token: it may have been deleted; create a new one', challenge)
  const status = tokenStatus(token, now)
  if (status === 'revoked') throw new HubError(401, 'unauthorized', `token "${token.name}" was revoked`, challenge)
  if (status === 'expired') throw new HubError(401, 'unauthorized', `token "${token.name}" has expired`, challenge)
  const user = store.userById(token.user_id)
  if (!user) throw new HubError(401, 'unauthorized', 'unknown token', challenge)
  store.touchToken(token.id, now)
  return { user, token: { ...token, last_used_at: now }, scopes: JSON.parse(token.scopes) as string[] }
}

function zodMessage(err: z.ZodError): string {
  const issue = err.issues[0]
  if (!issue) return 'invalid request body'
  const where = issue.path.length ? `${issue.path.join('.')}: ` : ''
  return `${where}${issue.message}`
}

async function handle(req: IncomingMessage, res: ServerResponse, store: HubStore, clock: Clock): Promise<number> {
  const path = (req.url ?? '/').split('?')[0] ?? '/'
  const matches = COMPILED.map((c) => ({ c, m: c.regex.exec(path) })).filter((x) => x.m)
  if (matches.length === 0) {
    req.resume()
    sendJson(res, 404, errorBody('not_found', `no such endpoint: ${loggablePath(path)}`))
    return 404
  }
  const hit = matches.find((x) => x.c.route.method === req.method)
  if (!hit?.m) {
    req.resume()
    const allow = matches.map((x) => x.c.route.method).join(', ')
    sendJson(res, 405, errorBody('method_not_allowed', `use ${allow} for this endpoint`), { allow })
    return 405
  }
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) {
    // Don't read a body we will refuse anyway; close so the client stops sending.
    sendJson(res, 413, errorBody('payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`), { connection: 'close' })
    req.resume()
    return 413
  }
  const { text, tooLarge } = await readBody(req)
  if (tooLarge) throw new HubError(413, 'payload_too_large', `request body is larger than ${MAX_BODY_BYTES} bytes`)

  const { route } = hit.c
  const params: Record<string, string> = {}
  hit.c.keys.forEach((k, i) => (params[k] = decodeSafe(hit.m![i + 1] ?? '')))
  const now = clock()
  const caller = authenticate(req, store, now)
  const needed = typeof route.scope === 'function' ? route.scope(params) : route.scope
  if (needed && !hasScope(caller.scopes, needed)) {
    throw new HubError(403, 'forbidden', `token "${caller.token.name}" lacks the "${needed}" scope needed for ${route.method} ${route.path}`)
  }

  let body: unknown = undefined
  if (route.body) {
    let raw: unknown = {}
    if (text.trim() !== '') {
      const type = req.headers['content-type'] ?? ''
      if (!/^application\/json\b/i.test(type)) {
        throw new HubError(415, 'unsupported_media_type', 'send the body as JSON with "Content-Type: application/json"')
      }
      try {
        raw = JSON.parse(text)
      } catch {
        // JSON.parse's message quotes the input, which could be a secret: use a fixed message.
        throw new HubError(400, 'bad_json', 'request body is not valid JSON')
      }
    }
    const parsed = route.body.safeParse(raw)
    if (!parsed.success) throw new HubError(400, 'invalid_input', zodMessage(parsed.error))
    body = parsed.data
  }
  const reply = route.handler({ caller, params, body, now, store })
  sendJson(res, reply.status, reply.body)
  return reply.status
}

export async function startHub(opts: HubOptions): Promise<Hub> {
  const clock = opts.clock ?? systemClock
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  const store = new HubStore(opts.dbPath)
  const seeded = opts.seed && store.isEmpty() ? seedDemo(store, clock()) : null

  const headersTimeout = opts.headersTimeoutMs ?? 10_000
  const requestTimeout = Math.max(opts.requestTimeoutMs ?? 30_000, headersTimeout)
  // Bounded so a client that trickles or never finishes a request cannot hold a socket forever.
  // Node enforces both only when it checks its connections, every connectionsCheckingInterval
  // (30 s by default): a client sending one header line every 2 s was kept 75 s. Checking every
  // second closes it within the timeout plus a second.
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval: 1_000 }, (req, res) => {
    const started = performance.now()
    handle(req, res, store, clock)
      .catch((e: unknown) => {
        if (e instanceof HubError) {
          sendJson(res, e.status, errorBody(e.code, e.message), e.headers)
          return e.status
        }
        // Unexpected: tell the client nothing internal, keep a short note in the log.
        log(`internal error: ${e instanceof Error ? e.name : 'unknown'}`)
        if (!res.headersSent) sendJson(res, 500, errorBody('internal', 'internal error; see the hub log'))
        return 500
      })
      .then((status) => {
        log(`${req.method ?? '?'} ${loggablePath(req.url ?? '/')} ${status} ${Math.round(performance.now() - started)}ms`)
      })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port

  const userId = (name: string) => {
    const u = store.userByName(name)
    if (!u) throw new Error(`no user "${name}"`)
    return u.id
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seeded,
    admin: {
      createUser: (name) => void store.createUser(name, clock()),
      issueManagementToken: (userName, tokenName = `management-${Date.now().toString(36)}`) =>
        store.insertToken({
          user_id: userId(userName),
          kind: 'management',
          name: tokenName,
          scopes: [ALL_SCOPES],
          created_at: clock(),
          expires_at: null,
        }).secret,
      createOrg: (name) => store.createOrg(name, clock()),
      setRole: (org, userName, role) => store.setMembership(org, userId(userName), role),
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          store.close()
          resolve()
        })
        server.closeAllConnections()
      }),
  }
}
