import { CAPABILITIES } from './capabilities'
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
  type WhoAmI,
} from './types'

/**
 * Connector for the TokenDesk hub (hub/openapi.yaml). Everything is documented, so everything
 * is supported:
 *   whoami        GET    /api/v1/me
 *   listTokens    GET    /api/v1/tokens
 *   createToken   POST   /api/v1/tokens            {name, scopes, expires_in_days | expires_at | null}
 *   revokeToken   POST   /api/v1/tokens/{id}/revoke
 *   restoreToken  POST   /api/v1/tokens/{id}/restore
 *   deleteToken   DELETE /api/v1/tokens/{id}       (only revoked tokens)
 *   checkToken    GET    /api/v1/me with the token being checked (needs no scope)
 */

const HubTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  active: z.boolean(),
  scopes: z.array(z.string()),
})

const ms = (s: string | null) => (s === null ? null : Date.parse(s))

function toRemote(t: z.infer<typeof HubTokenSchema>): RemoteToken {
  return {
    remoteId: t.id,
    name: t.name,
    createdAt: Date.parse(t.created_at),
    expiresAt: ms(t.expires_at),
    active: t.active,
    lastUsedAt: ms(t.last_used_at),
    scopes: t.scopes,
  }
}

const MeSchema = z.object({
  user: z.object({ name: z.string() }),
  orgs: z.array(z.object({ name: z.string(), role: z.string() })),
})

export class HubConnector implements Connector {
  readonly kind = 'tokendesk-hub' as const
  readonly capabilities: Capabilities = CAPABILITIES['tokendesk-hub']
  private readonly http: HttpClient
  private readonly mgmt: { credential: string; secrets: string[]; headers: Record<string, string> }

  constructor(
    opts: HttpClientOptions,
    private readonly managementToken: string,
  ) {
    this.http = new HttpClient(opts)
    this.mgmt = {
      credential: 'the management token',
      secrets: [managementToken],
      headers: { authorization: `Bearer ${managementToken}` },
    }
  }

  private get connection(): string {
    return this.http.connection
  }

  async whoami(): Promise<WhoAmI> {
    const res = await this.http.request({ method: 'GET', path: '/api/v1/me', ...this.mgmt })
    const me = expectShape(MeSchema, res, 'who-am-I', this.connection)
    return { user: me.user.name, orgs: me.orgs }
  }

  async listTokens(): Promise<RemoteToken[]> {
    const res = await this.http.request({ method: 'GET', path: '/api/v1/tokens', ...this.mgmt })
    return expectShape(z.object({ tokens: z.array(HubTokenSchema) }), res, 'the token list', this.connection).tokens.map(toRemote)
  }

  async createToken(input: CreateTokenInput): Promise<{ token: RemoteToken; secret: string }> {
    const parsed = CreateTokenInputSchema.safeParse(input)
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'invalid token request')
    const i = parsed.data
    const body: Record<string, unknown> = { name: i.name, scopes: i.scopes }
    if (i.expiresInDays !== undefined) body.expires_in_days = i.expiresInDays
    else body.expires_at = i.expiresAt === null || i.expiresAt === undefined ? null : new Date(i.expiresAt).toISOString()
    const res = await this.http.request({ method: 'POST', path: '/api/v1/tokens', body, ...this.mgmt })
    const out = expectShape(z.object({ token: HubTokenSchema, secret: z.string().min(1) }), res, 'the new token', this.connection)
    return { token: toRemote(out.token), secret: out.secret }
  }

  async revokeToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'POST', path: `/api/v1/tokens/${encodeURIComponent(remoteId)}/revoke`, ...this.mgmt })
  }

  async restoreToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'POST', path: `/api/v1/tokens/${encodeURIComponent(remoteId)}/restore`, ...this.mgmt })
  }

  async deleteToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `/api/v1/tokens/${encodeURIComponent(remoteId)}`, ...this.mgmt })
  }

  async checkToken(secret: string): Promise<CheckResult> {
    const spec = {
      method: 'GET' as const,
      path: '/api/v1/me',
      credential: 'the token being checked',
      secrets: [secret, this.managementToken],
      headers: { authorization: `Bearer ${secret}` },
    }
    return this.http.checkCredential(spec, (status) =>
      status === 401 || status === 403 ? `${this.connection} rejected the token (HTTP ${status}): it is revoked, expired, deleted or unknown` : null,
    )
  }
}
