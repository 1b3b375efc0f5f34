import type { z } from 'zod'
import { TokenDeskError } from '../src-main/core/errors'
import type { Role } from '../src-main/core/model'
import { assertCanPerform, type OrgAction } from '../src-main/core/rules/permissions'
import {
  ALL_SCOPES,
  BACKEND_SCOPE_PREFIX,
  CreateTokenBodySchema,
  EmptyBodySchema,
  MAX_EXPIRY_DAYS,
  OrgParam,
  ProviderParam,
  PutProviderTokenBodySchema,
  SubmitJobBodySchema,
} from './api-schemas'
import { newId } from './secrets'
import type { HubStore, ProviderTokenRow, TokenRow, UserRow } from './store'

/**
 * The hub's API as a table of routes. Paths are written in OpenAPI form (`{id}`) so the spec test
 * can compare this table with openapi.yaml directly. Handlers get an authenticated caller and a
 * validated body and return a status plus JSON; they throw HubError for expected failures.
 */

const DAY_MS = 24 * 60 * 60 * 1000
const DEFAULT_EXPIRY_DAYS = 30

export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export interface Caller {
  user: UserRow
  token: TokenRow
  scopes: string[]
}

export interface HandlerContext<B> {
  caller: Caller
  params: Record<string, string>
  body: B
  now: number
  store: HubStore
}

export interface Reply {
  status: number
  body?: unknown
}

export interface Route<S extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  path: string
  /** Scope the calling token needs; null = any valid token. */
  scope: ((params: Record<string, string>) => string) | string | null
  body?: S
  handler: (ctx: HandlerContext<z.infer<S>>) => Reply
}

const route = <S extends z.ZodType>(r: Route<S>): Route => r as unknown as Route

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function tokenStatus(t: Pick<TokenRow, 'revoked_at' | 'expires_at'>, now: number): 'active' | 'revoked' | 'expired' {
  if (t.revoked_at !== null) return 'revoked'
  if (t.expires_at !== null && t.expires_at <= now) return 'expired'
  return 'active'
}

/** Public view of a token. Deliberately has no field that could carry the secret or its hash. */
export function tokenView(t: TokenRow, now: number) {
  const status = tokenStatus(t, now)
  return {
    id: t.id,
    name: t.name,
    created_at: iso(t.created_at),
    expires_at: iso(t.expires_at),
    revoked_at: iso(t.revoked_at),
    last_used_at: iso(t.last_used_at),
    status,
    active: status === 'active',
    scopes: JSON.parse(t.scopes) as string[],
  }
}

function providerTokenView(p: ProviderTokenRow, store: HubStore) {
  return {
    provider: p.provider,
    note: p.note,
    created_at: iso(p.created_at),
    updated_at: iso(p.updated_at),
    updated_by: store.userById(p.updated_by)?.name ?? null,
    last_used_at: iso(p.last_used_at),
  }
}

function ownToken(ctx: HandlerContext<unknown>): TokenRow {
  const t = ctx.store.personalToken(ctx.caller.user.id, ctx.params.id ?? '')
  if (!t) throw new HubError(404, 'not_found', `no token with id "${ctx.params.id}" for user ${ctx.caller.user.name}`)
  return t
}

/** Expiry from the request: days, an ISO date (end of that UTC day) or date-time, or null = never. */
function resolveExpiry(body: z.infer<typeof CreateTokenBodySchema>, now: number): number | null {
  const { expires_in_days: days, expires_at: at } = body
  if (days != null) return now + days * DAY_MS
  if (at != null) {
    const ms = /^\d{4}-\d{2}-\d{2}$/.test(at) ? Date.parse(`${at}T23:59:59.999Z`) : Date.parse(at)
    if (ms <= now) throw new HubError(400, 'invalid_input', `expires_at ${at} is in the past; choose a future date`)
    if (ms - now > (MAX_EXPIRY_DAYS + 1) * DAY_MS)
      throw new HubError(400, 'invalid_input', `expires_at ${at} is more than ${MAX_EXPIRY_DAYS} days ahead`)
    return ms
  }
  // An explicit null in either field means "never"; leaving both out means the 30-day default.
  if (days === null || at === null) return null
  return now + DEFAULT_EXPIRY_DAYS * DAY_MS
}

export function hasScope(scopes: readonly string[], needed: string): boolean {
  return scopes.includes(ALL_SCOPES) || scopes.includes(needed)
}

function orgRole(ctx: HandlerContext<unknown>): { org: string; role: Role } {
  const org = parseParam(OrgParam, ctx.params.org, 'organization')
  const role = ctx.store.roleIn(org, ctx.caller.user.id)
  // Same answer for "no such org" and "not a member" so org names cannot be probed.
  if (!role) throw new HubError(404, 'not_found', `organization "${org}" not found, or you are not a member of it`)
  return { org, role }
}

function mayManage(org: string, role: Role, action: OrgAction): void {
  try {
    assertCanPerform(org, role, action, 'token')
  } catch (e) {
    if (e instanceof TokenDeskError) throw new HubError(403, 'forbidden', e.message)
    throw e
  }
}

function parseParam(schema: z.ZodType<string>, value: string | undefined, what: string): string {
  const r = schema.safeParse(value)
  if (!r.success) throw new HubError(400, 'invalid_input', `invalid ${what} in path: ${r.error.issues[0]?.message ?? 'bad value'}`)
  return r.data
}

export const ROUTES: Route[] = [
  route({
    method: 'GET',
    path: '/api/v1/me',
    scope: null,
    handler: ({ caller, store }) => ({
      status: 200,
      body: {
        user: { id: caller.user.id, name: caller.user.name },
        token: { id: caller.token.id, name: caller.token.name, kind: caller.token.kind, scopes: caller.scopes },
        orgs: store.orgsOf(caller.user.id),
      },
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/tokens',
    scope: 'tokens:read',
    handler: ({ caller, store, now }) => ({
      status: 200,
      body: { tokens: store.listPersonalTokens(caller.user.id).map((t) => tokenView(t, now)) },
    }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/tokens',
    scope: 'tokens:write',
    body: CreateTokenBodySchema,
    handler: ({ caller, store, now, body }) => {
      // A token cannot mint a token more powerful than itself.
      const beyond = body.scopes.filter((s) => !hasScope(caller.scopes, s))
      if (beyond.length > 0) {
        throw new HubError(403, 'forbidden', `this token cannot grant scopes it does not hold: ${beyond.join(', ')}`)
      }
      if (store.personalTokenNamed(caller.user.id, body.name)) {
        throw new HubError(409, 'conflict', `you already have a token named "${body.name}"; choose another name`)
      }
      const expiresAt = resolveExpiry(body, now)
      const scopes = [...new Set(body.scopes)].sort()
      const { row, secret } = store.insertToken({
        user_id: caller.user.id,
        kind: 'personal',
        name: body.name,
        scopes,
        created_at: now,
        expires_at: expiresAt,
      })
      return { status: 201, body: { token: tokenView(row, now), secret } }
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/tokens/{id}/revoke',
    scope: 'tokens:write',
    body: EmptyBodySchema,
    handler: (ctx) => {
      const t = ownToken(ctx)
      if (t.revoked_at !== null) throw new HubError(409, 'conflict', `token "${t.name}" is already revoked`)
      ctx.store.setRevoked(t.id, ctx.now)
      return { status: 200, body: { token: tokenView({ ...t, revoked_at: ctx.now }, ctx.now) } }
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/tokens/{id}/restore',
    scope: 'tokens:write',
    body: EmptyBodySchema,
    handler: (ctx) => {
      const t = ownToken(ctx)
      if (t.revoked_at === null) throw new HubError(409, 'conflict', `token "${t.name}" is not revoked; only revoked tokens can be restored`)
      ctx.store.setRevoked(t.id, null)
      return { status: 200, body: { token: tokenView({ ...t, revoked_at: null }, ctx.now) } }
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/tokens/{id}',
    scope: 'tokens:write',
    handler: (ctx) => {
      const t = ownToken(ctx)
      // Deleting is permanent, so it takes two deliberate steps: revoke, then delete.
      if (t.revoked_at === null) throw new HubError(409, 'conflict', `token "${t.name}" is not revoked; revoke it before deleting it`)
      ctx.store.deleteToken(t.id)
      return { status: 204 }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/orgs',
    scope: 'orgs:read',
    handler: ({ caller, store }) => ({ status: 200, body: { orgs: store.orgsOf(caller.user.id) } }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/orgs/{org}/provider-tokens',
    scope: 'orgs:read',
    handler: (ctx) => {
      const { org, role } = orgRole(ctx)
      return {
        status: 200,
        body: { org, role, provider_tokens: ctx.store.listProviderTokens(org).map((p) => providerTokenView(p, ctx.store)) },
      }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/orgs/{org}/provider-tokens/{provider}',
    scope: 'orgs:read',
    handler: (ctx) => {
      const { org } = orgRole(ctx)
      const provider = parseParam(ProviderParam, ctx.params.provider, 'provider')
      const p = ctx.store.providerToken(org, provider)
      if (!p) throw new HubError(404, 'not_found', `"${org}" has no ${provider} token`)
      return { status: 200, body: { provider_token: providerTokenView(p, ctx.store) } }
    },
  }),
  route({
    method: 'PUT',
    path: '/api/v1/orgs/{org}/provider-tokens/{provider}',
    scope: 'orgs:write',
    body: PutProviderTokenBodySchema,
    handler: (ctx) => {
      const { org, role } = orgRole(ctx)
      const provider = parseParam(ProviderParam, ctx.params.provider, 'provider')
      mayManage(org, role, ctx.store.providerToken(org, provider) ? 'rotate' : 'add')
      const existed = ctx.store.putProviderToken(org, provider, ctx.body.secret, ctx.body.note ?? null, ctx.caller.user.id, ctx.now)
      const p = ctx.store.providerToken(org, provider)!
      return { status: existed ? 200 : 201, body: { provider_token: providerTokenView(p, ctx.store) } }
    },
  }),
  route({
    method: 'DELETE',
    path: '/api/v1/orgs/{org}/provider-tokens/{provider}',
    scope: 'orgs:write',
    handler: (ctx) => {
      const { org, role } = orgRole(ctx)
      const provider = parseParam(ProviderParam, ctx.params.provider, 'provider')
      mayManage(org, role, 'delete')
      if (!ctx.store.deleteProviderToken(org, provider)) throw new HubError(404, 'not_found', `"${org}" has no ${provider} token`)
      return { status: 204 }
    },
  }),
  route({
    // How a member "uses" an org's provider token: the hub submits on their behalf, so the
    // provider secret never leaves the hub. (The reference hub simulates the submission.)
    method: 'POST',
    path: '/api/v1/orgs/{org}/backends/{provider}/jobs',
    scope: (params) => `${BACKEND_SCOPE_PREFIX}${params.provider ?? ''}`,
    body: SubmitJobBodySchema,
    handler: (ctx) => {
      const { org } = orgRole(ctx)
      const provider = parseParam(ProviderParam, ctx.params.provider, 'provider')
      if (!ctx.store.providerToken(org, provider)) {
        throw new HubError(404, 'not_found', `"${org}" has no ${provider} token; an owner or maintainer can add one`)
      }
      ctx.store.touchProviderToken(org, provider, ctx.now)
      return {
        status: 202,
        body: {
          job: {
            id: newId('job'),
            org,
            provider,
            shots: ctx.body.shots,
            status: 'queued',
            submitted_by: ctx.caller.user.name,
            submitted_at: iso(ctx.now),
          },
        },
      }
    },
  }),
]
