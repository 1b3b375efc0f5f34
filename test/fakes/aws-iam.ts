import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignatureV4 } from '@smithy/signature-v4'

/**
 * A local stand-in for AWS IAM and STS speaking their Query protocol, so the real AWS SDK
 * (`@aws-sdk/client-iam`, `@aws-sdk/client-sts`) runs against it end to end, SigV4 included.
 * Sources, read 2026-11 (as ../shared/platform-apis.md lists them):
 *  - IAM API reference, "Making Query requests" (POST form `Action=…&Version=2010-05-08`, XML
 *    answers in `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>`; errors as
 *    `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`), and the actions
 *    CreateAccessKey (AccessKey{UserName, AccessKeyId, Status, SecretAccessKey, CreateDate};
 *    "LimitExceeded … AccessKeysPerUser: 2", HTTP 409), ListAccessKeys (AccessKeyMetadata
 *    members, IsTruncated, Marker, MaxItems), UpdateAccessKey (Status Active|Inactive),
 *    DeleteAccessKey, GetAccessKeyLastUsed (AccessKeyLastUsed{LastUsedDate?, ServiceName,
 *    Region}: "N/A" when never used); NoSuchEntity is HTTP 404;
 *  - STS API reference, GetCallerIdentity (Version=2011-06-15 → Arn, UserId, Account); a
 *    request signed with an unknown or inactive key gets 403 InvalidClientTokenId, a wrong
 *    secret 403 SignatureDoesNotMatch ("Signature Version 4 signing process" docs).
 * Every request's SigV4 signature is recomputed here with @smithy/signature-v4 from the
 * secret the fake holds for the key id in its Authorization header.
 */

export interface FakeAccessKey {
  userName: string
  accessKeyId: string
  secretAccessKey: string
  status: 'Active' | 'Inactive'
  createDate: string
  lastUsed?: { date: string; service: string; region: string }
}

export type AwsFault = 'hang' | 'malformed' | 500 | 503 | 'Throttling' | 'AccessDenied'

export interface FakeAwsIam {
  url: string
  account: string
  keys: FakeAccessKey[]
  /** Action names called, in order. */
  calls: string[]
  /** Makes the next `times` calls of `action` fail with `fault`. */
  fault(action: string, fault: AwsFault, times?: number): void
  /** An IAM user with one active key (the management key). */
  addUser(name: string): { accessKeyId: string; secretAccessKey: string }
  /** Marks a key as used now by `service` (as AWS does when the key signs a request). */
  use(accessKeyId: string, service?: string): void
  close(): Promise<void>
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const iso = () => new Date().toISOString()

/** SHA-256 and its HMAC from node:crypto, in the shape @smithy/signature-v4 takes. */
const bytes = (d: string | ArrayBuffer | ArrayBufferView) => (typeof d === 'string' ? d : d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength))
class Sha256 {
  private readonly h
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.h.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.h.digest())
  }
}

function respond(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' }).end(xml)
}

export async function startFakeAwsIam(): Promise<FakeAwsIam> {
  const account = String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999))
  const keys: FakeAccessKey[] = []
  const users = new Set<string>()
  const calls: string[] = []
  const faults: { action: string; fault: AwsFault; times: number }[] = []
  let server: Server

  const ok = (action: string, ns: string, result: string) =>
    `<${action}Response xmlns="${ns}">${result ? `<${action}Result>${result}</${action}Result>` : ''}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  const error = (res: ServerResponse, status: number, code: string, message: string, ns: string) =>
    respond(res, status, `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`)

  /** The caller's key if its SigV4 signature checks out, else the error AWS would give. */
  async function authenticate(req: IncomingMessage, body: string, service: string): Promise<FakeAccessKey | { code: string; message: string }> {
    const auth = req.headers.authorization ?? ''
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth)
    if (!m) return { code: 'IncompleteSignature', message: 'Authorization header requires a valid SigV4 signature.' }
    const [, keyId, , region, signedService, signedHeaders, signature] = m
    const key = keys.find((k) => k.accessKeyId === keyId)
    if (!key || key.status !== 'Active') return { code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' }
    if (signedService !== service) return { code: 'SignatureDoesNotMatch', message: `Credential should be scoped to correct service: '${service}'.` }
    const headers: Record<string, string> = {}
    for (const h of signedHeaders!.split(';')) headers[h] = String(req.headers[h] ?? '')
    const amzDate = String(req.headers['x-amz-date'] ?? '')
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`)
    const [host, port] = (req.headers.host ?? '').split(':')
    const signer = new SignatureV4({ service, region: region!, credentials: { accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey }, sha256: Sha256 })
    const signed = await signer.sign(
      { method: req.method ?? 'POST', protocol: 'http:', hostname: host!, ...(port ? { port: Number(port) } : {}), path: req.url ?? '/', query: {}, headers, body },
      { signingDate, signableHeaders: new Set(Object.keys(headers)) },
    )
    const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization ?? signed.headers.Authorization))?.[1]
    if (expected !== signature) return { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' }
    return key
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    for await (const c of req) body += c
    const form = new URLSearchParams(body)
    const action = form.get('Action') ?? ''
    const version = form.get('Version')
    const isSts = version === '2011-06-15'
    const ns = isSts ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'https://iam.amazonaws.com/doc/2010-05-08/'
    calls.push(action)
    const f = faults.find((x) => x.action === action && x.times > 0)
    if (f) {
      f.times--
      if (f.fault === 'hang') return
      if (f.fault === 'malformed') return respond(res, 200, '<ListAccessKeysResponse><oops')
      if (f.fault === 'Throttling') return error(res, 400, 'Throttling', 'Rate exceeded', ns)
      if (f.fault === 'AccessDenied') return error(res, 403, 'AccessDenied', `User is not authorized to perform: iam:${action}`, ns)
      return error(res, f.fault, 'ServiceFailure', 'The request processing has failed because of an unknown error.', ns)
    }
    if (req.method !== 'POST' || (version !== '2010-05-08' && version !== '2011-06-15')) return error(res, 400, 'InvalidAction', 'Could not find operation.', ns)
    const caller = await authenticate(req, body, isSts ? 'sts' : 'iam')
    if (!('accessKeyId' in caller)) return error(res, 403, caller.code, caller.message, ns)

    if (isSts && action === 'GetCallerIdentity') {
      return respond(res, 200, ok(action, ns, `<Arn>arn:aws:iam::${account}:user/${caller.userName}</Arn><UserId>AIDA${caller.userName.toUpperCase().padEnd(17, 'X')}</UserId><Account>${account}</Account>`))
    }
    const userName = form.get('UserName') ?? caller.userName
    const byId = (id: string | null) => keys.find((k) => k.accessKeyId === id)
    switch (action) {
      case 'CreateAccessKey': {
        if (!users.has(userName)) return error(res, 404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`, ns)
        if (keys.filter((k) => k.userName === userName).length >= 2) return error(res, 409, 'LimitExceeded', 'Cannot exceed quota for AccessKeysPerUser: 2', ns)
        const k: FakeAccessKey = { userName, accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64'), status: 'Active', createDate: iso() }
        keys.push(k)
        return respond(res, 200, ok(action, ns, `<AccessKey><UserName>${k.userName}</UserName><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>Active</Status><SecretAccessKey>${xmlEscape(k.secretAccessKey)}</SecretAccessKey><CreateDate>${k.createDate}</CreateDate></AccessKey>`))
      }
      case 'ListAccessKeys': {
        if (!users.has(userName)) return error(res, 404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`, ns)
        // One key per page, to exercise Marker/IsTruncated with AWS's two-key quota.
        const mine = keys.filter((k) => k.userName === userName)
        const start = Number(form.get('Marker') ?? 0)
        const page = mine.slice(start, start + 1)
        const more = start + 1 < mine.length
        const members = page.map((k) => `<member><UserName>${k.userName}</UserName><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>${k.status}</Status><CreateDate>${k.createDate}</CreateDate></member>`).join('')
        return respond(res, 200, ok(action, ns, `<UserName>${userName}</UserName><AccessKeyMetadata>${members}</AccessKeyMetadata><IsTruncated>${more}</IsTruncated>${more ? `<Marker>${start + 1}</Marker>` : ''}`))
      }
      case 'GetAccessKeyLastUsed': {
        const k = byId(form.get('AccessKeyId'))
        if (!k) return error(res, 403, 'AccessDenied', 'The access key does not exist or you are not allowed to see it.', ns)
        const used = k.lastUsed ? `<LastUsedDate>${k.lastUsed.date}</LastUsedDate><ServiceName>${k.lastUsed.service}</ServiceName><Region>${k.lastUsed.region}</Region>` : '<ServiceName>N/A</ServiceName><Region>N/A</Region>'
        return respond(res, 200, ok(action, ns, `<UserName>${k.userName}</UserName><AccessKeyLastUsed>${used}</AccessKeyLastUsed>`))
      }
      case 'UpdateAccessKey': {
        const k = byId(form.get('AccessKeyId'))
        if (!k) return error(res, 404, 'NoSuchEntity', 'The Access Key with id cannot be found.', ns)
        const status = form.get('Status')
        if (status !== 'Active' && status !== 'Inactive') return error(res, 400, 'ValidationError', "Value at 'status' failed to satisfy constraint", ns)
        k.status = status
        return respond(res, 200, ok(action, ns, ''))
      }
      case 'DeleteAccessKey': {
        const k = byId(form.get('AccessKeyId'))
        if (!k) return error(res, 404, 'NoSuchEntity', 'The Access Key with id cannot be found.', ns)
        keys.splice(keys.indexOf(k), 1)
        return respond(res, 200, ok(action, ns, ''))
      }
    }
    error(res, 400, 'InvalidAction', `Could not find operation ${action} for version ${version}.`, ns)
  }

  server = createServer((req, res) => {
    handle(req, res).catch(() => error(res, 500, 'ServiceFailure', 'fake server error', 'https://iam.amazonaws.com/doc/2010-05-08/'))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    account,
    keys,
    calls,
    fault(action, fault, times = 1) {
      faults.push({ action, fault, times })
    },
    addUser(name) {
      users.add(name)
      const k: FakeAccessKey = { userName: name, accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`, secretAccessKey: randomBytes(30).toString('base64'), status: 'Active', createDate: iso() }
      keys.push(k)
      return { accessKeyId: k.accessKeyId, secretAccessKey: k.secretAccessKey }
    },
    use(accessKeyId, service = 'braket') {
      const k = keys.find((x) => x.accessKeyId === accessKeyId)
      if (k) k.lastUsed = { date: iso(), service, region: 'us-east-1' }
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}
