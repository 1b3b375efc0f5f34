/**
 * Editing a token in real Chromium against the real core: a provider token added without its AWS
 * key id gets it from the Edit dialog (no revoke → delete → re-add), is renamed, and keeps its
 * secret and history; a taken name is refused inline.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/edit-flows.e2e.ts
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, screenshot, start, stop, type Harness } from './harness'
import { axe, serious, storeSnapshot } from './page-checks'

let h: Harness
let page: Page
const SECRET = 'aws-secret-for-edit-0123456789abcdef'
const row = (p: Page, name: string) => p.locator('[role=row][data-token-id]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) })

beforeAll(async () => {
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  await h.server.opened.vault.add({ kind: 'provider', platform: 'aws-braket', name: 'braket', fields: { region: 'us-east-1' } }, SECRET)
  await h.server.opened.vault.add({ kind: 'provider', platform: 'aws-braket', name: 'taken' }, 'another-secret-0123456789')
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
})
afterAll(() => stop(h))

describe('Edit a token', () => {
  it('adds the missing key id, removes a field, renames; the secret and history stay', async () => {
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await row(page, 'braket').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('button', { name: 'Edit…' }).click()
    const d = page.getByTestId('edit-dialog')
    await d.getByRole('heading', { name: 'Edit braket' }).waitFor()
    await d.getByLabel('New field name').fill('Bad Name')
    await d.getByText('field names are lowercase snake_case').waitFor()
    await d.getByLabel('New field name').fill('aws_access_key_id')
    await d.getByLabel('New field value').fill('AKIAEDITEXAMPLE12345')
    await d.getByRole('button', { name: 'Remove field region' }).click()
    await d.getByLabel('Name', { exact: true }).fill('taken')
    expect(serious(await axe(page, '[data-testid=edit-dialog]'))).toEqual([])
    await d.getByRole('button', { name: 'Save changes' }).click()
    await d.getByText('a provider token named "taken" for aws-braket already exists').waitFor()
    expect(h.server.opened.vault.list({ search: 'braket' }).items[0]!.fields).toEqual({ region: 'us-east-1' })

    await d.getByLabel('Name', { exact: true }).fill('braket-lab')
    await screenshot(page, 'edit-dialog')
    await d.getByRole('button', { name: 'Save changes' }).click()
    await d.waitFor({ state: 'detached' })
    const toast = page.locator('.toast', { hasText: 'braket-lab updated' })
    await toast.waitFor()
    expect(await toast.textContent()).toContain('name braket → braket-lab; fields aws_access_key_id set region removed')
    await row(page, 'braket-lab').waitFor()
    const t = h.server.opened.vault.list({ search: 'braket-lab' }).items[0]!
    expect(t.fields).toEqual({ aws_access_key_id: 'AKIAEDITEXAMPLE12345' })
    expect(await h.server.opened.vault.peekSecret(t.id)).toBe(SECRET)
    expect(h.server.opened.vault.history(t.id).map((e) => e.action)).toEqual(expect.arrayContaining(['created', 'updated']))
    expect(await page.content()).not.toContain(SECRET)
    expect((await storeSnapshot(page)).holds).toBe(false)
    await screenshot(page, 'edit-saved')
  })
})
