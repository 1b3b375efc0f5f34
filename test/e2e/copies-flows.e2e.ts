// Where tokens live, in real Chromium against the real core (loopback transport, real files in the
// test home): import what the SDK files already hold (a checklist, nothing imported until
// confirmed), rotate ending in "Update these copies", "Remove from file" in the detail panel, and
// delete with "Also remove it from these files". No secret reaches the page, the store or a screenshot.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { createCore } from '../../src-main/core/core'
import { openApp, screenshot, start, stop, type Harness } from './harness'
import { axe, serious, storeSnapshot } from './page-checks'

const SECRETS = {
  aws: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE1234',
  ibm: 'ibm-api-key-e2e-import-0123456789',
  env: 'pq_e2e_from_dotenv_5678',
  rotated: 'pq_e2e_rotated_secret_9012',
}

let h: Harness
let page: Page
let home = ''
const core = () => h.server.opened as unknown as ReturnType<typeof createCore>
const row = (p: Page, name: string) => p.locator('[role=row][data-token-id]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) })

async function settle(sel: string) {
  await page.locator(sel).evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)))
}

async function noSecretAnywhere() {
  const html = await page.content()
  const store = await storeSnapshot(page)
  for (const s of Object.values(SECRETS)) {
    expect(html).not.toContain(s)
    expect(store.json).not.toContain(s)
  }
  expect(store.holds).toBe(false)
}

/** Toasts from earlier steps would cover what the next screenshot is of (a modal blocks their ×). */
async function dismissToasts() {
  await page.evaluate(() => {
    type Hook = { getState(): { toasts: { id: number }[]; dismissToast(id: number): void } }
    const store = (window as unknown as { __tokendeskStore: Hook }).__tokendeskStore.getState()
    for (const t of store.toasts) store.dismissToast(t.id)
  })
  await page.locator('.toast').first().waitFor({ state: 'detached' })
}

function seed(rel: string, text: string): string {
  const file = path.join(home, rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

beforeAll(async () => {
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  home = path.join(h.server.dataDir, 'home')
  seed('.aws/credentials', `[braket]\naws_access_key_id = AKIAE2EIMPORT0000001\naws_secret_access_key = ${SECRETS.aws}\n`)
  seed('.qiskit/qiskit-ibm.json', JSON.stringify({ 'lab-account': { channel: 'ibm_cloud', token: SECRETS.ibm, instance: 'crn:v1:bluemix:public:quantum-computing:us-east:a/1::' } }, null, 4) + '\n')
  seed('project/.env', `# qaoa project\nDEBUG=1\nPLANQK_PERSONAL_ACCESS_TOKEN=${SECRETS.env}\n`)
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
})
afterAll(() => stop(h))

describe('copies of tokens in files', () => {
  it('imports what the SDK files hold: a checklist with masked secrets and editable names; nothing until confirmed; a second scan finds them held', async () => {
    await page.getByTestId('empty-state').getByRole('button', { name: 'Import tokens from this computer' }).click()
    const d = page.getByTestId('import-dialog')
    const table = d.getByTestId('import-found')
    await table.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(2)
    expect(await table.textContent()).toContain('••••')
    expect(await table.textContent()).toContain(SECRETS.aws.slice(-4))
    expect(core().vault.allReady()).toEqual([])

    // A project folder: its .env files join the list; only that one is ticked for import.
    await d.getByLabel('Also look in a folder (its .env files) or a file').fill(path.join(home, 'project'))
    await d.getByRole('button', { name: 'Look there' }).click()
    await table.locator('tbody tr', { hasText: '.env' }).waitFor()
    expect(await table.locator('tbody tr').count()).toBe(3)
    for (const other of ['braket', 'lab-account']) await table.getByRole('row', { name: new RegExp(other) }).getByRole('checkbox').uncheck()
    const envRow = table.locator('tbody tr', { hasText: 'PLANQK_PERSONAL_ACCESS_TOKEN' })
    await envRow.getByRole('textbox').fill('qaoa-planqk')
    await settle('[data-testid=import-dialog]')
    await screenshot(page, 'import-checklist')
    expect(serious(await axe(page, '[data-testid=import-dialog]'))).toEqual([])
    await noSecretAnywhere()
    await d.getByRole('button', { name: 'Import 1 token' }).click()
    await d.waitFor({ state: 'detached' })
    await page.locator('.toast', { hasText: 'Imported 1 token' }).waitFor()
    await row(page, 'qaoa-planqk').waitFor()
    const [t] = core().vault.allReady()
    expect(t!.name).toBe('qaoa-planqk')
    expect(await core().vault.peekSecret(t!.id)).toBe(SECRETS.env)
    expect((await core().placements.list(t!.id)).placements.map((p) => [p.entry, p.state])).toEqual([['PLANQK_PERSONAL_ACCESS_TOKEN', 'current']])

    // The usual places: both imported with their suggested names; the .env one now says held.
    await page.getByRole('button', { name: 'Import from this computer' }).click()
    await table.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(2)
    await d.getByRole('button', { name: 'Import 2 tokens' }).click()
    await d.waitFor({ state: 'detached' })
    expect(core().vault.allReady().map((x) => x.name).sort()).toEqual(['braket', 'lab-account', 'qaoa-planqk'])
    await page.getByRole('button', { name: 'Import from this computer' }).click()
    await table.waitFor()
    expect(await table.locator('input[type=checkbox]:checked').count()).toBe(0)
    expect(await table.textContent()).toMatch(/held as braket.*held as lab-account/s)
    expect(await d.getByRole('button', { name: 'Import 0 tokens' }).isDisabled()).toBe(true)
    await page.keyboard.press('Escape')
    await d.waitFor({ state: 'detached' })
    await noSecretAnywhere()
  })

  it('rotating replaces the secret in place and, ticked by default, updates the file that held the old one', async () => {
    const file = path.join(home, 'project', '.env')
    await row(page, 'qaoa-planqk').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('button', { name: 'Rotate…' }).click()
    const d = page.getByTestId('rotate-dialog')
    await d.getByRole('heading', { name: 'Rotate qaoa-planqk' }).waitFor()
    const update = d.getByLabel('Update the 1 file that holds it')
    await update.waitFor()
    expect(await update.isChecked()).toBe(true)
    await d.locator('input[type=password]').fill(SECRETS.rotated)
    await settle('[data-testid=rotate-dialog]')
    await dismissToasts()
    await screenshot(page, 'rotate-update-copies')
    expect(serious(await axe(page, '[data-testid=rotate-dialog]'))).toEqual([])
    await d.getByRole('button', { name: 'Replace secret' }).click()
    await d.waitFor({ state: 'detached' })
    const toast = page.locator('.toast', { hasText: 'qaoa-planqk rotated' })
    await toast.waitFor()
    expect(await toast.textContent()).toContain('1 file was updated.')
    expect(fs.readFileSync(file, 'utf8')).toBe(`# qaoa project\nDEBUG=1\nPLANQK_PERSONAL_ACCESS_TOKEN='${SECRETS.rotated}'\n`)
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    // The same token, not a successor: its copy is current again, and it is not revoked.
    const same = core().vault.allReady().filter((x) => x.name.startsWith('qaoa-planqk'))
    expect(same.map((x) => [x.name, x.revokedAt])).toEqual([['qaoa-planqk', null]])
    expect((await core().placements.list(same[0]!.id)).placements.map((p) => p.state)).toEqual(['current'])
    expect(await core().vault.peekSecret(same[0]!.id)).toBe(SECRETS.rotated)
    await noSecretAnywhere()
  })

  it('"Remove from file" takes one copy out after a second click; the rest of the file stays', async () => {
    const file = path.join(home, '.aws', 'credentials')
    fs.writeFileSync(file, `# shared\n[default]\naws_access_key_id = AKIAOTHER00000000000\naws_secret_access_key = other/secret\n\n${fs.readFileSync(file, 'utf8')}`)
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await row(page, 'braket').click()
    const panel = page.getByTestId('detail-panel')
    const copies = panel.getByTestId('copies')
    await copies.waitFor()
    await copies.getByRole('button', { name: `Remove from file: ${file} (braket)` }).click()
    const confirm = copies.getByRole('button', { name: 'Remove braket from this file' })
    await copies.scrollIntoViewIfNeeded()
    await dismissToasts()
    await screenshot(page, 'detail-copy-remove')
    await confirm.click()
    await page.locator('.toast', { hasText: `Removed from ${file}` }).waitFor()
    expect(fs.readFileSync(file, 'utf8')).toBe('# shared\n[default]\naws_access_key_id = AKIAOTHER00000000000\naws_secret_access_key = other/secret\n')
    await copies.waitFor({ state: 'detached' })
    expect(await panel.textContent()).toContain('Not written into any file by TokenDesk.')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('delete offers "Also remove it from these files", ticked; the entry goes, the other accounts stay', async () => {
    const file = path.join(home, '.qiskit', 'qiskit-ibm.json')
    const other = { channel: 'ibm_quantum_platform', token: 'someone-elses-token', url: 'https://quantum.cloud.ibm.com' }
    const before = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>
    fs.writeFileSync(file, JSON.stringify({ ...before, 'default-ibm-quantum-platform': other }, null, 4) + '\n')
    const t = core().vault.allReady().find((x) => x.name === 'lab-account')!
    core().vault.revoke(t.id)
    await page.reload()
    await openApp(page, h)
    await page.locator('.app[data-ready=true]').waitFor()
    if ((await page.getByRole('tab', { name: 'Provider tokens' }).getAttribute('aria-selected')) !== 'true') await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await page.getByRole('button', { name: 'Actions for lab-account' }).click()
    await page.getByRole('menuitem', { name: 'Delete permanently…' }).click()
    const confirm = page.getByTestId('confirm')
    const list = confirm.getByTestId('delete-copies')
    await list.waitFor()
    expect(await list.getByRole('checkbox').isChecked()).toBe(true)
    await settle('[data-testid=confirm]')
    await screenshot(page, 'delete-remove-copies')
    expect(serious(await axe(page, '[data-testid=confirm]'))).toEqual([])
    await confirm.getByRole('button', { name: 'Delete permanently' }).click()
    await confirm.waitFor({ state: 'detached' })
    await row(page, 'lab-account').waitFor({ state: 'detached' })
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ 'default-ibm-quantum-platform': other })
    await noSecretAnywhere()
  })
})
