import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hub, startHub } from '../../hub/server'
import { createConnector } from '../../src-main/core/connectors/registry'
import type { Connector } from '../../src-main/core/connectors/types'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { buildTestCli, cliEnv, filesContaining, keychainLookup, runCli, okJson } from './harness'

// connect / connections / generate / sync / check and the platform-first revoke/restore/delete,
// through the built CLI against a real hub and the real Secret Service.
requireSecretService()

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
let hub: Hub
let mgmt: string
let direct: Connector
let env: NodeJS.ProcessEnv
const service = testKeychainService('cli-conn')

const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input })
const json = okJson

beforeAll(async () => {
  cli = await buildTestCli('connections')
  tmp = tempDir()
  hub = await startHub({ port: 0, dbPath: path.join(tmp.dir, 'hub.sqlite'), seed: true, log: () => {} })
  mgmt = hub.seeded!.managementToken
  direct = createConnector({ kind: 'tokendesk-hub', baseUrl: hub.url, managementToken: mgmt, timeoutMs: 2000 })
  env = cliEnv(path.join(tmp.dir, 'home'), service)
}, 60_000)
afterAll(async () => {
  await hub.close()
  cli.cleanup()
  tmp.cleanup()
})

describe('tokendesk connect / generate / sync / check', () => {
  it('connect reads the management token from stdin, shows who I am and imports orgs', async () => {
    const bad = await td(['connect', 'tokendesk-hub', '--url', hub.url], 'tdh_wrong-token-000000\n')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/could not connect "tokendesk-hub".*reconnect with a new token/)
    expect(bad.stderr).not.toContain('tdh_wrong-token-000000')

    const r = await td(['connect', 'tokendesk-hub', '--url', hub.url, '--name', 'hub'], `${mgmt}\n`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`connected "hub" (tokendesk-hub at ${hub.url}) as demo; organizations: quantum-lab (owner)\n`)
    const list = json<{ id: string; name: string; account: string }[]>(await td(['connections', '--json']))
    expect(list).toMatchObject([{ name: 'hub', account: 'demo' }])
    expect(await keychainLookup(service, `connection-${list[0]!.id}.1`)).toBe(mgmt)
    expect((await td(['connections'])).stdout).toMatch(/^NAME\s+KIND\s+URL.*\nhub\s+tokendesk-hub\s+http:\/\/127\.0\.0\.1/)
    expect(json<{ items: { name: string; role: string }[] }>(await td(['org', 'list', '--json'])).items).toEqual([{ name: 'quantum-lab', role: 'owner' }])
    expect((await td(['connect', 'tokendesk-hub', '--url', hub.url])).stderr).toMatch(/no secret on standard input/)
  })

  it('generate prints the secret once on stdout; it works on the platform and is stored', async () => {
    const r = await td(['generate', '--connection', 'hub', '--name', 'ci-runner', '--expires', '90d', '--scope', 'tokens:read'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^generated ci-runner \(.+\) on "hub", expires \d{4}-\d{2}-\d{2}; stored in the OS keychain/)
    const secret = r.stdout.trim()
    expect(secret).toMatch(/^tdh_/)
    expect((await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200)
    expect((await td(['get', 'ci-runner'])).stdout).toBe(secret)
    const shown = json<{ token: { id: string; connectionId: string; remoteId: string } }>(await td(['show', 'ci-runner', '--json']))
    expect(await keychainLookup(service, `${shown.token.id}.1`)).toBe(secret)
    expect(filesContaining(path.join(tmp.dir, 'home'), secret)).toEqual([])
    expect(filesContaining(path.join(tmp.dir, 'home'), mgmt)).toEqual([])
    const dup = await td(['generate', '--connection', 'hub', '--name', 'ci-runner'])
    expect(dup.code).toBe(2)
    expect(dup.stdout).toBe('')
  })

  it('check reports works (exit 0) and rejected (exit 1); sync brings a platform revoke over', async () => {
    expect(await td(['check', 'ci-runner'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^works: "hub" accepted the token/) })
    const { token } = json<{ token: { remoteId: string } }>(await td(['show', 'ci-runner', '--json']))
    await direct.revokeToken(token.remoteId)
    const rejected = await td(['check', 'ci-runner', '--json'])
    expect(rejected.code).toBe(1)
    expect(JSON.parse(rejected.stdout)).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })

    const stray = await direct.createToken({ name: 'stray', expiresInDays: 30 })
    const s = await td(['sync'])
    expect(s.code).toBe(0)
    expect(s.stdout).toContain('hub: 1 updated, 1 on the platform but not in TokenDesk')
    expect(s.stdout).toContain('  ci-runner: revoked on the platform')
    expect(s.stdout).toContain(`  not in TokenDesk: stray (${stray.token.remoteId}, active)`)
    expect(s.stdout).not.toContain(stray.secret)
    expect(json<{ token: { status: string } }>(await td(['show', 'ci-runner', '--json'])).token.status).toBe('revoked')
  })

  it('restore, revoke and delete act on the platform first', async () => {
    const { token } = json<{ token: { remoteId: string } }>(await td(['show', 'ci-runner', '--json']))
    expect((await td(['restore', 'ci-runner'])).code).toBe(0)
    expect((await direct.listTokens()).find((t) => t.remoteId === token.remoteId)?.active).toBe(true)
    expect((await td(['revoke', 'ci-runner'])).code).toBe(0)
    expect((await direct.listTokens()).find((t) => t.remoteId === token.remoteId)?.active).toBe(false)
    expect((await td(['delete', 'ci-runner', '--yes'])).code).toBe(0)
    expect((await direct.listTokens()).some((t) => t.remoteId === token.remoteId)).toBe(false)
    expect((await td(['show', 'ci-runner'])).code).toBe(3)
  })

  it('a platform that is down: sync and generate fail clearly and change nothing', async () => {
    const before = json<unknown>(await td(['list', '--json']))
    await hub.close()
    const g = await td(['generate', '--connection', 'hub', '--name', 'offline'])
    expect(g.code).toBe(1)
    expect(g.stderr).toMatch(/could not generate "offline" on connection "hub".*could not be reached.*Nothing was stored/)
    const s = await td(['sync', '--connection', 'hub'])
    expect(s.code).toBe(1)
    expect(s.stderr).toMatch(/hub: sync failed: .*could not be reached/)
    expect(json<unknown>(await td(['list', '--json']))).toEqual(before)
    expect(json<{ lastSyncError: string }[]>(await td(['connections', '--json']))[0]!.lastSyncError).toMatch(/could not be reached/)
    // Restart the hub on a fresh port so afterAll can close it.
    hub = await startHub({ port: 0, dbPath: path.join(tmp.dir, 'hub2.sqlite'), seed: true, log: () => {} })
  })
})
