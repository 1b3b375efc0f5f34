/**
 * Service tokens in real Chromium against the real core (loopback transport, real keychain) and
 * the documented Qualytics API's stand-in (test/fakes/qualytics.ts): their own tab; added by hand
 * for an organization and a service account; generated on Qualytics for the account (`user_id`);
 * a member sees them and may copy them but not manage them.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/service-flows.e2e.ts
 * Screenshots: service-empty, service-add-dialog, service-generate-dialog, service-list, service-member-detail.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeQualytics, QUALYTICS_MGMT, QUALYTICS_SERVICE_ACCOUNT, startFakeQualytics } from '../fakes/qualytics'
import { screenshot, type Harness } from './harness'
import { coreOf, reloadReady, row, startReady, stopDisconnected } from './app-helpers'
import { axe, serious, storeSnapshot } from './page-checks'

let h: Harness
let page: Page
let q: FakeQualytics
const SECRET = 'service-secret-0123456789-Zq9'
const core = () => coreOf(h)

beforeAll(async () => {
  q = await startFakeQualytics()
  h = await startReady()
  page = h.page
})

afterAll(async () => {
  await stopDisconnected(h)
  await q?.close()
})

const serviceTab = () => page.getByRole('tab', { name: 'Service tokens' })

/** A new window start (it reads the organizations and connections again), on the Service tokens tab. */
async function reopenServiceTab(): Promise<void> {
  await reloadReady(h)
  await serviceTab().click()
}

async function doneWithSecret(): Promise<void> {
  await page.getByTestId('secret-once').getByRole('button', { name: 'Done' }).click()
  await page.getByTestId('secret-once').waitFor({ state: 'detached' })
}

describe('service tokens in the app', () => {
  it('have their own tab, which says what they are and where to generate them', async () => {
    await serviceTab().click()
    const empty = page.getByTestId('empty-state')
    await empty.getByRole('heading', { name: 'No service tokens yet' }).waitFor()
    expect(await empty.textContent()).toContain("an organization's token for one of its service accounts")
    await empty.getByText('To generate service tokens directly, connect a platform (Qualytics).').waitFor()
    // No organization yet: the empty state offers to add one.
    await empty.getByRole('button', { name: 'Add an organization' }).waitFor()
    await screenshot(page, 'service-empty')
  })

  it('adds one by hand: an organization and a service account are required, then it is listed with both', async () => {
    core().vault.setOrg('acme', 'maintainer')
    await reopenServiceTab()
    await page.getByTestId('empty-state').getByRole('button', { name: 'Add a token you already have' }).click()
    const d = page.getByRole('dialog', { name: /Add a token you already have/ })
    await d.waitFor()
    expect(await d.getByRole('radio', { name: 'Service token' }).isChecked()).toBe(true)
    expect(await d.getByLabel('Platform', { exact: true }).inputValue()).toBe('kipu-hub')
    await d.getByLabel('Platform', { exact: true }).selectOption('qualytics')
    await d.getByLabel('Name', { exact: true }).fill('etl')
    await d.getByLabel('Deployment URL').fill('https://acme.qualytics.io/api')
    await d.locator('input[type=password]').fill(SECRET)
    await d.getByRole('button', { name: 'Add token' }).click()
    await d.getByText('a service token belongs to an organization you own or maintain').waitFor()
    await d.getByText('name the service account the token acts as').waitFor()
    expect(core().vault.list({ kind: 'service' }).total).toBe(0)

    await d.getByLabel('Organization').selectOption('acme')
    await d.getByLabel('Service account').fill('etl-bot')
    // The kind's default expiry: 90 days, the longest preset short of a year.
    expect(await d.getByRole('radio', { name: '90 days' }).isChecked()).toBe(true)
    expect(serious(await axe(page, '[role=dialog]'))).toEqual([])
    await screenshot(page, 'service-add-dialog')
    await d.getByRole('button', { name: 'Add token' }).click()
    await doneWithSecret()

    const r = row(page, 'etl')
    await r.waitFor()
    expect(await r.textContent()).toMatch(/etlas etl-botQualyticsacme/)
    expect(core().vault.list({ kind: 'service' }).items).toEqual([expect.objectContaining({ name: 'etl', org: 'acme', fields: { service_account: 'etl-bot', url: 'https://acme.qualytics.io/api' } })])
    // Not in the personal list.
    await page.getByRole('tab', { name: 'Personal tokens' }).click()
    await page.getByTestId('empty-state').waitFor()
    expect(await row(page, 'etl').count()).toBe(0)
  })

  it('generates one on Qualytics for a service account: the platform makes it for that account', async () => {
    await core().connections.connect({ kind: 'qualytics', baseUrl: q.url, name: 'qualytics' }, QUALYTICS_MGMT)
    await reopenServiceTab()
    await page.getByRole('button', { name: 'Generate token' }).click()
    const d = page.getByTestId('generate-dialog')
    await d.getByRole('heading', { name: 'Generate a service token' }).waitFor()
    expect(await d.getByRole('radio', { name: 'A service account' }).isChecked()).toBe(true)
    await d.getByLabel('Name', { exact: true }).fill('pipeline')
    await d.getByRole('button', { name: 'Generate token' }).click()
    await d.getByText("the service account's numeric user id on the platform").waitFor()
    expect(q.requests.filter((x) => x.method === 'POST')).toEqual([])

    await d.getByLabel('Organization').selectOption('acme')
    await d.getByLabel('Service account', { exact: true }).fill('svc-etl')
    await d.getByLabel('Its user id').fill(String(QUALYTICS_SERVICE_ACCOUNT))
    expect(serious(await axe(page, '[data-testid=generate-dialog]'))).toEqual([])
    await screenshot(page, 'service-generate-dialog')
    await d.getByRole('button', { name: 'Generate token' }).click()
    await page.getByTestId('secret-once').waitFor()
    expect(q.requests.filter((x) => x.method === 'POST').map((x) => x.body)).toEqual([{ name: 'pipeline', expires_in_days: 30, user_id: QUALYTICS_SERVICE_ACCOUNT }])
    await doneWithSecret()
    await row(page, 'pipeline').waitFor()
    expect(core().vault.list({ kind: 'service', search: 'pipeline' }).items[0]).toMatchObject({ org: 'acme', fields: { service_account: 'svc-etl', service_user_id: '77' } })
    // No secret left in the renderer's state once the secret-once dialog is closed.
    const state = await storeSnapshot(page)
    expect(state.holds).toBe(false)
    expect(state.json).not.toContain(q.rows.find((x) => x.name === 'pipeline')!.token)
    await screenshot(page, 'service-list')
  })

  it('a member may copy a service token, but Revoke says only an owner or maintainer may', async () => {
    core().vault.setOrg('acme', 'member')
    await reopenServiceTab()
    await row(page, 'etl').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByText('Service token for Qualytics, acting as etl-bot').waitFor()
    expect(await panel.getByRole('button', { name: 'Copy secret' }).isEnabled()).toBe(true)
    const revoke = panel.getByRole('button', { name: 'Revoke…' })
    expect(await revoke.isDisabled()).toBe(true)
    expect(await panel.textContent()).toContain('You are a member of "acme"; only an owner or maintainer may revoke its service tokens')
    await screenshot(page, 'service-member-detail')
  })
})
