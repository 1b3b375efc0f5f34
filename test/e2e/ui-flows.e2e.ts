/**
 * Renderer flows in real Chromium against the real core (loopback transport, real keychain).
 * Build first: `npx vite build -c vite.e2e.config.ts`, then
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/ui-flows.e2e.ts
 * Screenshots go to test-results/screenshots/. No timing assertions here (see bench/renderer.bench.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, ROOT, screenshot, start, stop, type Harness } from './harness'
import { axe, serious, storeSnapshot } from './page-checks'

const DAY = 24 * 60 * 60 * 1000

let h: Harness
let page: Page


const row = (p: Page, name: string) => p.locator('[role=row][data-token-id]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) })

async function openAddDialog(p: Page) {
  await p.getByRole('button', { name: 'Add existing token' }).click()
  await p.getByRole('dialog', { name: /Add a token you already have/ }).waitFor()
}

async function addViaUi(p: Page, o: { name: string; secret: string; platform?: string; scopes?: string; customDate?: string; provider?: boolean; org?: string }) {
  await openAddDialog(p)
  const d = p.getByRole('dialog')
  if (o.provider) await d.getByText('Provider token', { exact: true }).click()
  if (o.platform) await d.getByLabel(o.provider ? 'Provider' : 'Platform', { exact: true }).selectOption(o.platform)
  if (o.org) await d.getByLabel('Owner').selectOption(o.org)
  await d.getByLabel('Name', { exact: true }).fill(o.name)
  if (o.scopes) await d.getByLabel('Scopes').fill(o.scopes)
  if (o.customDate) {
    await d.getByText('Custom date', { exact: true }).click()
    await d.getByLabel('Valid through (UTC)').fill(o.customDate)
  }
  await d.locator('input[type=password]').fill(o.secret)
  await d.getByRole('button', { name: 'Add token' }).click()
  await p.getByTestId('secret-once').waitFor()
}

async function closeSecretOnce(p: Page) {
  await p.getByTestId('secret-once').getByRole('button', { name: 'Done' }).click()
  await p.getByTestId('secret-once').waitFor({ state: 'detached' })
}

const isoDate = (ts: number) => new Date(ts).toISOString().slice(0, 10)

beforeAll(async () => {
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
})

afterAll(async () => {
  await stop(h)
})

describe('renderer flows', () => {
  it('shows a first-run empty state that says what to do first', async () => {
    const empty = page.getByTestId('empty-state')
    await empty.waitFor()
    expect(await empty.textContent()).toContain('No tokens yet — add a token you already have, or connect a platform')
    expect(serious(await axe(page, '.app'))).toEqual([])
  })

  it('validates the name inline, and shows the core conflict error inline', async () => {
    await openAddDialog(page)
    const d = page.getByRole('dialog')
    const name = d.getByLabel('Name', { exact: true })
    await name.fill('Bad Name!')
    await name.blur()
    const err = d.locator('.error[role=alert]')
    await err.waitFor()
    expect(await err.textContent()).toMatch(/invalid name: use lowercase letters, digits and single hyphens/)
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    expect(serious(await axe(page, '[role=dialog]'))).toEqual([])
    await screenshot(page, 'add-dialog-validation-error')
    // Submitting with a bad name never reaches the core.
    await d.locator('input[type=password]').fill('will-not-be-sent')
    await d.getByRole('button', { name: 'Add token' }).click()
    expect(await d.isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await d.waitFor({ state: 'detached' })
  })

  it('adds a token, shows the secret once, copies it through main, then forgets it', async () => {
    const secret = `pat-${Math.random().toString(36).slice(2)}-ONCE`
    await addViaUi(page, { name: 'ci-runner', secret, platform: 'planqk', scopes: 'jobs:read, jobs:write backends' })
    const once = page.getByTestId('secret-once')
    expect(await once.getByRole('heading').textContent()).toBe('Token successfully added')
    expect(await once.textContent()).toContain("Make sure to copy it now — you won't be able to see it again.")
    expect(await once.locator('code.secret').textContent()).toBe(secret)
    expect((await storeSnapshot(page)).holds).toBe(true)
    expect(serious(await axe(page, '[data-testid=secret-once]'))).toEqual([])
    await screenshot(page, 'secret-once')

    await once.getByRole('button', { name: 'Copy' }).click()
    await page.locator('.toast', { hasText: 'Copied to the clipboard' }).waitFor()
    expect(h.server.clipboardWrites.at(-1)?.text).toBe(secret)

    await closeSecretOnce(page)
    expect(await page.content()).not.toContain(secret)
    const snap = await storeSnapshot(page)
    expect(snap.holds).toBe(false)
    expect(snap.json).not.toContain(secret)
    await row(page, 'ci-runner').waitFor()
    expect(await row(page, 'ci-runner').locator('.scopes').getAttribute('title')).toBe('jobs:read, jobs:write, backends')
    expect(await row(page, 'ci-runner').locator('.scope').allTextContents()).toEqual(['jobs:read', 'jobs:write'])

    // The same name again: the live uniqueness check (and the core's conflict) show inline.
    await openAddDialog(page)
    const d = page.getByRole('dialog')
    await d.getByLabel('Name', { exact: true }).fill('ci-runner')
    await d.getByLabel('Platform', { exact: true }).selectOption('planqk')
    await d.locator('.error[role=alert]', { hasText: 'already exists' }).waitFor()
    await page.keyboard.press('Escape')
  })

  it("a name taken behind the dialog's back: the core's conflict message, with its code, shows inline on the Name field", async () => {
    // The live check finds nothing; then another process takes the name; the core refuses with
    // code 'conflict'. Only if that code crosses the bridge does the dialog put it on the field
    // (contextBridge drops an Error's code: src-renderer-e2e/context-copy.ts makes the shim do so too).
    const v = h.server.opened.vault
    const req = { kind: 'personal' as const, platform: 'planqk', name: 'race-name', expires: '30d' as const, scopes: [] }
    await openAddDialog(page)
    const d = page.getByRole('dialog')
    await d.getByLabel('Platform', { exact: true }).selectOption('planqk')
    const name = d.getByLabel('Name', { exact: true })
    await name.fill('race-name')
    await d.locator('input[type=password]').fill('race-secret-from-the-ui')
    await page.waitForTimeout(400) // past the live check's 250 ms debounce: nothing taken yet
    expect(await d.locator('.error[role=alert]').count()).toBe(0)
    const taken = await v.add(req, 'race-secret-from-the-cli')
    await d.getByRole('button', { name: 'Add token' }).click()
    const err = d.locator('.error:not(.form-error)[role=alert]', { hasText: 'already exists' })
    await err.waitFor()
    const core = await v.add(req, 'x').then(
      () => '',
      (e: unknown) => (e as Error).message,
    )
    expect(core).toMatch(/already exists/)
    expect(await err.textContent()).toBe(core)
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'add-dialog-core-conflict')
    await page.keyboard.press('Escape')
    await d.waitFor({ state: 'detached' })
    v.revoke(taken.id)
    await v.delete(taken.id)
  })

  it('lists every status with a coloured chip and its word', async () => {
    const v = h.server.opened.vault
    await v.add({ kind: 'personal', platform: 'qualytics', name: 'notebook', expires: '1y', scopes: ['read'] }, 'sec-notebook')
    const exp = await v.add({ kind: 'personal', platform: 'kipu-hub', name: 'old-hub-token', expires: '30d' }, 'sec-old')
    await v.add({ kind: 'personal', platform: 'planqk', name: 'soon-gone', expires: isoDate(Date.now() + 2 * DAY) }, 'sec-soon')
    const rev = await v.add({ kind: 'personal', platform: 'huggingface', name: 'leaked-token', expires: '90d' }, 'sec-leaked')
    v.revoke(rev.id)
    // The core uses the real clock and refuses past dates, so the test moves one expiry into the
    // past directly in the vault's database to show the 'expired' colour.
    h.server.opened.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 3 * DAY, exp.id)
    await page.reload()
    await openApp(page, h)
    await page.locator('.app[data-ready=true]').waitFor()
    await row(page, 'leaked-token').waitFor()
    const chips = await page.locator('[role=grid] .chip').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-status')}:${e.textContent}`))
    for (const s of ['active:●Active', 'expiring:◐Expiring', 'expired:✕Expired', 'revoked:⊘Revoked']) expect(chips).toContain(s)
    const colours = await page
      .locator('[role=grid] .chip')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-status'), getComputedStyle(e).backgroundColor])))
    expect(new Set(Object.values(colours)).size).toBe(4)
    expect(await row(page, 'notebook').textContent()).toContain('Not used')
    expect(await row(page, 'ci-runner').textContent()).toMatch(/Last used(just now|\d+ minutes? ago)/)
    expect(serious(await axe(page, '.app'))).toEqual([])
    await screenshot(page, 'list-all-statuses')
  })

  it('sorts by a column header with aria-sort, filters by status and searches by name', async () => {
    const nameHeader = page.getByRole('columnheader', { name: /Name/ })
    await nameHeader.getByRole('button').click()
    await page.waitForFunction(() => document.querySelector('[role=row][data-index="0"] .name')?.textContent === 'ci-runner')
    expect(await nameHeader.getAttribute('aria-sort')).toBe('ascending')
    await nameHeader.getByRole('button').click()
    expect(await nameHeader.getAttribute('aria-sort')).toBe('descending')
    await page.waitForFunction(() => document.querySelector('[role=row][data-index="0"] .name')?.textContent === 'soon-gone')

    await page.getByLabel('Status').selectOption('revoked')
    await page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('data-total') === '1')
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.getByPlaceholder('Search name, scope, note…').fill('note')
    await page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('data-total') === '1')
    expect(await page.locator('[role=row][data-token-id] .name').allTextContents()).toEqual(['notebook'])
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await page.waitForFunction(() => document.querySelector('[role=grid]')?.getAttribute('data-total') === '5')
  })

  it('moves row focus with the arrow keys and opens the detail panel with Enter', async () => {
    await page.locator('[role=row][data-index="0"]').focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? document.activeElement?.outerHTML.slice(0, 200))
    expect(focused).toBe('2')
    const name = await page.locator('[role=row][data-index="2"] .name').textContent()
    await page.keyboard.press('Enter')
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('heading', { name: name! }).waitFor()
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    // Focus returns to the row. Radix restores it in the close animation's last frame, which can
    // land a frame after the panel leaves the DOM, so wait for it (5 s) rather than sample once.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-index') === '2', undefined, { timeout: 5000 })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('2')
  })

  it("opens a row's ⋮ menu from the keyboard with the first item focused, and returns focus on Escape", async () => {
    const name = (await page.locator('[role=row][data-index="1"] .name').textContent())!
    const trigger = page.getByRole('button', { name: `Actions for ${name}` })
    const active = () => page.evaluate(() => `${document.activeElement?.getAttribute('role') ?? document.activeElement?.tagName}:${document.activeElement?.textContent || document.activeElement?.getAttribute('aria-label')}`)
    // The first press mounts the real menu (its code loads on demand); the second uses it as is.
    for (const key of ['Enter', 'ArrowDown']) {
      await trigger.focus()
      await page.keyboard.press(key)
      await page.getByRole('menu').waitFor()
      await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'menuitem')
      expect(await active()).toBe('menuitem:Details')
      await page.keyboard.press('Escape')
      await page.getByRole('menu').waitFor({ state: 'detached' })
      await page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label, `Actions for ${name}`)
    }
  })

  it('revokes with a confirmation, then restores, then deletes permanently', async () => {
    const r = row(page, 'ci-runner')
    await r.getByRole('button', { name: 'Actions for ci-runner' }).click()
    await page.getByRole('menuitem', { name: 'Revoke…' }).click()
    const confirm = page.getByTestId('confirm')
    await confirm.getByRole('heading', { name: 'Revoke ci-runner?' }).waitFor()
    // Focus moves into the confirmation (on Cancel), not left on the menu's trigger.
    await page.waitForFunction(() => document.activeElement?.textContent === 'Cancel')
    await screenshot(page, 'revoke-confirm')
    await confirm.getByRole('button', { name: 'Revoke' }).click()
    await page.locator('.toast', { hasText: 'Token revoked' }).waitFor()
    await r.locator('.chip[data-status=revoked]').waitFor()
    expect(await r.locator('.chip').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 227, 204)')

    await r.getByRole('button', { name: 'Actions for ci-runner' }).click()
    expect(await page.getByRole('menuitem').allTextContents()).toEqual(['Details', 'Restore', 'Delete permanently…'])
    await page.getByRole('menuitem', { name: 'Restore' }).click()
    await r.locator('.chip[data-status=active]').waitFor()

    await r.getByRole('button', { name: 'Actions for ci-runner' }).click()
    await page.getByRole('menuitem', { name: 'Revoke…' }).click()
    await confirm.getByRole('button', { name: 'Revoke' }).click()
    await r.locator('.chip[data-status=revoked]').waitFor()
    await r.getByRole('button', { name: 'Actions for ci-runner' }).click()
    await page.getByRole('menuitem', { name: 'Delete permanently…' }).click()
    await confirm.getByRole('heading', { name: 'Delete ci-runner permanently?' }).waitFor()
    expect(await confirm.textContent()).toContain('This is permanent and cannot be undone')
    await screenshot(page, 'delete-confirm')
    await confirm.getByRole('button', { name: 'Delete permanently' }).click()
    await page.locator('.toast', { hasText: 'Token deleted' }).waitFor()
    await r.waitFor({ state: 'detached' })
    expect(h.server.opened.vault.list({ search: 'ci-runner' }).total).toBe(0)
  })

  it("shows the core's message in a toast when an action fails", async () => {
    // Revoke behind the UI's back, so the UI still offers Revoke and the core refuses it.
    const nb = h.server.opened.vault.list({ search: 'notebook' }).items[0]!
    h.server.opened.vault.revoke(nb.id)
    await row(page, 'notebook').getByRole('button', { name: 'Actions for notebook' }).click()
    await page.getByRole('menuitem', { name: 'Revoke…' }).click()
    await page.getByTestId('confirm').getByRole('button', { name: 'Revoke' }).click()
    const toast = page.locator('.toast-error')
    await toast.waitFor()
    const text = (await toast.locator('.toast-desc').textContent()) ?? ''
    expect(text.length).toBeGreaterThan(0)
    expect(text).not.toMatch(/\n\s+at |Error:/)
    let coreMessage = ''
    try {
      h.server.opened.vault.revoke(nb.id)
    } catch (e) {
      coreMessage = (e as Error).message
    }
    expect(text).toBe(coreMessage)
    await page.keyboard.press('Escape')
    h.server.opened.vault.restore(nb.id)
    await page.reload()
    await openApp(page, h)
    await page.locator('.app[data-ready=true]').waitFor()
  })

  it('reveals a secret on request and hides it again; the detail panel shows the history', async () => {
    await row(page, 'notebook').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('heading', { name: 'notebook' }).waitFor()
    await panel.getByRole('heading', { name: 'History' }).waitFor()
    expect(await panel.locator('.audit li').first().textContent()).toMatch(/restored/)
    await screenshot(page, 'detail-panel')
    await panel.getByRole('button', { name: 'Reveal for 20 s' }).click()
    await panel.getByLabel('Revealed secret').waitFor()
    expect(await panel.getByLabel('Revealed secret').textContent()).toBe('sec-notebook')
    expect(await panel.textContent()).toMatch(/Hides in (20|19) s/)
    await panel.locator('.audit li', { hasText: 'used' }).first().waitFor()
    await panel.getByRole('button', { name: 'Hide' }).click()
    expect(await page.content()).not.toContain('sec-notebook')
    expect((await storeSnapshot(page)).json).not.toContain('sec-notebook')
    await panel.getByRole('button', { name: 'Copy secret' }).click()
    await page.locator('.toast', { hasText: 'Copied to the clipboard' }).last().waitFor()
    expect(h.server.clipboardText()).toBe('sec-notebook')
    await page.keyboard.press('Escape')
    await row(page, 'notebook').getByText('Last used', { exact: true }).waitFor()
  })

  it('hides a revealed secret by itself after about 20 seconds', async () => {
    const p = await h.newPage()
    await p.clock.install()
    await openApp(p, h)
    await p.locator('.app[data-ready=true]').waitFor()
    await row(p, 'notebook').click()
    const panel = p.getByTestId('detail-panel')
    await panel.getByRole('button', { name: 'Reveal for 20 s' }).click()
    await panel.getByLabel('Revealed secret').waitFor()
    await p.clock.fastForward(21_000)
    await panel.getByLabel('Revealed secret').waitFor({ state: 'detached' })
    expect(await p.content()).not.toContain('sec-notebook')
    expect((await storeSnapshot(p)).holds).toBe(false)
    await p.close()
  })

  it('shows tokens expiring soon in the banner, with Rotate and Revoke', async () => {
    await addViaUi(page, { name: 'three-days', secret: 'sec-three-days', platform: 'kipu-hub', customDate: isoDate(Date.now() + 3 * DAY) })
    await closeSecretOnce(page)
    const banner = page.getByTestId('attention')
    await banner.getByRole('button', { name: 'three-days', exact: true }).waitFor()
    expect(await banner.textContent()).toMatch(/expired/)
    expect(await banner.locator('li', { hasText: 'three-days' }).textContent()).toMatch(/expires in 3 days/)
    await screenshot(page, 'expiry-banner')

    // Rotate means what `tokendesk rotate` means: the same token (name, id, history) gets the new
    // secret — no successor named three-days-2.
    const before = h.server.opened.vault.list({ search: 'three-days' }).items
    await banner.locator('li', { hasText: 'three-days' }).getByRole('button', { name: 'Rotate' }).click()
    const d = page.getByTestId('rotate-dialog')
    await d.getByRole('heading', { name: 'Rotate three-days' }).waitFor()
    expect(await d.textContent()).toContain('Make a new token on Kipu Quantum Hub and paste its secret here.')
    await d.getByRole('button', { name: 'Replace secret' }).click()
    await d.getByText('paste the new secret').waitFor()
    await d.getByLabel('New personal access token').fill('sec-three-days-v2')
    await d.getByRole('button', { name: 'Replace secret' }).click()
    await d.waitFor({ state: 'detached' })
    await page.locator('.toast', { hasText: 'three-days rotated' }).waitFor()
    const after = h.server.opened.vault.list({ search: 'three-days' }).items
    expect(after.map((t) => [t.id, t.name, t.revokedAt])).toEqual(before.map((t) => [t.id, t.name, null]))
    expect(await h.server.opened.vault.peekSecret(before[0]!.id)).toBe('sec-three-days-v2')
    expect(h.server.opened.vault.history(before[0]!.id).map((e) => e.action)).toContain('rotated')
    expect(await page.content()).not.toContain('sec-three-days-v2')
    // It still expires in 3 days (rotating by hand does not change the platform's expiry): revoke it here.
    await row(page, 'three-days').getByRole('button', { name: 'Actions for three-days' }).click()
    await page.getByRole('menuitem', { name: 'Revoke…' }).click()
    await page.getByTestId('confirm').getByRole('button', { name: 'Revoke' }).click()
    await row(page, 'three-days').locator('.chip[data-status=revoked]').waitFor()
  })

  it('keeps the banner short when many tokens need attention: the soonest 50, and the count of all', async () => {
    const v = h.server.opened.vault
    const before = v.attentionCounts()
    const many: string[] = []
    for (let i = 0; i < 60; i++) many.push((await v.add({ kind: 'personal', platform: 'planqk', name: `wave-${String(i).padStart(2, '0')}`, expires: isoDate(Date.now() + 5 * DAY) }, `sec-wave-${i}`)).id)
    await page.reload()
    await openApp(page, h)
    const banner = page.getByTestId('attention')
    const total = before.expired + before.expiring + 60
    await banner.getByRole('heading', { name: new RegExp(`^${total} tokens need attention`) }).waitFor()
    // One area for expiring tokens and their reminders, capped in height: the 50 soonest scroll
    // inside it, and the token list keeps the window (two boxes took ~240 px before).
    expect(await banner.locator('li').count()).toBe(50)
    expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(210)
    expect(await banner.locator('li [role=group][aria-label^="Snooze the reminder"]').count()).toBeGreaterThan(0)
    expect(await page.locator('[data-testid=attention]').count()).toBe(1)
    // Collapsed, it is one line.
    await banner.getByRole('button', { name: new RegExp(`^${total} tokens need attention`) }).click()
    expect(await banner.locator('li').count()).toBe(0)
    expect((await banner.boundingBox())!.height).toBeLessThanOrEqual(44)
    await screenshot(page, 'attention-collapsed')
    await banner.getByRole('button', { name: new RegExp(`^${total} tokens need attention`) }).click()
    expect(await banner.locator('li').count()).toBe(50)
    expect(await banner.getByTestId('attention-more').textContent()).toContain(`${total - 50} more`)
    await banner.getByTestId('attention-more').scrollIntoViewIfNeeded()
    await screenshot(page, 'expiry-banner-many')
    // Only the head crossed the bridge.
    const attention = await page.evaluate(() => (window as unknown as { __tokendeskStore: { getState(): { attention: { items: unknown[] } } } }).__tokendeskStore.getState().attention.items.length)
    expect(attention).toBe(50)
    for (const id of many) {
      v.revoke(id)
      await v.delete(id)
    }
    await page.reload()
    await openApp(page, h)
  })

  it('disables provider-token actions for a member, with the reason shown', async () => {
    const v = h.server.opened.vault
    v.setOrg('quantum-lab', 'maintainer')
    await v.add({ kind: 'provider', platform: 'ibm-quantum', name: 'lab-ibm', org: 'quantum-lab', expires: 'never', fields: { channel: 'ibm_cloud' } }, 'sec-lab-ibm')
    await v.add({ kind: 'provider', platform: 'ionq', name: 'lab-ionq', org: 'quantum-lab', expires: '90d' }, 'sec-lab-ionq')
    v.setOrg('quantum-lab', 'member')
    v.setOrg('physics-group', 'owner')
    await page.reload()
    await openApp(page, h)
    await page.locator('.app[data-ready=true]').waitFor()

    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    await addViaUi(page, { provider: true, name: 'braket-main', secret: 'sec-braket', platform: 'aws-braket', org: 'physics-group' })
    await closeSecretOnce(page)
    expect(h.server.opened.vault.list({ search: 'braket-main' }).items[0]?.org).toBe('physics-group')

    await page.getByLabel('Owner').selectOption('quantum-lab')
    await page.getByRole('note').filter({ hasText: 'You are a member of quantum-lab' }).waitFor()
    await row(page, 'lab-ibm').getByRole('button', { name: 'Actions for lab-ibm' }).click()
    const revoke = page.getByRole('menuitem', { name: /Revoke…/ })
    expect(await revoke.getAttribute('aria-disabled')).toBe('true')
    expect(await revoke.textContent()).toContain('only an owner or maintainer may revoke')
    await page.keyboard.press('Escape')
    await page.getByLabel('Owner').selectOption('')
    await row(page, 'lab-ibm').waitFor()
    await screenshot(page, 'provider-tokens-with-org')

    await row(page, 'lab-ibm').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByRole('button', { name: 'Revoke…' }).waitFor()
    expect(await panel.getByRole('button', { name: 'Revoke…' }).isDisabled()).toBe(true)
    expect(await panel.getByRole('note').textContent()).toContain('You are a member of "quantum-lab"; only an owner or maintainer may revoke its provider tokens')
    await page.keyboard.press('Escape')

    // The add dialog offers member orgs only as disabled options.
    await openAddDialog(page)
    const opt = page.getByRole('dialog').locator('option', { hasText: 'quantum-lab' })
    expect(await opt.isDisabled()).toBe(true)
    await page.keyboard.press('Escape')
  })

  it('adds an organization with a role', async () => {
    await page.getByRole('tab', { name: 'Organizations' }).click()
    await page.getByLabel('Name').fill('new-lab')
    await page.getByLabel('Your role').selectOption('maintainer')
    await page.getByRole('button', { name: 'Save organization' }).click()
    await page.getByRole('cell', { name: 'new-lab' }).waitFor()
    expect(h.server.opened.vault.orgs()).toContainEqual({ name: 'new-lab', role: 'maintainer' })
  })

  it('changes settings', async () => {
    await page.getByRole('tab', { name: 'Settings' }).click()
    await page.getByLabel('Expiring window (days)').fill('10')
    await page.getByLabel('Clear the clipboard after (seconds)').fill('45')
    await page.getByText('Dark', { exact: true }).click()
    const background = page.getByLabel('On Linux, keep running in the background when the window closes')
    expect(await background.isChecked()).toBe(false) // off by default: a tray may be invisible
    expect(await background.getAttribute('aria-describedby')).toBeTruthy()
    await background.check()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.locator('.toast', { hasText: 'Settings saved' }).waitFor()
    const s = h.server.opened.vault.settings()
    expect(s.expiringWindowDays).toBe(10)
    expect(s.clipboardClearSeconds).toBe(45)
    expect(s.theme).toBe('dark')
    expect(s.linuxKeepRunningInBackground).toBe(true)
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.evaluate(() => document.querySelector('.tab-panel.scroll[data-state=active]')?.scrollTo(0, 0))
    await screenshot(page, 'settings')
    await page.getByText('Match system', { exact: true }).click()
    await page.getByRole('button', { name: 'Save settings' }).click()
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'system')
  })

  it('saw no CSP violation and no page error', () => {
    expect(h.consoleErrors.filter((e) => /Content Security Policy|pageerror/.test(e))).toEqual([])
  })

  it('keeps the store hook out of the production bundle', () => {
    const dir = path.join(ROOT, 'out/renderer/assets')
    if (!fs.existsSync(dir)) return
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(dir, f), 'utf8')).not.toContain('__tokendeskStore')
    }
  })
})
