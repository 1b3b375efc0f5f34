import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeAwsIam, type AwsFault, type FakeAwsIam } from '../../../test/fakes/aws-iam'
import { splitKeyPair, userOfArn } from './aws-iam'
import { PlatformError } from './http'
import { createConnector } from './registry'
import type { Connector } from './types'

// The AWS connector through AWS's own SDK, SigV4 and all, against a fake of IAM/STS that speaks
// their Query protocol and checks every signature (test/fakes/aws-iam.ts cites the references).

let aws: FakeAwsIam
let mgmt: { accessKeyId: string; secretAccessKey: string }
let c: Connector
const connect = (pair = mgmt, timeoutMs = 1_500) =>
  createConnector({ kind: 'aws-iam', baseUrl: aws.url, managementToken: `${pair.accessKeyId}:${pair.secretAccessKey}`, timeoutMs, connectionName: 'aws-test' })
const text = (e: unknown) => (e instanceof Error ? e.message : String(e))

beforeAll(async () => {
  aws = await startFakeAwsIam()
  mgmt = aws.addUser('alice')
  c = connect()
})
afterAll(() => aws.close())

describe('AWS IAM connector', () => {
  it('who am I: the IAM user of the key pair (STS GetCallerIdentity)', async () => {
    expect(await c.whoami()).toEqual({ user: `arn:aws:iam::${aws.account}:user/alice`, orgs: [] })
  })

  it('creates a key (secret once, key id as a field), lists it without the connection’s own key, with last use', async () => {
    const { token, secret, fields } = (await c.createToken({ name: 'braket-jobs', expiresAt: null })) as Awaited<ReturnType<Connector['createToken']>>
    const k = aws.keys.find((x) => x.accessKeyId === token.remoteId)!
    expect(secret).toBe(k.secretAccessKey)
    expect(fields).toEqual({ aws_access_key_id: k.accessKeyId })
    expect(token).toMatchObject({ active: true, expiresAt: null, scopes: [] })
    let listed = await c.listTokens()
    expect(listed.map((t) => t.remoteId)).toEqual([k.accessKeyId])
    expect(listed[0]!.lastUsedAt).toBeNull()
    aws.use(k.accessKeyId)
    listed = await c.listTokens()
    expect(listed[0]!.lastUsedAt).toBe(Date.parse(k.lastUsed!.date))
    // ListAccessKeys is paged (one key per page in the fake): both pages were read.
    expect(aws.calls.filter((a) => a === 'ListAccessKeys').length).toBeGreaterThanOrEqual(4)
    expect(JSON.stringify(listed)).not.toContain(secret)
  })

  it('the check signs STS with the token’s own key pair: works, then rejected once inactive', async () => {
    const k = aws.keys.find((x) => x.userName === 'alice' && x.accessKeyId !== mgmt.accessKeyId)!
    expect(await c.checkToken(k.secretAccessKey, { aws_access_key_id: k.accessKeyId })).toMatchObject({ ok: true, status: 'works' })
    const wrong = await c.checkToken('not-the-secret-0000000000000000000000', { aws_access_key_id: k.accessKeyId })
    expect(wrong).toMatchObject({ ok: false, status: 'rejected' })
    expect(wrong.message).toMatch(/SignatureDoesNotMatch|signature we calculated/)
    await c.revokeToken(k.accessKeyId)
    expect(k.status).toBe('Inactive')
    const rejected = await c.checkToken(k.secretAccessKey, { aws_access_key_id: k.accessKeyId })
    expect(rejected).toMatchObject({ ok: false, status: 'rejected', httpStatus: 403 })
    expect(rejected.message).toMatch(/AWS rejected the key being checked.*security token included in the request is invalid/)
    expect(rejected.message).not.toContain(k.secretAccessKey)
    await c.restoreToken(k.accessKeyId)
    expect(k.status).toBe('Active')
    await expect(c.checkToken(k.secretAccessKey)).rejects.toThrow(/no aws_access_key_id field/)
  })

  it('two keys per user: the third is refused with what to do; delete frees the slot', async () => {
    const e = await c.createToken({ name: 'third', expiresAt: null }).catch((x: unknown) => x)
    expect(e).toMatchObject({ kind: 'conflict' })
    expect(text(e)).toMatch(/AWS allows two access keys per IAM user and this user has two already.*revoke and delete one/)
    const k = aws.keys.find((x) => x.userName === 'alice' && x.accessKeyId !== mgmt.accessKeyId)!
    await c.revokeToken(k.accessKeyId)
    await c.deleteToken(k.accessKeyId)
    expect(aws.keys.some((x) => x.accessKeyId === k.accessKeyId)).toBe(false)
    await expect(c.deleteToken(k.accessKeyId)).rejects.toMatchObject({ kind: 'not_found' })
    const again = await c.createToken({ name: 'again', expiresAt: null })
    await c.deleteToken(again.token.remoteId)
  })

  it('refuses what AWS keys do not have: scopes and an expiry', async () => {
    await expect(c.createToken({ name: 'x', scopes: ['s3'], expiresAt: null })).rejects.toThrow(/no scopes/)
    await expect(c.createToken({ name: 'x', expiresInDays: 30 })).rejects.toThrow(/do not expire/)
  })

  it('a wrong or inactive management key: unauthorized, with AWS’s words and never the secret', async () => {
    const e = await connect({ accessKeyId: mgmt.accessKeyId, secretAccessKey: 'wrong-secret-wrong-secret-wrong-secret00' }).whoami().catch((x: unknown) => x)
    expect(e).toMatchObject({ kind: 'unauthorized' })
    expect(text(e)).toMatch(/AWS rejected the AWS access key for "aws-test" \(AWS said: "The request signature we calculated.*connect again/)
    expect(text(e)).not.toContain('wrong-secret')
    const unknown = await connect({ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: mgmt.secretAccessKey }).whoami().catch((x: unknown) => x)
    expect(unknown).toMatchObject({ kind: 'unauthorized' })
    expect(text(unknown)).not.toContain(mgmt.secretAccessKey)
  })

  it.each<[AwsFault, string, RegExp]>([
    ['AccessDenied', 'forbidden', /not allowed to ListAccessKeys/],
    ['Throttling', 'rate_limited', /rate limiting/],
    [500, 'server', /internal error \(HTTP 500\)/],
    [503, 'server', /HTTP 503/],
    ['malformed', 'malformed', /unexpected format/],
    ['hang', 'timeout', /did not answer within 1500 ms/],
  ])('ListAccessKeys answering %s → %s', async (fault, kind, words) => {
    aws.fault('ListAccessKeys', fault)
    const e = await c.listTokens().catch((x: unknown) => x)
    expect(e).toBeInstanceOf(PlatformError)
    expect(e).toMatchObject({ kind })
    expect(text(e)).toMatch(words)
    expect(text(e)).not.toContain(mgmt.secretAccessKey)
  })

  it('reads the key pair and the IAM user name', () => {
    expect(splitKeyPair('AKIAABCDEFGHIJKLMNOP:se/cr+et')).toEqual({ accessKeyId: 'AKIAABCDEFGHIJKLMNOP', secretAccessKey: 'se/cr+et' })
    expect(() => splitKeyPair('no-colon')).toThrow(/access key id/)
    expect(userOfArn('arn:aws:iam::123456789012:user/lab/alice')).toBe('alice')
    expect(userOfArn('arn:aws:sts::123456789012:assumed-role/R/s')).toBeNull()
    expect(userOfArn('arn:aws:iam::123456789012:root')).toBeNull()
  })
})
