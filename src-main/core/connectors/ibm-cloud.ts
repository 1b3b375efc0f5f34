import { z } from 'zod'
import { invalid } from '../errors'
import { CAPABILITIES } from './capabilities'
import { expectShape, HttpClient, PlatformError, redact, shortText, type HttpClientOptions, type RequestSpec } from './http'
import { type Capabilities, type CheckResult, type Connector, type CreateTokenInput, CreateTokenInputSchema, type RemoteToken, type WhoAmI } from './types'

/**
 * IBM Cloud IAM API keys: what IBM Quantum Platform authenticates with (qiskit-ibm-runtime's
 * `ibm_quantum_platform` channel). The management credential is one IBM Cloud API key of the
 * user; the keys TokenDesk generates are the user's own API keys in the same account.
 *
 * Sources (read 2026-11): IBM's Node SDK `@ibm-cloud/platform-services`, `iam-identity/v1.ts`
 * (operations, query and body names, the ApiKey / ApiKeyList / Activity models) and
 * `ibm-cloud-sdk-core` `auth/token-managers/iam-*-token-manager.ts` (the token exchange and when
 * it refreshes); the IAM Identity API reference (cloud.ibm.com/apidocs/iam-identity-token-api).
 *   bearer       POST {base}/identity/token, form grant_type=urn:ibm:params:oauth:grant-type:apikey,
 *                apikey, response_type=cloud_iam → {access_token, expires_in, expiration (epoch s)}
 *   whoami       GET  {base}/v1/apikeys/details, header IAM-ApiKey: the management key →
 *                {id, name, iam_id, account_id, ...} (whose keys to list and create; the list
 *                leaves out the management key itself)
 *   listTokens   GET  {base}/v1/apikeys?account_id&iam_id&pagesize&pagetoken → {apikeys, next?}
 *                (`next` is a link whose `pagetoken` asks for the next page); last used from
 *                GET /v1/apikeys/{id}?include_activity=true → activity.last_authn (IBM calls that
 *                lookup expensive, so only the first ACTIVITY_LOOKUPS keys get one per sync)
 *   createToken  POST {base}/v1/apikeys {name, iam_id, account_id, description, store_value:false,
 *                expires_at?} → the key, its value in `apikey`, this once (user keys are never stored)
 *   revokeToken  POST   /v1/apikeys/{id}/disable      restoreToken  DELETE /v1/apikeys/{id}/disable
 *   deleteToken  DELETE /v1/apikeys/{id}
 *   checkToken   the token exchange made with the key being checked: a bearer token = it works; a
 *                400/401 = IAM refused it (IAM answers an unknown or disabled key with 400 and its
 *                own errorMessage, which is shown)
 * Not offered: scopes (an API key acts with all of its user's access).
 *
 * Plain REST over the shared HttpClient rather than IBM's SDK: every call then has the same
 * deadline, Retry-After, no-redirect and secret-scrubbing rules as the other connectors, and uses
 * the host's fetch (the app's system proxy and certificates); IBM's SDK brings axios, which does
 * neither. There is no request signing to get wrong: a bearer token in a header.
 */

/** At most this many pages of 100 keys are read (a safety stop against a looping `next`). */
const MAX_PAGES = 50
/** Activity (last used) is looked up for this many keys per list. */
export const ACTIVITY_LOOKUPS = 100

const ApiKeySchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  created_at: z.string().optional(),
  expires_at: z.string().optional().nullable(),
  disabled: z.boolean().optional(),
  locked: z.boolean().optional(),
  iam_id: z.string(),
  account_id: z.string(),
  activity: z.object({ last_authn: z.string().optional().nullable() }).partial().optional(),
})
type ApiKey = z.infer<typeof ApiKeySchema>

const ApiKeyListSchema = z.object({ apikeys: z.array(ApiKeySchema), next: z.string().optional().nullable() })
const CreatedSchema = ApiKeySchema.extend({ apikey: z.string().min(1) })
const TokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().optional(), expiration: z.number().optional() })
const DetailsSchema = z.object({ id: z.string().min(1), iam_id: z.string().min(1), account_id: z.string().min(1), name: z.string().optional() })

const time = (s: string | null | undefined): number | null => {
  if (!s) return null
  const t = Date.parse(s)
  return Number.isNaN(t) ? null : t
}

/** IBM's expires_at format: 'yyyy-MM-ddTHH:mm+0000' (iam-identity/v1.ts, CreateApiKeyParams). */
export const ibmExpiresAt = (ms: number): string => `${new Date(ms).toISOString().slice(0, 16)}+0000`

function toRemote(k: ApiKey): RemoteToken {
  return {
    remoteId: k.id,
    name: k.name,
    createdAt: time(k.created_at) ?? 0,
    expiresAt: time(k.expires_at),
    active: k.disabled !== true,
    lastUsedAt: time(k.activity?.last_authn),
    scopes: [],
  }
}

/** The `pagetoken` of IBM's `next` link, or null at the last page. */
export function nextPageToken(next: string | null | undefined): string | null {
  if (!next) return null
  try {
    return new URL(next, 'https://iam.cloud.ibm.com').searchParams.get('pagetoken')
  } catch {
    return null
  }
}

/** The management key's own id, and whose keys it manages. */
interface Identity {
  keyId: string
  iamId: string
  accountId: string
}

export class IbmCloudConnector implements Connector {
  readonly kind = 'ibm-cloud' as const
  readonly capabilities: Capabilities = CAPABILITIES['ibm-cloud']
  private readonly http: HttpClient
  private bearer: { token: string; renewAt: number } | null = null
  private self: Identity | null = null

  constructor(
    opts: HttpClientOptions,
    private readonly apiKey: string,
    private readonly now: () => number = Date.now,
  ) {
    this.http = new HttpClient(opts)
  }

  /** The token exchange for `key`; answers are returned, not thrown (checkToken needs the 400). */
  private exchange(key: string, credential: string) {
    const spec: RequestSpec = {
      method: 'POST',
      path: '/identity/token',
      form: { grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: key, response_type: 'cloud_iam' },
      credential,
      secrets: [key, this.apiKey],
    }
    return { spec, res: this.http.requestRaw(spec) }
  }

  /**
   * A bearer token for the management key, reused until 80 % of its lifetime has passed (as
   * ibm-cloud-sdk-core's token manager does) so no call starts with one about to expire.
   */
  private async mgmtHeaders(): Promise<Pick<RequestSpec, 'headers' | 'credential' | 'secrets'>> {
    const now = this.now()
    if (!this.bearer || now >= this.bearer.renewAt) {
      const { spec, res } = this.exchange(this.apiKey, 'the IBM Cloud API key')
      const raw = await res
      // IAM answers an unknown, disabled or expired key with 400 (not 401): the key is refused.
      if (raw.status === 400 || raw.status === 401) {
        throw new PlatformError('unauthorized', `${this.http.connection} refused the IBM Cloud API key${this.said(raw.body)}: it is disabled, deleted, expired or mistyped; create a new API key and connect again`, { status: raw.status })
      }
      const r = this.http.ensureOk(spec, raw)
      const t = expectShape(TokenSchema, r, 'the IAM token request', this.http.connection)
      const ttlMs = Math.min((t.expires_in ?? 3600) * 1000, t.expiration !== undefined ? t.expiration * 1000 - now : Infinity)
      this.bearer = { token: t.access_token, renewAt: now + Math.max(0, ttlMs) * 0.8 }
    }
    return { headers: { authorization: `Bearer ${this.bearer.token}` }, credential: 'the IBM Cloud API key', secrets: [this.apiKey, this.bearer.token] }
  }

  /** Whose keys these are: the management key's user and account. */
  private async identity(): Promise<Identity> {
    if (this.self) return this.self
    const auth = await this.mgmtHeaders()
    const res = await this.http.request({ method: 'GET', path: '/v1/apikeys/details', ...auth, headers: { ...auth.headers, 'iam-apikey': this.apiKey } })
    const d = expectShape(DetailsSchema, res, 'the API key details', this.http.connection)
    this.self = { keyId: d.id, iamId: d.iam_id, accountId: d.account_id }
    return this.self
  }

  /** IAM's own words from a token-endpoint answer (`errorMessage`), scrubbed and short. */
  private said(body: unknown, ...secrets: string[]): string {
    const m = body && typeof body === 'object' ? (body as { errorMessage?: unknown }).errorMessage : undefined
    if (typeof m !== 'string' || m === '') return ''
    return ` (IBM said: "${shortText(redact(m, [...secrets, this.apiKey]), 160)}")`
  }

  async whoami(): Promise<WhoAmI> {
    const me = await this.identity()
    // IBM Cloud accounts are not TokenDesk organizations: the keys are the user's own.
    return { user: `${me.iamId} (account ${me.accountId})`, orgs: [] }
  }

  async listTokens(): Promise<RemoteToken[]> {
    const me = await this.identity()
    const keys: ApiKey[] = []
    let pagetoken: string | null = null
    for (let page = 0; page < MAX_PAGES; page++) {
      const q = new URLSearchParams({ account_id: me.accountId, iam_id: me.iamId, pagesize: '100' })
      if (pagetoken) q.set('pagetoken', pagetoken)
      const res = await this.http.request({ method: 'GET', path: `/v1/apikeys?${q}`, ...(await this.mgmtHeaders()) })
      const list = expectShape(ApiKeyListSchema, res, 'the API key list', this.http.connection)
      // The connection's own key is its credential, not a token TokenDesk keeps: left out, so sync
      // never offers it as "on the platform, not in TokenDesk" (and nothing revokes it by mistake).
      keys.push(...list.apikeys.filter((k) => k.id !== me.keyId))
      pagetoken = nextPageToken(list.next)
      if (pagetoken === null) break
    }
    const withActivity: ApiKey[] = []
    for (const [i, k] of keys.entries()) withActivity.push(i < ACTIVITY_LOOKUPS ? await this.withActivity(k) : k)
    return withActivity.map(toRemote)
  }

  private async withActivity(k: ApiKey): Promise<ApiKey> {
    const res = await this.http.request({ method: 'GET', path: `/v1/apikeys/${encodeURIComponent(k.id)}?include_activity=true`, ...(await this.mgmtHeaders()) })
    const full = expectShape(ApiKeySchema, res, 'an API key', this.http.connection)
    return { ...k, activity: full.activity }
  }

  async createToken(input: CreateTokenInput): Promise<{ token: RemoteToken; secret: string }> {
    const parsed = CreateTokenInputSchema.safeParse(input)
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'invalid token request')
    const i = parsed.data
    if (i.scopes.length > 0) throw invalid('IBM Cloud API keys have no scopes (a key acts with all of its user\'s access); create it without scopes')
    const expiresAt = i.expiresAt !== undefined ? i.expiresAt : i.expiresInDays === null || i.expiresInDays === undefined ? null : this.now() + i.expiresInDays * 86_400_000
    const me = await this.identity()
    const body: Record<string, unknown> = {
      name: i.name,
      iam_id: me.iamId,
      account_id: me.accountId,
      description: 'Created by TokenDesk',
      // User API keys must not be stored by IAM (iam-identity/v1.ts, createApiKey storeValue).
      store_value: false,
    }
    if (expiresAt !== null) body.expires_at = ibmExpiresAt(expiresAt)
    const res = await this.http.request({ method: 'POST', path: '/v1/apikeys', body, ...(await this.mgmtHeaders()) })
    const c = expectShape(CreatedSchema, res, 'the new API key', this.http.connection)
    return { token: toRemote(c), secret: c.apikey }
  }

  async revokeToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'POST', path: `/v1/apikeys/${encodeURIComponent(remoteId)}/disable`, ...(await this.mgmtHeaders()) })
  }

  async restoreToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `/v1/apikeys/${encodeURIComponent(remoteId)}/disable`, ...(await this.mgmtHeaders()) })
  }

  async deleteToken(remoteId: string): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `/v1/apikeys/${encodeURIComponent(remoteId)}`, ...(await this.mgmtHeaders()) })
  }

  async checkToken(secret: string): Promise<CheckResult> {
    const { spec, res } = this.exchange(secret, 'the API key being checked')
    const r = await res
    const conn = this.http.connection
    if (r.status === 400 || r.status === 401) {
      return { ok: false, status: 'rejected', httpStatus: r.status, message: `${conn} refused the API key: it is disabled, deleted, expired or unknown${this.said(r.body, secret)}` }
    }
    this.http.ensureOk(spec, r)
    if (!TokenSchema.safeParse(r.body).success) throw new PlatformError('malformed', `${conn} answered the token request in an unexpected format`, { status: r.status })
    return { ok: true, status: 'works', httpStatus: r.status, message: `${conn} accepted the API key` }
  }
}
