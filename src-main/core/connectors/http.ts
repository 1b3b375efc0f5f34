import { TokenDeskError } from '../errors'
import type { CheckResult } from './types'

/**
 * The only way connectors reach the network: the host's fetch with a hard deadline on every call,
 * JSON parsing that reports malformed bodies, and one error type whose `kind` tells the UI what
 * to offer (reconnect, wait, retry...). Messages name the connection and what to do, and every
 * secret the request carried is scrubbed from them, including text echoed back by the platform.
 */

export const PLATFORM_ERROR_KINDS = [
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'server',
  'timeout',
  'tls',
  'network',
  'malformed',
  // A 400/413/422: neither the platform's fault nor the network's; the request itself was refused.
  'invalid_request',
] as const
export type PlatformErrorKind = (typeof PLATFORM_ERROR_KINDS)[number]

export class PlatformError extends TokenDeskError {
  readonly kind: PlatformErrorKind
  readonly status?: number
  readonly retryAfterMs?: number

  constructor(kind: PlatformErrorKind, message: string, opts: { status?: number; retryAfterMs?: number } = {}) {
    super('platform', message)
    this.kind = kind
    if (opts.status !== undefined) this.status = opts.status
    if (opts.retryAfterMs !== undefined) this.retryAfterMs = opts.retryAfterMs
  }
}

/**
 * The network call connectors make, given by the host (Electron's net.fetch in the app, for the
 * system proxy and certificate store; a proxy-aware fetch in the CLI: src-main/cli/net.ts).
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export const DEFAULT_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000

export interface HttpClientOptions {
  baseUrl: string
  /** Human label for messages, e.g. `tokendesk-hub "127.0.0.1:8787"`. */
  connection: string
  timeoutMs?: number
  /** Longest Retry-After we wait once on a 429; longer waits fail with rate_limited at once. */
  maxRetryAfterMs?: number
  clock?: () => number
  sleep?: (ms: number) => Promise<void>
  /** Defaults to the global fetch. */
  fetch?: FetchLike
}

export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  headers?: Record<string, string>
  body?: unknown
  /** A form body (application/x-www-form-urlencoded) instead of JSON, e.g. an OAuth token request. */
  form?: Record<string, string>
  /** Which credential this call uses, for messages: "the management token", "the token being checked". */
  credential: string
  /** Values to scrub from any message (the credential and any secret in the body). */
  secrets: string[]
}

export interface HttpResponse {
  status: number
  headers: Headers
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown
}

/** Retry-After is seconds or an HTTP date; returns ms from now, or undefined if absent/garbled. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]')
  return out
}

/** Echo platform text in a message without flooding it or carrying control characters. */
export function shortText(s: string, max = 200): string {
  const clean = s.replace(/[^\x20-\x7e]/g, ' ').trim()
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

/**
 * The platform's own error message, from the common shapes: `{error:{message}}`, `{detail}`,
 * `{message}`, and IBM Cloud's `{errors:[{message}]}` and `{errorMessage}` (the order IBM's
 * node-sdk-core reads them in, lib/request-wrapper.ts).
 */
function platformMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body || undefined
  if (!body || typeof body !== 'object') return undefined
  const b = body as Record<string, unknown>
  const first = Array.isArray(b.errors) ? (b.errors[0] as unknown) : undefined
  if (first && typeof first === 'object' && typeof (first as Record<string, unknown>).message === 'string') return (first as { message: string }).message
  if (typeof b.errorMessage === 'string') return b.errorMessage
  const err = b.error
  if (err && typeof err === 'object' && typeof (err as Record<string, unknown>).message === 'string') {
    return (err as { message: string }).message
  }
  for (const k of ['detail', 'message', 'error']) if (typeof b[k] === 'string') return b[k] as string
  return undefined
}

const TLS_CODE = /^(ERR_SSL_|ERR_TLS_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/

function causeCode(e: unknown): string | undefined {
  let cur: unknown = e
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return undefined
}

function isTimeout(e: unknown): boolean {
  return e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')
}

export class HttpClient {
  readonly timeoutMs: number
  readonly maxRetryAfterMs: number
  private readonly clock: () => number
  private readonly sleep: (ms: number) => Promise<void>

  constructor(private readonly opts: HttpClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS
    this.clock = opts.clock ?? Date.now
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)))
  }

  get connection(): string {
    return this.opts.connection
  }

  /** Sends the request; throws PlatformError for transport failures and non-2xx answers. */
  async request(spec: RequestSpec): Promise<HttpResponse> {
    return this.ensureOk(spec, await this.requestRaw(spec))
  }

  /**
   * Sends once, and once more after a 429 whose Retry-After fits the cap. Returns 4xx/5xx answers
   * instead of throwing (token checks need them); transport failures still throw.
   */
  async requestRaw(spec: RequestSpec): Promise<HttpResponse> {
    const first = await this.send(spec)
    if (first.status !== 429) return first
    const wait = parseRetryAfter(first.headers.get('retry-after'), this.clock())
    if (wait === undefined || wait > this.maxRetryAfterMs) return first
    await this.sleep(wait)
    return this.send(spec)
  }

  private url(path: string): string {
    return this.opts.baseUrl.replace(/\/+$/, '') + path
  }

  private async send(spec: RequestSpec): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers }
    let body: string | undefined
    if (spec.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = new URLSearchParams(spec.form).toString()
    } else if (spec.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(spec.body)
    }
    const where = `${spec.method} ${spec.path} on ${this.opts.connection}`
    // One deadline covers connecting, the headers and reading the body.
    const signal = AbortSignal.timeout(this.timeoutMs)
    let res: Response
    let text: string
    try {
      res = await (this.opts.fetch ?? fetch)(this.url(spec.path), { method: spec.method, headers, body, signal, redirect: 'manual' })
      text = await res.text()
    } catch (e) {
      throw this.transportError(e, where, spec.secrets)
    }
    if (text.trim() === '') return { status: res.status, headers: res.headers, body: undefined }
    const json = /json/i.test(res.headers.get('content-type') ?? '') || /^\s*[[{]/.test(text)
    if (!json) return { status: res.status, headers: res.headers, body: text }
    try {
      return { status: res.status, headers: res.headers, body: JSON.parse(text) as unknown }
    } catch {
      if (res.status >= 200 && res.status < 300) {
        throw new PlatformError('malformed', `${where} answered with malformed JSON; the URL may not point at the platform's API, or it is having trouble: check the base URL and try again later`, { status: res.status })
      }
      return { status: res.status, headers: res.headers, body: undefined }
    }
  }

  private transportError(e: unknown, where: string, secrets: string[]): PlatformError {
    if (isTimeout(e)) {
      return new PlatformError('timeout', `${where} did not answer within ${this.timeoutMs} ms; check the connection and try again`)
    }
    const code = causeCode(e)
    // The app's fetch (Chromium) cancels the redirect instead of answering it (shell/net-fetch.ts):
    // the same words as a 3xx answer in the CLI.
    if (code === 'ERR_REDIRECT_CANCELLED') {
      return new PlatformError('malformed', `${where} answered with a redirect, which TokenDesk never follows (a token must not be sent to another host); check the base URL`)
    }
    if (code && TLS_CODE.test(code)) {
      return new PlatformError('tls', `${where} failed a secure (TLS) connection (${code}); check that the URL is right and the platform's certificate is valid`)
    }
    const detail = code ?? (e instanceof Error ? shortText(redact(e.message, secrets), 80) : 'unknown error')
    return new PlatformError('network', `${where} could not be reached (${detail}); check the URL and your network`)
  }

  /** Turns a non-2xx response into a PlatformError whose message says what to do. */
  ensureOk(spec: RequestSpec, res: HttpResponse): HttpResponse {
    const s = res.status
    if (s >= 200 && s < 300) return res
    const conn = this.opts.connection
    const said = platformMessage(res.body)
    const detail = said ? ` (platform said: "${shortText(redact(said, spec.secrets))}")` : ''
    const where = `${spec.method} ${spec.path}`
    const opts = { status: s }
    let err: PlatformError
    if (s === 401) {
      err = new PlatformError('unauthorized', `the platform rejected ${spec.credential} for connection ${conn}${detail}: reconnect with a new token`, opts)
    } else if (s === 403) {
      err = new PlatformError('forbidden', `${spec.credential} for connection ${conn} is not allowed to ${where}${detail}: use a token with the needed scope or role`, opts)
    } else if (s === 404) {
      err = new PlatformError('not_found', `${conn} has nothing at ${where}${detail}: it may have been deleted on the platform; refresh the list`, opts)
    } else if (s === 409) {
      err = new PlatformError('conflict', `${conn} refused ${where} as a conflict${detail}: refresh and try again`, opts)
    } else if (s === 429) {
      const after = parseRetryAfter(res.headers.get('retry-after'), this.clock())
      const when = after === undefined ? 'later' : `in ${Math.ceil(after / 1000)} s`
      err = new PlatformError('rate_limited', `${conn} is rate limiting requests${detail}: try again ${when}`, after === undefined ? opts : { ...opts, retryAfterMs: after })
    } else if (s >= 500) {
      err = new PlatformError('server', `${conn} had an internal error (HTTP ${s}) on ${where}${detail}: try again later`, opts)
    } else if (s >= 400) {
      err = new PlatformError('invalid_request', `${conn} refused ${where} as invalid (HTTP ${s})${detail}`, opts)
    } else {
      // 1xx/3xx: we never follow redirects, a token must not be re-sent to another host.
      err = new PlatformError('malformed', `${conn} answered ${where} with an unexpected HTTP ${s}; check the base URL`, opts)
    }
    throw err
  }

  /**
   * Asks the platform whether a token works. `refusal` words the answer for a status that means
   * "this token is refused" and returns null for any other; every other failure (429, 5xx, ...) is
   * not an answer about the token and is thrown as ensureOk's error.
   */
  async checkCredential(spec: RequestSpec, refusal: (status: number) => string | null, identity?: (body: unknown) => string | undefined): Promise<CheckResult & { identity?: string }> {
    const res = await this.requestRaw(spec)
    const refused = refusal(res.status)
    if (refused !== null) return { ok: false, status: 'rejected', httpStatus: res.status, message: refused }
    this.ensureOk(spec, res)
    // Who the token belongs to, never the secret (redacted like every quoted answer).
    const who = identity?.(res.body)
    return { ok: true, status: 'works', httpStatus: res.status, message: `${this.opts.connection} accepted the token`, ...(who ? { identity: shortText(redact(who, spec.secrets), 120) } : {}) }
  }
}

/** Validates a response body; a platform answering in an unexpected shape is 'malformed', not a crash. */
export function expectShape<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, res: HttpResponse, what: string, connection: string): T {
  const r = schema.safeParse(res.body)
  if (!r.success) {
    throw new PlatformError('malformed', `${connection} answered ${what} in an unexpected format; it may not be a supported version of the platform`, { status: res.status })
  }
  return r.data
}
