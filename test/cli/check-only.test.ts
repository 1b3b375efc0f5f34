import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeWhoami, type FakeWhoami } from '../fakes/whoami'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, useBuiltCli } from './harness'

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
})
