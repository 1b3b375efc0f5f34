import { CAPABILITIES, unsupportedOn } from './capabilities'
import { z } from 'zod'
import { invalid } from '../errors'
import { expectShape, HttpClient, type HttpClientOptions } from './http'
import {
  type Capabilities,
  type CheckResult,
  type Connector,
  type CreateTokenInput,
  CreateTokenInputSchema,
  type RemoteToken,
} from './types'

/**
 * Connector for Qualytics tokens, on the customer's own instance URL (https://<instance>.qualytics.io),
 * Bearer auth. Sources: the Qualytics user guide (repository Qualytics/userguide,
 * docs/settings/tokens/* and docs/settings/service-token/*: generate-, revoking-, delete-service-token.md)
 * and ../shared/platform-apis.md.
 *   listTokens   GET  {base}/api/user-tokens → [{id, created, name, active, expiration, last_used, ...}]
 *                (the secret is never listed); for admins also GET {base}/api/user-tokens/service,
 *                the service accounts' tokens (a 403/404 there means "not an admin": skipped)
 *   createToken  POST {base}/api/user-tokens {name, expires_in_days: 1–365 | null} → the token,
 *                secret in `bearer_token`, shown once; duplicate name → 409. With the generate field
 *                `service_user_id` the body carries `user_id`: a service token for that service
 *                account (admins only)
 *   revokeToken  PUT  {base}/api/user-tokens/{id} {"revoke": true}           (confirmed)
 *   restoreToken PUT  {base}/api/user-tokens/{id} {"revoke": false}          (INFERRED: the guide
 *                documents restore in the UI and names revoke/restore as one permission of this call,
 *                but shows only the revoke body)
 *   deleteToken  DELETE {base}/api/user-tokens/{id}, only for revoked tokens  (confirmed)
 *   checkToken   the documented list call made with the token being checked: 2xx = works,
 *                401 = rejected; 403 = authenticated but not allowed to list (e.g. a SCIM-only token)
 * Not supported: whoami (no documented endpoint for the current user). Limits from the docs: no
 * scopes (a token inherits its user's permissions) and no exact expiry date (only a number of
 * days), so createToken refuses `scopes` and `expiresAt`.
 */

const QualyticsTokenSchema = z.object({
  id: z.union([z.number(), z.string()]),
  created: z.string(),
  name: z.string(),
  active: z.boolean(),
  expiration: z.string().nullable(),
  last_used: z.string().nullable().optional(),
})

const CreatedSchema = QualyticsTokenSchema.partial().extend({
  id: z.union([z.number(), z.string()]),
  bearer_token: z.string().min(1),
})

function time(s: string | null | undefined): number | null {
  if (s === null || s === undefined) return null
  const t = Date.parse(s)
  return Number.isNaN(t) ? null : t
}

function toRemote(t: z.infer<typeof QualyticsTokenSchema>): RemoteToken {
  return {
    remoteId: String(t.id),
    name: t.name,
    createdAt: time(t.created) ?? 0,
    expiresAt: time(t.expiration),
    active: t.active,
    lastUsedAt: time(t.last_used),
    scopes: [],
  }
}

export class QualyticsConnector implements Connector {
  readonly kind = 'qualytics' as const
  readonly capabilities: Capabilities = CAPABILITIES.qualytics
  private readonly http: HttpClient
  private readonly mgmt: { credential: string; secrets: string[]; headers: Record<string, string> }

  constructor(
    opts: HttpClientOptions,
    private readonly managementToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.http = new HttpClient(opts)
    this.mgmt = { credential: 'the management token', secrets: [managementToken], headers: { authorization: `Bearer ${managementToken}` } }
  }

  async whoami(): Promise<never> {
    throw unsupportedOn('qualytics', 'whoami')
  }

  async listTokens(): Promise<RemoteToken[]> {
    const res = await this.http.request({ method: 'GET', path: '/api/user-tokens', ...this.mgmt })
    const own = expectShape(z.array(QualyticsTokenSchema), res, 'the token list', this.http.connection)
    // Service accounts' tokens are listed for admins only; anyone else gets a refusal, which here
    // means "none to show", not a failed sync.
    const svcSpec = { method: 'GET' as const, path: '/api/user-tokens/service', ...this.mgmt }
    const svc = await this.http.requestRaw(svcSpec)
    const service = svc.status === 403 || svc.status === 404 ? [] : expectShape(z.array(QualyticsTokenSchema), this.http.ensureOk(svcSpec, svc), 'the service token list', this.http.connection)
    const seen = new Set(own.map((t) => String(t.id)))
    return [...own, ...service.filter((t) => !seen.has(String(t.id)))].map(toRemote)
  }

  async createToken(input: CreateTokenInput): Promise<{ token: RemoteToken; secret: string }> {
    const parsed = CreateTokenInputSchema.safeParse(input)
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'invalid token request')
    const i = parsed.data
    if (i.scopes.length > 0) throw invalid('Qualytics tokens have no scopes (they inherit your permissions); create it without scopes')
    if (i.expiresAt !== undefined && i.expiresAt !== null) {
      throw invalid('Qualytics takes an expiry in days (1–365), not a date; choose a number of days')
    }
    const days = i.expiresInDays ?? null
    const serviceUser = i.fields?.service_user_id
    if (serviceUser !== undefined && !/^\d{1,18}$/.test(serviceUser)) throw invalid('service_user_id is the numeric user id of a Qualytics service account')
    const body = { name: i.name, expires_in_days: days, ...(serviceUser !== undefined ? { user_id: Number(serviceUser) } : {}) }
    const res = await this.http.request({ method: 'POST', path: '/api/user-tokens', body, ...this.mgmt })
    const c = expectShape(CreatedSchema, res, 'the new token', this.http.connection)
    const now = this.now()
    // If the create response omits a field the list has, fill it from what we asked for.
    const token = toRemote({
      id: c.id,
      name: c.name ?? i.name,
      created: c.created ?? new Date(now).toISOString(),
      active: c.active ?? true,
      expiration: c.expiration !== undefined ? c.expiration : days === null ? null : new Date(now + days * 86_400_000).toISOString(),
      last_used: c.last_used ?? null,
    })
    return { token, secret: c.bearer_token }
  }

  async revokeToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'PUT', path: `/api/user-tokens/${encodeURIComponent(remoteId)}`, body: { revoke: true }, ...this.mgmt })
  }

  async restoreToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'PUT', path: `/api/user-tokens/${encodeURIComponent(remoteId)}`, body: { revoke: false }, ...this.mgmt })
  }

  async deleteToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `/api/user-tokens/${encodeURIComponent(remoteId)}`, ...this.mgmt })
  }

  async checkToken(secret: string): Promise<CheckResult> {
    const spec = {
      method: 'GET' as const,
      path: '/api/user-tokens',
      credential: 'the token being checked',
      secrets: [secret, this.managementToken],
      headers: { authorization: `Bearer ${secret}` },
    }
    const conn = this.http.connection
    return this.http.checkCredential(spec, (status) =>
      status === 401
        ? `${conn} rejected the token: it is revoked, expired or unknown`
        : status === 403
          ? `${conn} refused the token (HTTP 403): it may be restricted (e.g. SCIM-only) or its user lacks the Member role`
          : null,
    )
  }
}

