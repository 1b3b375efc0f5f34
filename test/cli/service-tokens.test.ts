import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeQualytics, QUALYTICS_MGMT, QUALYTICS_SERVICE_ACCOUNT, startFakeQualytics } from '../fakes/qualytics'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, okJson, useBuiltCli } from './harness'

// Service tokens from the built CLI, the real Secret Service and the documented Qualytics API's
// stand-in (test/fakes/qualytics.ts): an organization's token for a service account, added by hand
// or generated for the account (`user_id`), managed only by the organization's owners and
// maintainers — refused for a member before the platform is asked — and used by every member.
requireSecretService()
const cli = useBuiltCli('service-tokens')
let q: FakeQualytics
beforeAll(async () => {
  q = await startFakeQualytics()
})
afterAll(() => q.close())

interface Listed { items: { name: string; kind: string; org: string | null; fields: Record<string, string>; expiresAt: number | null; createdAt: number; remoteId?: string | null }[]; total: number }

describe('service tokens in the CLI', () => {
  it('adds one for an organization and a service account; lists it on its own; members use it but cannot manage it', async () => {
    const h = cliHome(cli, 'by-hand')
    expect((await h.td(['org', 'add', 'acme', '--role', 'maintainer'])).code).toBe(0)
    const noOrg = await h.td(['add', '--platform', 'qualytics', '--service-account', 'etl-bot', '--name', 'etl'], 'svc-secret-Zq9\n')
    expect(noOrg.code).toBe(2)
    expect(noOrg.stderr).toMatch(/a service token belongs to an organization: add --org ORG/)
    const noAccount = await h.td(['add', '--kind', 'service', '--platform', 'qualytics', '--org', 'acme', '--name', 'etl'], 'svc-secret-Zq9\n')
    expect(noAccount.code).toBe(2)
    expect(noAccount.stderr).toMatch(/names its service account: add --service-account NAME/)
    const asProvider = await h.td(['add', '--provider', 'ionq', '--service-account', 'etl-bot', '--org', 'acme', '--name', 'etl'], 'svc-secret-Zq9\n')
    expect(asProvider.code).toBe(2)
    expect(asProvider.stderr).toMatch(/a service token takes --platform, not --provider/)

    const added = await h.td(['add', '--platform', 'qualytics', '--service-account', 'etl-bot', '--org', 'acme', '--name', 'etl', '--field', 'url=https://acme.qualytics.io/api', '--json'], 'svc-secret-Zq9\n')
    expect(added.code).toBe(0)
    const t = okJson<Listed['items'][number]>(added)
    expect(t).toMatchObject({ kind: 'service', org: 'acme', fields: { service_account: 'etl-bot', url: 'https://acme.qualytics.io/api' } })
    expect(t.expiresAt! - t.createdAt).toBe(90 * 86_400_000)
    expect((await h.td(['add', '--platform', 'qualytics', '--name', 'mine', '--field', 'url=https://acme.qualytics.io/api'], 'mine-secret-Zq9\n')).code).toBe(0)

    expect(okJson<Listed>(await h.td(['list', '--kind', 'service', '--json'])).items.map((x) => x.name)).toEqual(['etl'])
    expect(okJson<Listed>(await h.td(['list', '--kind', 'personal', '--json'])).items.map((x) => x.name)).toEqual(['mine'])
    expect((await h.td(['show', 'etl'])).stdout).toMatch(/kind +service/)

    expect((await h.td(['org', 'add', 'acme', '--role', 'member'])).code).toBe(0)
    expect((await h.td(['get', 'etl'])).stdout).toBe('svc-secret-Zq9')
    const revoke = await h.td(['revoke', 'etl'])
    expect(revoke.code).toBe(4)
    expect(revoke.stderr).toBe('tokendesk: you are a member of "acme"; only an owner or maintainer may revoke its service tokens\n')
    expect((await h.td(['edit', 'etl', '--note', 'x'])).code).toBe(4)
    expect((await h.td(['org', 'add', 'acme', '--role', 'owner'])).code).toBe(0)
    expect((await h.td(['edit', 'etl', '--unset-field', 'service_account'])).stderr).toMatch(/names its service account/)
    expect((await h.td(['revoke', 'etl'])).code).toBe(0)
    expect((await h.td(['delete', 'etl', '--yes'])).code).toBe(0)
    expect(okJson<Listed>(await h.td(['list', '--kind', 'service', '--json'])).total).toBe(0)
  })

  it('generates one on Qualytics for a service account, rotates it for the same account, and asks the role before the platform', async () => {
    const h = cliHome(cli, 'generated')
    expect((await h.td(['connect', 'qualytics', '--url', q.url, '--name', 'q'], `${QUALYTICS_MGMT}\n`)).code).toBe(0)
    const sent = q.requests.length
    const noOrg = await h.td(['generate', '--connection', 'q', '--name', 'pipeline', '--service-account', 'svc-etl', '--field', `service_user_id=${QUALYTICS_SERVICE_ACCOUNT}`])
    expect(noOrg.code).toBe(2)
    expect(noOrg.stderr).toMatch(/a service token belongs to an organization: choose one \(--org\)/)
    expect((await h.td(['org', 'add', 'acme', '--role', 'member'])).code).toBe(0)
    const member = await h.td(['generate', '--connection', 'q', '--name', 'pipeline', '--org', 'acme', '--service-account', 'svc-etl', '--field', `service_user_id=${QUALYTICS_SERVICE_ACCOUNT}`])
    expect(member.code).toBe(4)
    expect(member.stderr).toMatch(/only an owner or maintainer may add its service tokens/)
    expect(q.requests.length).toBe(sent) // neither reached the platform

    expect((await h.td(['org', 'add', 'acme', '--role', 'owner'])).code).toBe(0)
    const g = await h.td(['generate', '--connection', 'q', '--name', 'pipeline', '--org', 'acme', '--service-account', 'svc-etl', '--field', `service_user_id=${QUALYTICS_SERVICE_ACCOUNT}`, '--expires', '60d'])
    expect(g.code).toBe(0)
    expect(g.stderr).toMatch(/^generated pipeline \([^,]+, service token for qualytics of acme\)/)
    expect(q.requests.at(-1)).toEqual({ method: 'POST', url: '/api/user-tokens', body: { name: 'pipeline', expires_in_days: 60, user_id: QUALYTICS_SERVICE_ACCOUNT } })
    const listed = okJson<Listed>(await h.td(['list', '--kind', 'service', '--json'])).items
    expect(listed).toEqual([expect.objectContaining({ name: 'pipeline', kind: 'service', org: 'acme', fields: { service_account: 'svc-etl', service_user_id: String(QUALYTICS_SERVICE_ACCOUNT) } })])
    expect(q.rows.find((r) => r.name === 'pipeline')?.userId).toBe(QUALYTICS_SERVICE_ACCOUNT)

    // The successor is the service account's too, not the admin's who rotates it.
    const r = await h.td(['rotate', 'pipeline', '--on-platform'])
    expect(r.code).toBe(0)
    const successor = q.rows.filter((x) => x.name.startsWith('pipeline-r'))
    expect(successor.map((x) => x.userId)).toEqual([QUALYTICS_SERVICE_ACCOUNT])
    expect(q.rows.find((x) => x.name === 'pipeline')?.active).toBe(false) // no grace: revoked at once

    // Sync sees the service account's tokens through the admins' list.
    const sync = await h.td(['sync', '--json'])
    expect(sync.code).toBe(0)

    expect((await h.td(['org', 'add', 'acme', '--role', 'member'])).code).toBe(0)
    const before = q.requests.length
    const revoke = await h.td(['revoke', 'pipeline'])
    expect(revoke.code).toBe(4)
    expect(q.requests.length).toBe(before)
    expect(successor[0]!.active).toBe(true)
  })
})
