import http from 'node:http'
import net, { type AddressInfo } from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hub, startHub } from '../../hub/server'
import { type FakeAwsIam, startFakeAwsIam } from '../fakes/aws-iam'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { buildTestCli, cliEnv, runCli } from './harness'

// The CLI's platform calls honour HTTP(S)_PROXY and NO_PROXY (src-main/cli/net.ts): a real
// forwarding proxy on 127.0.0.1 sees them, and NO_PROXY takes a host out.
requireSecretService()

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
let hub: Hub
let mgmt: string
let proxy: http.Server
let proxyUrl: string
const seen: string[] = []

/**
 * A minimal forward proxy: CONNECT tunnels (RFC 9110 §9.3.6; undici's proxy agent tunnels every
 * request this way) and absolute-form requests (RFC 9112 §3.2.2), each relayed to the target.
 */
function startProxy(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`)
    const target = new URL(req.url ?? '')
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers)
        up.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`)
    const [host, port] = (req.url ?? '').split(':')
    const upstream = net.connect(Number(port), host!, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

beforeAll(async () => {
  cli = await buildTestCli('proxy')
  tmp = tempDir()
  hub = await startHub({ port: 0, dbPath: path.join(tmp.dir, 'hub.sqlite'), seed: true, log: () => {} })
  mgmt = hub.seeded!.managementToken
  proxy = await startProxy()
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
}, 60_000)
afterAll(async () => {
  await hub.close()
  proxy.closeAllConnections()
  await new Promise((r) => proxy.close(r))
  cli.cleanup()
  tmp.cleanup()
})

const noProxyEnv = { HTTP_PROXY: '', HTTPS_PROXY: '', NO_PROXY: '', http_proxy: '', https_proxy: '', no_proxy: '' }

describe('tokendesk behind a proxy', () => {
  it('connect and sync go through HTTP_PROXY', async () => {
    const env = cliEnv(path.join(tmp.dir, 'a'), testKeychainService('cli-proxy-a'), { ...noProxyEnv, HTTP_PROXY: proxyUrl })
    seen.length = 0
    const r = await runCli(cli.bundle, ['connect', 'tokendesk-hub', '--url', hub.url, '--name', 'via-proxy'], { env, input: `${mgmt}\n` })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(seen.length).toBeGreaterThan(0)
    // Every call reached the hub through the proxy (a tunnel to the hub's host and port).
    expect(seen.every((l) => l === `CONNECT ${new URL(hub.url).host}` || l.includes(`${hub.url}/`))).toBe(true)
    const before = seen.length
    expect((await runCli(cli.bundle, ['sync'], { env })).code).toBe(0)
    expect(seen.length).toBeGreaterThan(before)
  })

  it('AWS calls (the AWS SDK, SigV4 and all) go through the proxy too', async () => {
    const aws: FakeAwsIam = await startFakeAwsIam()
    try {
      const key = aws.addUser('proxied')
      const env = cliEnv(path.join(tmp.dir, 'aws'), testKeychainService('cli-proxy-aws'), { ...noProxyEnv, HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl })
      seen.length = 0
      const r = await runCli(cli.bundle, ['connect', 'aws-iam', '--url', aws.url, '--key-id', key.accessKeyId, '--name', 'aws'], { env, input: `${key.secretAccessKey}\n` })
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      // STS (who signs) and IAM (the key list) both reached the fake through the proxy.
      expect(seen.length).toBeGreaterThan(0)
      expect(seen.every((l) => l === `CONNECT ${new URL(aws.url).host}` || l.includes(`${aws.url}/`))).toBe(true)
      const g = await runCli(cli.bundle, ['generate', '--connection', 'aws', '--name', 'braket-proxied'], { env })
      expect(g.code, g.stderr).toBe(0)
      expect(aws.keys.filter((k) => k.userName === 'proxied').length).toBe(2)
    } finally {
      await aws.close()
    }
  })

  it('NO_PROXY takes the platform host out; lower-case names win as in curl', async () => {
    const env = cliEnv(path.join(tmp.dir, 'b'), testKeychainService('cli-proxy-b'), { ...noProxyEnv, HTTP_PROXY: proxyUrl, no_proxy: '127.0.0.1' })
    seen.length = 0
    const r = await runCli(cli.bundle, ['connect', 'tokendesk-hub', '--url', hub.url, '--name', 'direct'], { env, input: `${mgmt}\n` })
    expect(r.code).toBe(0)
    expect(seen).toEqual([])
  })

  it('a proxy that is down: a clear network error, nothing stored', async () => {
    const env = cliEnv(path.join(tmp.dir, 'c'), testKeychainService('cli-proxy-c'), { ...noProxyEnv, http_proxy: 'http://127.0.0.1:9' })
    const r = await runCli(cli.bundle, ['connect', 'tokendesk-hub', '--url', hub.url, '--name', 'down'], { env, input: `${mgmt}\n` })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/could not connect|could not reach|network/i)
    expect(r.stderr).not.toContain(mgmt)
    expect((await runCli(cli.bundle, ['connections', '--json'], { env })).stdout.trim()).toBe('[]')
  })
})
