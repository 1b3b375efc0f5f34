import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogEntry } from '../../src-main/core/platform-catalog'
import { startFakeWhoami, type FakeWhoami } from '../fakes/whoami'
import { screenshot, type Harness } from './harness'
import { coreOf, reloadReady, row, startReady, stopDisconnected } from './app-helpers'
import { axe, serious } from './page-checks'

// The platforms the product was made for, in the app (issue #26): "Create it on <platform>" opens
// the catalog's page in the system browser (recorded by the test bridge), the dialog waits for the
// paste, and a Kipu Quantum Hub token is checked against the Hub User API (a local fake) before it
// is stored; AceCloud AI Hub offers no Revoke anywhere, and deletes in one confirmed step.
let h: Harness
let page: Page
let fake: FakeWhoami
const core = () => coreOf(h)

beforeAll(async () => {
  fake = await startFakeWhoami()
  h = await startReady({ TOKENDESK_KIPU_URL: fake.url })
  page = h.page
})
afterAll(async () => {
  await stopDisconnected(h)
  await fake?.close()
})

describe('the seed platforms in the app', () => {
  it('Create it on Kipu Quantum Hub: opens its page, waits for the paste, checks the token before storing it, and says whose it is', async () => {
    await page.getByTestId('empty-state').getByRole('button', { name: 'Add a token you already have' }).click()
    const d = page.getByRole('dialog', { name: /Add a token you already have/ })
    await d.waitFor()
    await d.getByLabel('Platform', { exact: true }).selectOption('kipu-hub')
    await d.getByLabel('Name', { exact: true }).fill('kipu-main')
    expect(await d.getByRole('radio', { name: '30 days' }).isChecked()).toBe(true)
    await d.getByRole('button', { name: 'Create it on Kipu Quantum Hub' }).click()
    await d.getByText(/^Opened docs\.hub\.kipu-quantum\.com in your browser/).waitFor()
    expect(h.server.openedExternally).toEqual([catalogEntry('kipu-hub')!.createAt!.url])
    // The paste field has the focus.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('password')
    expect(serious(await axe(page, '[role=dialog]'))).toEqual([])
    await screenshot(page, 'add-create-on-platform')

    // A token the platform refuses is not stored.
    await page.keyboard.insertText('kqh_pat_refused_0123456789abcdef')
    await d.getByRole('button', { name: 'Add token' }).click()
    await d.getByText(/Kipu Quantum Hub refused the token \(HTTP 401\).*; nothing was stored/).waitFor()
    expect(core().vault.list({}).total).toBe(0)

    const good = 'kqh_pat_accepted_0123456789abcdef'
    fake.kipu.set(good, 'ada@lab.example')
    await d.locator('input[type=password]').fill(good)
    await d.getByRole('button', { name: 'Add token' }).click()
    await page.getByTestId('secret-once').getByRole('button', { name: 'Done' }).click()
    await page.locator('.toast', { hasText: 'kipu-main works' }).getByText(/accepted the token as ada@lab\.example/).waitFor()
    await row(page, 'kipu-main').waitFor()
    expect(fake.hits.filter((x) => x === 'GET /user-service/me')).toHaveLength(2)
  })

  it('AceCloud AI Hub: no Revoke in the menu, the detail panel or the attention area; Delete is one confirmed step that says it is permanent', async () => {
    const t = await core().vault.add({ kind: 'personal', platform: 'acecloud', name: 'ace-llm', expires: '3d' }, 'ace-secret-0123456789abcdef-Zq9')
    await reloadReady(h)
    // Expiring in 3 days: it is in the attention area, with Delete where others have Revoke.
    const attention = page.getByTestId('attention')
    await attention.getByText('ace-llm').waitFor()
    expect(await attention.getByRole('button', { name: 'Revoke' }).count()).toBe(0)
    await row(page, 'ace-llm').getByRole('button', { name: 'Actions for ace-llm' }).click()
    const menu = page.getByRole('menu')
    await menu.getByRole('menuitem', { name: 'Delete permanently…' }).waitFor()
    expect(await menu.getByRole('menuitem', { name: /Revoke/ }).count()).toBe(0)
    await screenshot(page, 'acecloud-menu')
    await page.keyboard.press('Escape')
    await row(page, 'ace-llm').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('button', { name: 'Delete permanently…' }).waitFor()
    expect(await panel.getByRole('button', { name: /Revoke/ }).count()).toBe(0)
    await panel.getByRole('button', { name: 'Delete permanently…' }).click()
    const confirm = page.getByTestId('confirm')
    await confirm.getByText(/AceCloud AI Hub has no revoke: deleting a token is permanent, and any API request using it will immediately fail/).waitFor()
    expect(serious(await axe(page, '[data-testid=confirm]'))).toEqual([])
    await screenshot(page, 'acecloud-delete-confirm')
    await confirm.getByRole('button', { name: 'Delete permanently' }).click()
    await row(page, 'ace-llm').waitFor({ state: 'detached' })
    expect(core().vault.exists(t.id)).toBe(false)
  })
})
