import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeWhoami, type FakeWhoami } from '../fakes/whoami'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, runCli, useBuiltCli } from './harness'

// IonQ keys and Hugging Face tokens are checked with no connection: their who-am-I call takes the
// token alone. The base URL comes from TOKENDESK_IONQ_URL / HF_ENDPOINT (the fake here).
requireSecretService()

const cli = useBuiltCli('check-only')
let fake: FakeWhoami
let h: ReturnType<typeof cliHome>
const IONQ = 'ionq-key-0123456789abcdefghij'
const HF = 'hf_abcdefghijklmnopqrstuvwxyz0123'

beforeAll(async () => {
  fake = await startFakeWhoami()
  h = cliHome(cli, 'check-only')
  h.env.TOKENDESK_IONQ_URL = fake.url
  h.env.HF_ENDPOINT = fake.url
  h.env.TOKENDESK_KIPU_URL = fake.url
})
afterAll(() => fake.close())

describe('tokendesk check without a connection', () => {
  it('an IonQ key: works while IonQ knows it, rejected after; recorded on the token', async () => {
    expect((await h.td(['add', '--provider', 'ionq', '--name', 'ionq-lab', '--expires', 'never'], `${IONQ}\n`)).code).toBe(0)
    fake.ionq.add(IONQ)
    expect(await h.td(['check', 'ionq-lab'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^works: IonQ accepted the token/) })
    expect(fake.hits.at(-1)).toBe('GET /v0.4/whoami')
    fake.ionq.delete(IONQ)
    const r = await h.td(['check', 'ionq-lab', '--json'])
    expect(r.code).toBe(1)
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401, connectionId: null })
    expect(r.stdout + r.stderr).not.toContain(IONQ)
    const shown = JSON.parse((await h.td(['show', 'ionq-lab', '--json'])).stdout) as { token: { checkStatus: string }; audit: { action: string; detail: string }[] }
    expect(shown.token.checkStatus).toBe('rejected')
    expect(shown.audit).toContainEqual(expect.objectContaining({ action: 'checked', detail: 'rejected (HTTP 401) with IonQ' }))
  })

  it('a Hugging Face token, against HF_ENDPOINT', async () => {
    expect((await h.td(['add', '--platform', 'huggingface', '--name', 'hf-read', '--expires', '90d'], `${HF}\n`)).code).toBe(0)
    expect((await h.td(['check', 'hf-read'])).stdout).toMatch(/^rejected: Hugging Face refused the token \(HTTP 401\)/)
    fake.hf.add(HF)
    expect(await h.td(['check', 'hf-read'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^works: Hugging Face accepted the token/) })
    expect(fake.hits.at(-1)).toBe('GET /api/whoami-v2')
  })

  it('a platform that is down: a clear error, nothing recorded', async () => {
    h.env.TOKENDESK_IONQ_URL = 'http://127.0.0.1:9'
    const r = await h.td(['check', 'ionq-lab'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/could not check "ionq-lab" with IonQ.*could not be reached.*Nothing was recorded/)
    h.env.TOKENDESK_IONQ_URL = 'http://evil.example.com'
    expect((await h.td(['check', 'ionq-lab'])).stderr).toMatch(/use https:\/\/ for evil\.example\.com/)
  })

  it('a Kipu Quantum Hub token: no connection needed; says whose it is; the token goes only to the Hub User API, in X-Auth-Token', async () => {
    const KIPU = 'kqh_pat_0123456789abcdefghijklmn'
    expect((await h.td(['add', '--platform', 'kipu-hub', '--name', 'kipu-main'], `${KIPU}\n`)).code).toBe(0)
    fake.kipu.set(KIPU, 'ada@lab.example')
    const from = fake.hits.length
    const ok = await h.td(['check', 'kipu-main'])
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^works: Kipu Quantum Hub accepted the token as ada@lab\.example/)
    expect(fake.hits.slice(from)).toEqual(['GET /user-service/me'])
    expect(fake.headers.at(-1)!['x-auth-token']).toBe(KIPU)
    expect(fake.headers.at(-1)!.authorization).toBeUndefined()
    // The detail view carries who it is.
    const shown = JSON.parse((await h.td(['show', 'kipu-main', '--json'])).stdout) as { token: { checkStatus: string; checkMessage: string } }
    expect(shown.token).toMatchObject({ checkStatus: 'works', checkMessage: expect.stringContaining('ada@lab.example') })
    // KQH_BASE_URL, the Kipu SDK's own base variable, is honoured when TOKENDESK_KIPU_URL is not set.
    const env: NodeJS.ProcessEnv = { ...h.env, KQH_BASE_URL: fake.url }
    delete env.TOKENDESK_KIPU_URL
    expect((await runCli(cli.bundle, ['check', 'kipu-main'], { env })).stdout).toMatch(/^works: Kipu Quantum Hub accepted the token as ada@lab\.example/)
    fake.kipu.delete(KIPU)
    const rejected = await h.td(['check', 'kipu-main', '--json'])
    expect(rejected.code).toBe(1)
    expect(JSON.parse(rejected.stdout)).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })
    expect(rejected.stdout + rejected.stderr).not.toContain(KIPU)
    // Every request that carried the token went to the Hub User API's who-am-I.
    for (const [i, hdrs] of fake.headers.entries()) if (JSON.stringify(hdrs).includes(KIPU)) expect(fake.hits[i]).toBe('GET /user-service/me')
  })
})
