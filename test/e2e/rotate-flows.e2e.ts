/**
 * Rotation on the platform from the app, in real Chromium against the real core and the fake of
 * IBM Cloud IAM: the detail panel's "Rotate on platform…" makes the successor key on IBM, shows
 * its secret once, keeps the old key working for the grace period chosen — or revokes it now.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/rotate-flows.e2e.ts
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeIbmIam, type FakeIbmIam } from '../fakes/ibm-iam'
import { screenshot, type Harness } from './harness'
import { coreOf, reloadReady, row, startReady, stopDisconnected } from './app-helpers'
import { axe, serious, storeSnapshot } from './page-checks'

let h: Harness
let page: Page
let iam: FakeIbmIam
const core = () => coreOf(h)

beforeAll(async () => {
  iam = await startFakeIbmIam()
  const user = iam.addUser()
  h = await startReady()
  page = h.page
  await core().connections.connect({ kind: 'ibm-cloud', baseUrl: iam.url, name: 'ibm' }, user.apiKey)
  await core().connections.generate('ibm', { name: 'qpu', expires: '90d' })
  await reloadReady(h)
  await page.getByRole('tab', { name: 'Provider tokens' }).click()
})
afterAll(async () => {
  await stopDisconnected(h)
  await iam?.close()
})

async function rotate(grace: string): Promise<string> {
  await row(page, 'qpu').click()
  const panel = page.getByTestId('detail-panel')
  await panel.getByRole('button', { name: 'Rotate on platform…' }).click()
  const d = page.getByTestId('rotate-dialog')
  await d.getByRole('heading', { name: 'Rotate qpu on the platform' }).waitFor()
  await d.getByText(grace, { exact: true }).click()
  if (grace === 'After 1 day') {
    expect(serious(await axe(page, '[data-testid=rotate-dialog]'))).toEqual([])
    await screenshot(page, 'rotate-dialog')
  }
  await d.getByRole('button', { name: 'Rotate', exact: true }).click()
  const once = page.getByTestId('secret-once')
  await once.waitFor()
  const secret = (await once.locator('code.secret').textContent()) ?? ''
  await once.getByRole('button', { name: 'Done' }).click()
  await once.waitFor({ state: 'detached' })
  return secret
}

describe('Rotate on the platform (IBM Cloud)', () => {
  it('with a grace period: the successor takes the token’s place; the old key works until it ends', async () => {
    const before = core().vault.list({ search: 'qpu' }).items[0]!
    const oldKey = iam.keys.find((k) => k.id === before.remoteId)!
    const secret = await rotate('After 1 day')
    const toast = page.locator('.toast', { hasText: 'qpu rotated' })
    await toast.waitFor()
    expect(await toast.textContent()).toMatch(/The old platform token stays valid until .*, then TokenDesk revokes it/)
    const after = core().vault.list({ search: 'qpu' }).items[0]!
    expect(after.id).toBe(before.id)
    const newKey = iam.keys.find((k) => k.id === after.remoteId)!
    expect(newKey.value).toBe(secret)
    expect(newKey.name).toMatch(/^qpu-r\d{12}-[0-9a-f]{6}$/)
    expect(oldKey.disabled).toBe(false) // the grace period
    expect(await h.server.opened.vault.peekSecret(after.id)).toBe(secret)
    expect(await page.content()).not.toContain(secret)
    expect((await storeSnapshot(page)).holds).toBe(false)
    await screenshot(page, 'rotate-done')
    await page.keyboard.press('Escape')
  })

  it('the expiry banner’s Rotate of a connected token rotates it on the platform', async () => {
    await core().connections.generate('ibm', { name: 'soon', expires: '3d' })
    await reloadReady(h)
    const banner = page.getByTestId('attention')
    await banner.waitFor()
    const item = banner.locator('li', { hasText: 'soon' })
    expect(await item.getByRole('button', { name: 'Rotate' }).getAttribute('title')).toBe('Make the successor of soon on its platform')
    await item.getByRole('button', { name: 'Rotate' }).click()
    await page.getByTestId('rotate-dialog').getByRole('heading', { name: 'Rotate soon on the platform' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
  })

  it('now: the old key is revoked on IBM at once', async () => {
    const before = core().vault.list({ search: 'qpu' }).items[0]!
    const oldKey = iam.keys.find((k) => k.id === before.remoteId)!
    await rotate('Now')
    await page.locator('.toast', { hasText: 'The old platform token is revoked.' }).waitFor()
    expect(oldKey.disabled).toBe(true)
    await page.keyboard.press('Escape')
  })
})
