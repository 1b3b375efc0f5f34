import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeIbmIam, type FakeIbmIam } from '../fakes/ibm-iam'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, filesContaining, keychainLookup, useBuiltCli, okJson } from './harness'

// IBM Cloud API keys from the built CLI: connect with an API key on stdin, generate an IBM
// Quantum provider token, write it where qiskit reads it, revoke / restore / delete on IBM
// first, sync last use, check — against the fake of IAM (test/fakes/ibm-iam.ts, IBM's documented
// requests and answers) and the real Secret Service.
requireSecretService()

const cli = useBuiltCli('ibm-cloud')
let iam: FakeIbmIam
let user: { iamId: string; accountId: string; apiKey: string }
let h: ReturnType<typeof cliHome>
const CRN = 'crn:v1:bluemix:public:quantum-computing:us-east:a/abc123:def456::'

const json = okJson

beforeAll(async () => {
  iam = await startFakeIbmIam()
  user = iam.addUser()
  h = cliHome(cli, 'ibm')
})
afterAll(() => iam.close())

describe('tokendesk with IBM Cloud API keys', () => {
  it('connect: the API key from stdin; a refused key stores nothing and is never echoed', async () => {
    const bad = await h.td(['connect', 'ibm-cloud', '--url', iam.url], 'wrong-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/could not connect "ibm-cloud".*refused the IBM Cloud API key \(IBM said: "Provided API key could not be found\."\).*Nothing was stored/)
    expect(bad.stderr + bad.stdout).not.toContain('wrong-key-aaaa')
    expect(json<unknown[]>(await h.td(['connections', '--json']))).toEqual([])

    const r = await h.td(['connect', 'ibm-cloud', '--url', iam.url, '--name', 'ibm'], `${user.apiKey}\n`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`connected "ibm" (ibm-cloud at ${iam.url}) as ${user.iamId} (account ${user.accountId})\n`)
    const [conn] = json<{ id: string; capabilities: Record<string, boolean> }[]>(await h.td(['connections', '--json']))
    expect(conn!.capabilities).toMatchObject({ createToken: true, revokeToken: true, restoreToken: true, deleteToken: true, listTokens: true, checkToken: true, scopes: false })
    expect(await keychainLookup(h.env.TOKENDESK_KEYCHAIN_SERVICE!, `connection-${conn!.id}.1`)).toBe(user.apiKey)
  })

  it('generate: an IBM Quantum provider token with its channel and instance, usable by qiskit', async () => {
    const r = await h.td(['generate', '--connection', 'ibm', '--name', 'qpu-runs', '--expires', '90d', '--field', `instance=${CRN}`])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^generated qpu-runs \(.+, provider token for ibm-quantum\) on "ibm", expires \d{4}-\d\d-\d\d; stored in the OS keychain/)
    const secret = r.stdout.trim()
    const key = iam.keys.find((k) => k.value === secret)!
    expect(key).toMatchObject({ name: 'qpu-runs', iam_id: user.iamId, disabled: false })
    const { token } = json<{ token: { kind: string; platform: string; fields: Record<string, string>; remoteId: string; expiresAt: number } }>(await h.td(['show', 'qpu-runs', '--json']))
    expect(token).toMatchObject({ kind: 'provider', platform: 'ibm-quantum', fields: { channel: 'ibm_quantum_platform', instance: CRN }, remoteId: key.id })
    expect(token.expiresAt).toBe(Date.parse(key.expires_at!))

    expect((await h.td(['config', 'write', 'qpu-runs', '--format', 'qiskit-ibm-json', '--yes'])).code).toBe(0)
    const saved = JSON.parse(fs.readFileSync(path.join(h.home, '.qiskit/qiskit-ibm.json'), 'utf8')) as Record<string, Record<string, string>>
    expect(saved['default-ibm-quantum-platform']).toEqual({ channel: 'ibm_quantum_platform', instance: CRN, token: secret })

    const never = await h.td(['generate', '--connection', 'ibm', '--name', 'long-lived', '--expires', 'never'])
    expect(never.code).toBe(0)
    expect(never.stderr).toMatch(/expires never/)
    expect(filesContaining(h.data, secret)).toEqual([])
    expect(filesContaining(h.data, user.apiKey)).toEqual([])
  })

  it('check, revoke, restore and delete act on IBM first; sync brings last use and IBM-side changes', async () => {
    // IAM keeps last_authn to the second, and `config write` above was a local use this second:
    // the check (an authentication with the key) comes a second later so IBM's time is newer.
    await new Promise((r) => setTimeout(r, 1_100))
    expect(await h.td(['check', 'qpu-runs'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^works: "ibm" accepted the API key/) })
    const s = await h.td(['sync', '--connection', 'ibm'])
    expect(s.code).toBe(0)
    // Last use is kept up to date quietly (no "updated" line); the management key is not listed.
    expect(s.stdout).toMatch(/^ibm: 0 updated, 0 on the platform but not in TokenDesk/)
    const shown = json<{ token: { lastUsedAt: number | null; remoteId: string } }>(await h.td(['show', 'qpu-runs', '--json'])).token
    expect(shown.lastUsedAt).toBe(Date.parse(iam.keys.find((k) => k.id === shown.remoteId)!.last_authn!))

    expect((await h.td(['revoke', 'qpu-runs'])).code).toBe(0)
    expect(iam.keys.find((k) => k.id === shown.remoteId)!.disabled).toBe(true)
    const rejected = await h.td(['check', 'qpu-runs', '--json'])
    expect(JSON.parse(rejected.stdout)).toMatchObject({ ok: false, status: 'rejected' })
    expect((await h.td(['restore', 'qpu-runs'])).code).toBe(0)
    expect(iam.keys.find((k) => k.id === shown.remoteId)!.disabled).toBe(false)

    // Disabled in IBM's console: the next sync says so.
    iam.keys.find((k) => k.id === shown.remoteId)!.disabled = true
    expect((await h.td(['sync'])).stdout).toContain('qpu-runs: revoked on the platform')
    expect((await h.td(['delete', 'qpu-runs', '--yes'])).code).toBe(0)
    expect(iam.keys.some((k) => k.id === shown.remoteId)).toBe(false)
  })

  it('a key added by hand (an IBM Quantum provider token) is checked through the IBM Cloud connection', async () => {
    const other = iam.addUser()
    expect((await h.td(['add', '--provider', 'ibm-quantum', '--name', 'by-hand', '--expires', 'never'], `${other.apiKey}\n`)).code).toBe(0)
    expect(await h.td(['check', 'by-hand'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^works: "ibm" accepted the API key/) })
    iam.keys.find((k) => k.value === other.apiKey)!.disabled = true
    const refused = await h.td(['check', 'by-hand'])
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/^rejected: "ibm" refused the API key/)
    expect(refused.stdout + refused.stderr).not.toContain(other.apiKey)
  })

  it('IBM failing: revoke changes nothing locally and says why', async () => {
    iam.fault(/\/disable$/, 503)
    const r = await h.td(['revoke', 'long-lived'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/could not revoke "long-lived" on connection "ibm".*internal error \(HTTP 503\).*"long-lived" was not changed in TokenDesk/)
    expect(json<{ token: { status: string } }>(await h.td(['show', 'long-lived', '--json'])).token.status).toBe('active')
    iam.fault(/^\/v1\/apikeys$/, 'hang')
    const g = await h.td(['generate', '--connection', 'ibm', '--name', 'while-hanging'])
    expect(g.code).toBe(1)
    expect(g.stderr).toMatch(/did not answer within/)
    expect((await h.td(['show', 'while-hanging'])).code).toBe(3)
  }, 60_000)
})
