/**
 * IBM Cloud API keys in real Chromium against the real core (loopback transport, real keychain)
 * and the fake of IBM Cloud IAM (test/fakes/ibm-iam.ts, IBM's documented requests and answers):
 * connect (a refused key inline, then the account), generate an IBM Quantum provider token with
 * its instance, revoke / restore / delete on IBM first, sync, check.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/ibm-flows.e2e.ts
 * Screenshots go to test-results/screenshots/.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeIbmIam, type FakeIbmIam } from '../fakes/ibm-iam'
import { screenshot, type Harness } from './harness'
import { coreOf, row, rowMenu, startReady, stopDisconnected } from './app-helpers'
import { axe, serious, storeSnapshot } from './page-checks'

let h: Harness
let page: Page
let iam: FakeIbmIam
let user: { iamId: string; accountId: string; apiKey: string }
const CRN = 'crn:v1:bluemix:public:quantum-computing:us-east:a/abc123:def456::'

const core = () => coreOf(h)
const keyOf = (name: string) => iam.keys.find((k) => k.name === name)

beforeAll(async () => {
  iam = await startFakeIbmIam()
  user = iam.addUser()
  h = await startReady()
  page = h.page
})

afterAll(async () => {
  await stopDisconnected(h)
  await iam?.close()
})

describe('IBM Cloud API keys in the app', () => {
  it('the provider list offers to connect IBM Cloud or AWS IAM where Generate would be', async () => {
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    const empty = page.getByTestId('empty-state')
    await empty.getByText('To generate provider tokens directly, connect a platform (IBM Cloud or AWS IAM).').waitFor()
  })

  it('connects: a refused API key shows IBM’s words inline and stores nothing; the right one is listed', async () => {
    await page.getByRole('tab', { name: 'Connections' }).click()
    await page.getByTestId('connections-view').getByRole('button', { name: 'Connect a platform' }).click()
    const d = page.getByTestId('connect-dialog')
    await d.getByLabel('Platform', { exact: true }).selectOption('ibm-cloud')
    expect(await d.getByLabel(/^Platform URL/).getAttribute('placeholder')).toBe('https://iam.cloud.ibm.com')
    await d.getByText('Leave empty for https://iam.cloud.ibm.com.', { exact: false }).waitFor()
    await d.getByLabel(/^Platform URL/).fill(iam.url)
    await d.getByLabel('IBM Cloud API key').fill('wrong-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')
    await d.getByRole('button', { name: 'Connect', exact: true }).click()
    const err = d.locator('.form-error[role=alert]')
    await err.waitFor()
    expect(await err.textContent()).toMatch(/refused the IBM Cloud API key \(IBM said: "Provided API key could not be found\."\).*Nothing was stored/)
    expect(core().connections.list()).toEqual([])
    expect(serious(await axe(page, '[data-testid=connect-dialog]'))).toEqual([])
    await screenshot(page, 'ibm-connect-refused')

    await d.getByLabel('IBM Cloud API key').fill(user.apiKey)
    await d.getByRole('button', { name: 'Connect', exact: true }).click()
    await d.waitFor({ state: 'detached' })
    const tr = page.locator('tr[data-connection-id]', { hasText: 'ibm-cloud' })
    await tr.waitFor()
    const text = (await tr.textContent()) ?? ''
    expect(text).toContain(`${user.iamId} (account ${user.accountId})`)
    expect(text).toMatch(/IBM Cloud · can generate, sync, check, revoke/)
    expect(await page.content()).not.toContain(user.apiKey)
    expect((await storeSnapshot(page)).json).not.toContain(user.apiKey)
    await screenshot(page, 'ibm-connections')
  })

  it('generates an IBM Quantum provider token with its instance; the key is shown once', async () => {
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await page.getByTestId('empty-state').getByRole('button', { name: 'Generate token' }).click()
    const d = page.getByTestId('generate-dialog')
    await d.getByRole('heading', { name: 'Generate an IBM Cloud API key' }).waitFor()
    expect(await d.textContent()).toContain('IBM Cloud API keys take no scopes')
    await d.getByLabel('Name', { exact: true }).fill('qpu-runs')
    await d.getByLabel('IBM Quantum instance (optional)').fill('not a crn')
    await d.getByRole('button', { name: 'Generate token' }).click()
    await d.getByText(/an instance is a CRN/).waitFor()
    expect(iam.keys).toHaveLength(1)
    await d.getByLabel('IBM Quantum instance (optional)').fill(CRN)
    await d.getByText('90 days', { exact: true }).click()
    expect(await d.getByRole('radio', { name: 'Never' }).count()).toBe(1)
    expect(serious(await axe(page, '[data-testid=generate-dialog]'))).toEqual([])
    await screenshot(page, 'ibm-generate-dialog')
    await d.getByRole('button', { name: 'Generate token' }).click()

    const once = page.getByTestId('secret-once')
    await once.waitFor()
    const secret = (await once.locator('code.secret').textContent()) ?? ''
    expect(keyOf('qpu-runs')!.value).toBe(secret)
    await screenshot(page, 'ibm-generated-once')
    await once.getByRole('button', { name: 'Done' }).click()
    await once.waitFor({ state: 'detached' })
    expect(await page.content()).not.toContain(secret)
    expect((await storeSnapshot(page)).holds).toBe(false)

    await row(page, 'qpu-runs').waitFor()
    const t = core().vault.list({ search: 'qpu-runs' }).items[0]!
    expect(t).toMatchObject({ kind: 'provider', platform: 'ibm-quantum', fields: { channel: 'ibm_quantum_platform', instance: CRN }, remoteId: keyOf('qpu-runs')!.id })
    expect(t.expiresAt).toBe(Date.parse(keyOf('qpu-runs')!.expires_at!))
  })

  it('checks with IBM, revokes (disabled on IBM first), syncs an IBM-side restore, deletes on IBM', async () => {
    await rowMenu(page, 'qpu-runs', 'Check with platform')
    await page.locator('.toast', { hasText: 'The token works' }).waitFor()

    await rowMenu(page, 'qpu-runs', 'Revoke…')
    const confirm = page.getByTestId('confirm')
    expect(await confirm.textContent()).toContain('TokenDesk revokes qpu-runs on IBM Cloud first')
    await screenshot(page, 'ibm-revoke-confirm')
    await confirm.getByRole('button', { name: 'Revoke' }).click()
    await page.locator('.toast', { hasText: 'Token revoked' }).waitFor()
    await row(page, 'qpu-runs').locator('.chip[data-status=revoked]').waitFor()
    expect(keyOf('qpu-runs')!.disabled).toBe(true)

    // Enabled again in IBM's console: sync brings it over.
    keyOf('qpu-runs')!.disabled = false
    await page.getByRole('tab', { name: 'Connections' }).click()
    await page.getByRole('button', { name: 'Sync ibm-cloud' }).click()
    const toast = page.locator('.toast', { hasText: 'Sync finished' })
    await toast.waitFor()
    expect(await toast.locator('.toast-desc').textContent()).toContain('ibm-cloud: 1 token updated (qpu-runs: restored on the platform)')
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await row(page, 'qpu-runs').locator('.chip[data-status=active]').waitFor()
    await screenshot(page, 'ibm-provider-list')

    // IBM failing: the revoke changes nothing here.
    iam.fault(/\/disable$/, 503)
    await rowMenu(page, 'qpu-runs', 'Revoke…')
    await page.getByTestId('confirm').getByRole('button', { name: 'Revoke' }).click()
    const failed = page.locator('.toast-error', { hasText: 'Could not revoke the token' })
    await failed.waitFor()
    expect(await failed.textContent()).toMatch(/HTTP 503.*"qpu-runs" was not changed in TokenDesk/)
    expect(core().vault.list({ search: 'qpu-runs' }).items[0]!.status).toBe('active')
    // The confirmation stays open on a failure: trying again goes through.
    await page.getByTestId('confirm').getByRole('button', { name: 'Revoke' }).click()
    await page.getByTestId('confirm').waitFor({ state: 'detached' })
    await row(page, 'qpu-runs').locator('.chip[data-status=revoked]').waitFor()
    await rowMenu(page, 'qpu-runs', 'Delete permanently…')
    const del = page.getByTestId('confirm')
    expect(await del.textContent()).toContain('It is deleted on IBM Cloud first.')
    await del.getByRole('button', { name: 'Delete permanently' }).click()
    await row(page, 'qpu-runs').waitFor({ state: 'detached' })
    expect(keyOf('qpu-runs')).toBeUndefined()
  })
})
