import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeAwsIam, type FakeAwsIam } from '../fakes/aws-iam'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, filesContaining, keychainLookup, useBuiltCli, okJson } from './harness'

// AWS IAM access keys from the built CLI through AWS's own SDK (SigV4 and all) against the fake of
// IAM/STS (test/fakes/aws-iam.ts): connect with --key-id and the secret on stdin, generate an
// Amazon Braket provider token, write it where boto3 reads it (boto3 is the reader), revoke /
// restore / delete on AWS first, the two-keys quota, sync, check — with the real Secret Service.
requireSecretService()

const cli = useBuiltCli('aws-iam')
let aws: FakeAwsIam
let mgmt: { accessKeyId: string; secretAccessKey: string }
let h: ReturnType<typeof cliHome>

const json = okJson

beforeAll(async () => {
  aws = await startFakeAwsIam()
  mgmt = aws.addUser('alice')
  h = cliHome(cli, 'aws')
})
afterAll(() => aws.close())

describe('tokendesk with AWS IAM access keys', () => {
  it('connect: --key-id and the secret from stdin; a wrong secret stores nothing and is never echoed', async () => {
    expect((await h.td(['connect', 'aws-iam', '--url', aws.url], `${mgmt.secretAccessKey}\n`)).stderr).toMatch(/missing --key-id/)
    const bad = await h.td(['connect', 'aws-iam', '--url', aws.url, '--key-id', mgmt.accessKeyId], 'wrong/secret+wrong/secret+wrong/secret00\n')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/could not connect "aws-iam".*AWS rejected the AWS access key.*signature we calculated.*Nothing was stored/)
    expect(bad.stderr).not.toContain('wrong/secret')
    const r = await h.td(['connect', 'aws-iam', '--url', aws.url, '--key-id', mgmt.accessKeyId, '--name', 'aws'], `${mgmt.secretAccessKey}\n`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`connected "aws" (aws-iam at ${aws.url}) as arn:aws:iam::${aws.account}:user/alice\n`)
    const [conn] = json<{ id: string }[]>(await h.td(['connections', '--json']))
    expect(await keychainLookup(h.env.TOKENDESK_KEYCHAIN_SERVICE!, `connection-${conn!.id}.1`)).toBe(`${mgmt.accessKeyId}:${mgmt.secretAccessKey}`)
  })

  it('generate: an Amazon Braket provider token with its key id, read back by boto3', async () => {
    expect((await h.td(['generate', '--connection', 'aws', '--name', 'braket', '--expires', '30d'])).stderr).toMatch(/AWS IAM keys do not expire/)
    const r = await h.td(['generate', '--connection', 'aws', '--name', 'braket'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^generated braket \(.+, provider token for aws-braket\) on "aws", expires never/)
    const secret = r.stdout.trim()
    const key = aws.keys.find((k) => k.secretAccessKey === secret)!
    const { token } = json<{ token: { kind: string; platform: string; fields: Record<string, string>; remoteId: string; expiresAt: number | null } }>(await h.td(['show', 'braket', '--json']))
    expect(token).toMatchObject({ kind: 'provider', platform: 'aws-braket', fields: { aws_access_key_id: key.accessKeyId }, remoteId: key.accessKeyId, expiresAt: null })

    expect((await h.td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'braket', '--yes'])).code).toBe(0)
    const seen = execFileSync('python3', ['-c', "import boto3, json; c = boto3.Session(profile_name='braket').get_credentials(); print(json.dumps([c.access_key, c.secret_key]))"], {
      env: { PATH: process.env.PATH ?? '', HOME: h.home },
      encoding: 'utf8',
    })
    expect(JSON.parse(seen)).toEqual([key.accessKeyId, secret])
    expect(filesContaining(h.data, secret)).toEqual([])
    expect(filesContaining(h.data, mgmt.secretAccessKey)).toEqual([])

    // AWS's quota: the user now has two keys (the connection's and this one).
    const third = await h.td(['generate', '--connection', 'aws', '--name', 'third'])
    expect(third.code).toBe(1)
    expect(third.stderr).toMatch(/AWS allows two access keys per IAM user and this user has two already \(AWS said: "Cannot exceed quota for AccessKeysPerUser: 2"\); revoke and delete one of them first.*Nothing was stored/)
    expect((await h.td(['show', 'third'])).code).toBe(3)
  })

  it('check signs with the token’s own pair; revoke, restore and delete act on AWS first; sync brings last use', async () => {
    const { token } = json<{ token: { remoteId: string } }>(await h.td(['show', 'braket', '--json']))
    const key = () => aws.keys.find((k) => k.accessKeyId === token.remoteId)
    expect(await h.td(['check', 'braket'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^works: "aws" accepted the access key/) })
    aws.use(token.remoteId)
    expect((await h.td(['sync'])).code).toBe(0)
    expect(json<{ token: { lastUsedAt: number } }>(await h.td(['show', 'braket', '--json'])).token.lastUsedAt).toBe(Date.parse(key()!.lastUsed!.date))

    expect((await h.td(['revoke', 'braket'])).code).toBe(0)
    expect(key()!.status).toBe('Inactive')
    const rejected = await h.td(['check', 'braket', '--json'])
    expect(JSON.parse(rejected.stdout)).toMatchObject({ ok: false, status: 'rejected', httpStatus: 403 })
    expect((await h.td(['restore', 'braket'])).code).toBe(0)
    expect(key()!.status).toBe('Active')

    aws.fault('UpdateAccessKey', 'Throttling')
    const throttled = await h.td(['revoke', 'braket'])
    expect(throttled.code).toBe(1)
    expect(throttled.stderr).toMatch(/could not revoke "braket" on connection "aws".*rate limiting.*"braket" was not changed in TokenDesk/)
    expect((await h.td(['revoke', 'braket'])).code).toBe(0)
    expect((await h.td(['delete', 'braket', '--yes'])).code).toBe(0)
    expect(key()).toBeUndefined()
  })
})
