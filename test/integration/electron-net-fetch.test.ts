import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src-main/core/core'
import type { FetchLike } from '../../src-main/core/connectors/http'
import { MemorySecretStore } from '../../src-main/core/secrets/memory-store'
import { CHROMIUM_OWNED_HEADERS, chromiumFetch } from '../../src-main/shell/net-fetch'
import { startFakeAwsIam, type FakeAwsIam } from '../fakes/aws-iam'
import { tempDir } from '../helpers/temp-dir'

// The app's platform calls go through Electron's net.fetch (issue #25, items 1 and 2). Its binary
// cannot run here, so a fetch that refuses as Chromium's does stands in for it: it fails a request
// that sets a header Chromium owns (net::ERR_INVALID_ARGUMENT, Electron's api/client-request.md
// "restricted headers"), cancels a manual redirect ("Redirect was cancelled") and reports a
// certificate error in its message only (net::ERR_CERT_…). The real AWS flow runs through it.
const chromiumLikeFetch: FetchLike = async (url, init) => {
  for (const name of new Headers(init.headers).keys()) {
    if (CHROMIUM_OWNED_HEADERS.has(name)) throw new TypeError('net::ERR_INVALID_ARGUMENT')
  }
  if (url.startsWith('https://')) throw new Error('net::ERR_CERT_AUTHORITY_INVALID')
  const res = await fetch(url, init)
  if (init.redirect === 'manual' && res.status >= 300 && res.status < 400) throw new Error('Redirect was cancelled')
  return res
}

let aws: FakeAwsIam
let redirecting: http.Server
let redirectUrl: string
let tmp: ReturnType<typeof tempDir>
const cores: Core[] = []
const core = (label: string, fetch: FetchLike) => {
  const c = createCore({ dataDir: path.join(tmp.dir, label), actor: 'test', secrets: new MemorySecretStore(), home: tmp.dir, env: {}, fetch })
  cores.push(c)
  return c
}

beforeAll(async () => {
  tmp = tempDir()
  aws = await startFakeAwsIam()
  redirecting = http.createServer((_req, res) => res.writeHead(302, { location: 'https://elsewhere.example/' }).end())
  await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r))
  redirectUrl = `http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`
})
afterAll(() => {
  for (const c of cores) c.close()
  aws.close()
  redirecting.close()
  tmp.cleanup()
})

describe('the app fetch over a Chromium-like net.fetch', () => {
  it('the AWS SDK\'s Host and Content-Length fail every call without the adapter', async () => {
    const mgmt = aws.addUser('bare')
    const c = core('bare', chromiumLikeFetch)
    await expect(c.connections.connect({ kind: 'aws-iam', baseUrl: aws.url, accessKeyId: mgmt.accessKeyId }, mgmt.secretAccessKey)).rejects.toThrow(/could not connect .*Nothing was stored/)
  })

  it('through the adapter: connect and generate on AWS work (the signature over host still holds)', async () => {
    const mgmt = aws.addUser('app')
    const c = core('adapted', chromiumFetch(chromiumLikeFetch))
    const conn = await c.connections.connect({ kind: 'aws-iam', baseUrl: aws.url, accessKeyId: mgmt.accessKeyId, name: 'aws' }, mgmt.secretAccessKey)
    expect(conn).toMatchObject({ name: 'aws', kind: 'aws-iam', account: expect.stringContaining(':user/app') })
    const { token, secret } = await c.connections.generate('aws', { name: 'braket' })
    expect(aws.keys.find((k) => k.secretAccessKey === secret)?.accessKeyId).toBe(token.fields.aws_access_key_id)
  })

  it('a cancelled redirect and a certificate error read as the CLI says them', async () => {
    const c = core('errors', chromiumFetch(chromiumLikeFetch))
    await expect(c.connections.connect({ kind: 'tokendesk-hub', baseUrl: redirectUrl }, 'mgmt-token-0123456789')).rejects.toThrow(/answered with a redirect, which TokenDesk never follows .*check the base URL/)
    await expect(c.connections.connect({ kind: 'tokendesk-hub', baseUrl: 'https://127.0.0.1:9' }, 'mgmt-token-0123456789')).rejects.toThrow(/secure \(TLS\) connection \(ERR_CERT_AUTHORITY_INVALID\)/)
  })
})
