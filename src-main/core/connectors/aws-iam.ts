import type { IAMClient } from '@aws-sdk/client-iam'
import { invalid } from '../errors'
import { CAPABILITIES } from './capabilities'
import { DEFAULT_TIMEOUT_MS, PlatformError, redact, shortText, type FetchLike, type PlatformErrorKind } from './http'
import { type Capabilities, type CheckResult, type Connector, type CreateTokenInput, CreateTokenInputSchema, type RemoteToken, type WhoAmI } from './types'

/**
 * AWS IAM access keys (what Amazon Braket's SDKs authenticate with), through AWS's own SDK
 * (`@aws-sdk/client-iam`, `@aws-sdk/client-sts`): requests are signed with SigV4 by the SDK, never
 * by hand. Sources: the IAM API reference (CreateAccessKey, ListAccessKeys, UpdateAccessKey,
 * DeleteAccessKey, GetAccessKeyLastUsed; Query protocol, Version=2010-05-08) and the STS API
 * reference (GetCallerIdentity), as ../shared/platform-apis.md lists them.
 *   whoami       STS GetCallerIdentity with the connection's key pair → Arn, Account, UserId; the
 *                keys TokenDesk manages are that IAM user's (or `--field user=NAME`'s at generate)
 *   listTokens   ListAccessKeys (every page, Marker/IsTruncated) + GetAccessKeyLastUsed per key;
 *                the connection's own key is left out
 *   createToken  CreateAccessKey {UserName} → AccessKeyId and SecretAccessKey (the secret, once);
 *                AWS allows two keys per user: LimitExceeded says so and what to do
 *   revokeToken  UpdateAccessKey Status=Inactive     restoreToken  UpdateAccessKey Status=Active
 *   deleteToken  DeleteAccessKey
 *   checkToken   STS GetCallerIdentity signed with the token's own key pair (its key id is the
 *                token's field aws_access_key_id)
 * AWS keys never expire by themselves, so a generated key is kept without an expiry.
 *
 * Every call has a deadline (an abort signal) and one attempt: a throttled call fails with
 * "rate limiting" rather than retrying behind the user's back. When the host gives a fetch (the
 * CLI's proxy-aware one, src-main/cli/net.ts; the app's, with the system proxy and certificates)
 * the SDK sends through it — the SDK's own fetch handler (@smithy/fetch-http-handler) with that
 * fetch, so AWS calls go where every other platform call goes; otherwise through Node's https.
 * `--url` replaces both the IAM and the STS endpoint (tests, private endpoints).
 *
 * The SDK is loaded on the first AWS call, not with the module: requiring both clients takes
 * 120–160 ms here (measured), which every CLI command and the app's start would otherwise pay.
 */

type IamSdk = typeof import('@aws-sdk/client-iam')
type StsSdk = typeof import('@aws-sdk/client-sts')
type FetchHandlerModule = typeof import('@smithy/fetch-http-handler')
let sdks: Promise<{ iam: IamSdk; sts: StsSdk; fetchHandler: FetchHandlerModule }> | null = null
const loadSdks = () =>
  (sdks ??= Promise.all([import('@aws-sdk/client-iam'), import('@aws-sdk/client-sts'), import('@smithy/fetch-http-handler')]).then(([iam, sts, fetchHandler]) => ({ iam, sts, fetchHandler })))

/**
 * The SDK's fetch handler hands its fetch a Request; the host's fetch takes a URL and options (and
 * may be another fetch implementation, whose Request class is not this one's). Never redirected:
 * a signed request is not re-sent to another host.
 */
function requestToFetch(send: FetchLike): (req: Request) => Promise<Response> {
  return async (req) => {
    const body = req.body ? await req.arrayBuffer() : undefined
    return send(req.url, { method: req.method, headers: req.headers, body, signal: req.signal, redirect: 'manual' })
  }
}

export const AWS_IAM_DEFAULT_URL = 'https://iam.amazonaws.com'
/** IAM is a global service; the SDK signs its calls for us-east-1. */
const REGION = 'us-east-1'
const MAX_PAGES = 20

export interface AwsIamOptions {
  /** An endpoint replacing IAM's and STS's; undefined for AWS's own. */
  endpoint?: string
  connection: string
  timeoutMs?: number
  /** The host's fetch (its proxy and certificates); Node's https when absent. */
  fetch?: FetchLike
}

/** The connection's credential as kept in the keychain: `ACCESS_KEY_ID:SECRET_ACCESS_KEY`. */
export function splitKeyPair(credential: string): { accessKeyId: string; secretAccessKey: string } {
  const i = credential.indexOf(':')
  const accessKeyId = credential.slice(0, i)
  const secretAccessKey = credential.slice(i + 1)
  if (i <= 0 || !/^[A-Z0-9]{16,128}$/.test(accessKeyId) || secretAccessKey === '') {
    throw invalid('an AWS connection needs an access key id (AKIA…) and its secret access key')
  }
  return { accessKeyId, secretAccessKey }
}

/** The IAM user name in a caller ARN (`arn:aws:iam::123456789012:user/path/NAME`), or null for a role or root. */
export function userOfArn(arn: string): string | null {
  const m = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:.*\/)?([\w+=,.@-]{1,64})$/.exec(arn)
  return m ? m[1]! : null
}

interface SdkError {
  name?: string
  message?: string
  $metadata?: { httpStatusCode?: number }
}

export class AwsIamConnector implements Connector {
  readonly kind = 'aws-iam' as const
  readonly capabilities: Capabilities = CAPABILITIES['aws-iam']
  private readonly keys: { accessKeyId: string; secretAccessKey: string }
  private readonly timeoutMs: number
  private iamClient: IAMClient | null = null
  private self: { arn: string; user: string } | null = null

  constructor(
    private readonly opts: AwsIamOptions,
    credential: string,
  ) {
    this.keys = splitKeyPair(credential)
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  private async iam(): Promise<{ client: IAMClient; sdk: IamSdk }> {
    const sdk = await loadSdks()
    this.iamClient ??= new sdk.iam.IAMClient(this.clientConfig(this.keys, sdk.fetchHandler))
    const iam = sdk.iam
    return { client: this.iamClient, sdk: iam }
  }

  /** Asks STS who signs with `credentials` (the connection's pair, or a token's). */
  private async callerIdentity(credentials: { accessKeyId: string; secretAccessKey: string }, credential?: string, secrets?: string[]) {
    const { sts, fetchHandler } = await loadSdks()
    const client = new sts.STSClient(this.clientConfig(credentials, fetchHandler))
    try {
      return await this.send('GetCallerIdentity', (abortSignal) => client.send(new sts.GetCallerIdentityCommand({}), { abortSignal }), credential, secrets)
    } finally {
      client.destroy()
    }
  }

  private clientConfig(credentials: { accessKeyId: string; secretAccessKey: string }, fetchHandler: FetchHandlerModule) {
    const send = this.opts.fetch
    return {
      region: REGION,
      credentials,
      maxAttempts: 1,
      ...(this.opts.endpoint ? { endpoint: this.opts.endpoint } : {}),
      requestHandler: send
        ? new fetchHandler.FetchHttpHandler({ requestTimeout: this.timeoutMs, customFetch: requestToFetch(send) as typeof fetch })
        : { connectionTimeout: this.timeoutMs, requestTimeout: this.timeoutMs },
    }
  }

  /** Sends one command with a deadline; every SDK failure becomes a PlatformError with words. */
  private async send<T>(what: string, run: (signal: AbortSignal) => Promise<T>, credential = 'the AWS access key', secrets: string[] = []): Promise<T> {
    try {
      return await run(AbortSignal.timeout(this.timeoutMs))
    } catch (e) {
      throw this.failure(e, what, credential, [this.keys.secretAccessKey, ...secrets])
    }
  }

  private failure(e: unknown, what: string, credential: string, secrets: string[]): PlatformError {
    const conn = this.opts.connection
    const err = (e ?? {}) as SdkError
    // The SDK names modelled errors after their code with "Exception" (LimitExceeded →
    // LimitExceededException), others by the code itself.
    const name = (err.name ?? '').replace(/Exception$/, '')
    const status = err.$metadata?.httpStatusCode
    const said = err.message ? ` (AWS said: "${shortText(redact(err.message, secrets))}")` : ''
    const make = (kind: PlatformErrorKind, message: string) => new PlatformError(kind, message, status === undefined ? {} : { status })
    if (name === 'TimeoutError' || name === 'AbortError' || /timed? ?out/i.test(err.message ?? '')) {
      return make('timeout', `${what} on ${conn} did not answer within ${this.timeoutMs} ms; check the connection and try again`)
    }
    if (['InvalidClientTokenId', 'SignatureDoesNotMatch', 'UnrecognizedClient', 'InvalidAccessKeyId', 'ExpiredToken'].includes(name)) {
      const todo = credential === 'the AWS access key' ? '; connect again with a working key pair' : ''
      return make('unauthorized', `AWS rejected ${credential} for ${conn}${said}: it is inactive, deleted or mistyped${todo}`)
    }
    if (name === 'AccessDenied' || status === 403) {
      return make('forbidden', `${credential} for ${conn} is not allowed to ${what}${said}: its IAM user needs iam:*AccessKey* permissions on itself`)
    }
    if (name === 'NoSuchEntity' || status === 404) return make('not_found', `${conn} has no such access key or user for ${what}${said}: refresh the list`)
    if (name === 'LimitExceeded') {
      return make('conflict', `${what} on ${conn}: AWS allows two access keys per IAM user and this user has two already${said}; revoke and delete one of them first (tokendesk revoke / delete, or the AWS console)`)
    }
    if (name === 'Throttling' || status === 429) return make('rate_limited', `${conn} is rate limiting requests${said}: try again later`)
    if (status !== undefined && status >= 500) return make('server', `${conn} had an internal error (HTTP ${status}) on ${what}${said}: try again later`)
    if (status !== undefined && status >= 400) return make('invalid_request', `${conn} refused ${what} as invalid (HTTP ${status})${said}`)
    if (status === undefined && /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|socket/i.test(`${name} ${err.message ?? ''}`)) {
      return make('network', `${what} on ${conn} could not be reached (${name || 'network error'}); check the URL and your network`)
    }
    // A body the SDK could not parse (not AWS's XML) lands here.
    return make('malformed', `${conn} answered ${what} in an unexpected format${status ? ` (HTTP ${status})` : ''}; check the URL`)
  }

  private async identity(): Promise<{ arn: string; user: string }> {
    if (this.self) return this.self
    const who = await this.callerIdentity(this.keys)
    const arn = who.Arn ?? ''
    const user = userOfArn(arn)
    if (user === null) throw invalid(`${this.opts.connection} signs in as ${arn || 'an unknown identity'}, not an IAM user: connect with an IAM user's access key (access keys belong to users)`)
    this.self = { arn, user }
    return this.self
  }

  async whoami(): Promise<WhoAmI> {
    const me = await this.identity()
    return { user: me.arn, orgs: [] }
  }

  async listTokens(): Promise<RemoteToken[]> {
    const me = await this.identity()
    const { client, sdk } = await this.iam()
    const out: RemoteToken[] = []
    let marker: string | undefined
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await this.send('ListAccessKeys', (abortSignal) => client.send(new sdk.ListAccessKeysCommand({ UserName: me.user, ...(marker ? { Marker: marker } : {}) }), { abortSignal }))
      for (const k of r.AccessKeyMetadata ?? []) {
        // The connection's own key is its credential, not a token TokenDesk keeps.
        if (!k.AccessKeyId || k.AccessKeyId === this.keys.accessKeyId) continue
        const id = k.AccessKeyId
        const used = await this.send('GetAccessKeyLastUsed', (abortSignal) => client.send(new sdk.GetAccessKeyLastUsedCommand({ AccessKeyId: id }), { abortSignal }))
        out.push({
          remoteId: id,
          name: id,
          createdAt: k.CreateDate?.getTime() ?? 0,
          expiresAt: null,
          active: k.Status === 'Active',
          lastUsedAt: used.AccessKeyLastUsed?.LastUsedDate?.getTime() ?? null,
          scopes: [],
        })
      }
      if (!r.IsTruncated || !r.Marker) break
      marker = r.Marker
    }
    return out
  }

  async createToken(input: CreateTokenInput): Promise<{ token: RemoteToken; secret: string; fields: Record<string, string> }> {
    const parsed = CreateTokenInputSchema.safeParse(input)
    if (!parsed.success) throw invalid(parsed.error.issues[0]?.message ?? 'invalid token request')
    const i = parsed.data
    if (i.scopes.length > 0) throw invalid('AWS access keys have no scopes (a key acts with its IAM user\'s policies); create it without scopes')
    if ((i.expiresAt ?? null) !== null || (i.expiresInDays ?? null) !== null) throw invalid('AWS access keys do not expire; generate it with no expiry (never)')
    const userName = i.fields?.user ?? (await this.identity()).user
    if (!/^[\w+=,.@-]{1,64}$/.test(userName)) throw invalid('user is an IAM user name: letters, digits and +=,.@_- (at most 64)')
    const { client, sdk } = await this.iam()
    const r = await this.send('CreateAccessKey', (abortSignal) => client.send(new sdk.CreateAccessKeyCommand({ UserName: userName }), { abortSignal }))
    const k = r.AccessKey
    if (!k?.AccessKeyId || !k.SecretAccessKey) throw new PlatformError('malformed', `${this.opts.connection} answered CreateAccessKey without a key`)
    return {
      token: { remoteId: k.AccessKeyId, name: i.name, createdAt: k.CreateDate?.getTime() ?? Date.now(), expiresAt: null, active: k.Status !== 'Inactive', lastUsedAt: null, scopes: [] },
      secret: k.SecretAccessKey,
      // The key id is what SDKs need beside the secret (AWS_ACCESS_KEY_ID, ~/.aws/credentials).
      fields: { aws_access_key_id: k.AccessKeyId, ...(i.fields?.user ? { user: userName } : {}) },
    }
  }

  private async setStatus(remoteId: string, status: 'Active' | 'Inactive'): Promise<void> {
    const { client, sdk } = await this.iam()
    await this.send('UpdateAccessKey', (abortSignal) => client.send(new sdk.UpdateAccessKeyCommand({ AccessKeyId: remoteId, Status: status }), { abortSignal }))
  }

  revokeToken(remoteId: string): Promise<void> {
    return this.setStatus(remoteId, 'Inactive')
  }

  restoreToken(remoteId: string): Promise<void> {
    return this.setStatus(remoteId, 'Active')
  }

  async deleteToken(remoteId: string): Promise<void> {
    const { client, sdk } = await this.iam()
    await this.send('DeleteAccessKey', (abortSignal) => client.send(new sdk.DeleteAccessKeyCommand({ AccessKeyId: remoteId }), { abortSignal }))
  }

  async checkToken(secret: string, fields: Record<string, string> = {}): Promise<CheckResult> {
    const accessKeyId = fields.aws_access_key_id
    if (!accessKeyId) throw invalid('this token has no aws_access_key_id field, so AWS cannot be asked about it; add it again with --field aws_access_key_id=AKIA…')
    try {
      await this.callerIdentity({ accessKeyId, secretAccessKey: secret }, 'the key being checked', [secret])
      return { ok: true, status: 'works', httpStatus: 200, message: `${this.opts.connection} accepted the access key` }
    } catch (e) {
      if (e instanceof PlatformError && (e.kind === 'unauthorized' || e.kind === 'forbidden')) {
        return { ok: false, status: 'rejected', httpStatus: e.status ?? 403, message: e.message }
      }
      throw e
    }
  }
}
