// Settings → Backup in real Chromium against the real core (loopback transport, the age
// encryption in a worker thread as in the app): create a backup, restore it after a token was
// deleted, and the errors a person can meet. The passphrase never reaches the store.
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openApp, screenshot, start, stop, type Harness } from './harness'
import { axe, serious, storeSnapshot } from './page-checks'

const PASS = 'orbit lantern velvet cactus'
const SECRETS = { main: 'secret-backup-main-Zq9x', ci: 'secret-backup-ci-Zq9y' }

let h: Harness
let page: Page

beforeAll(async () => {
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  const v = h.server.opened.vault
  await v.add({ kind: 'personal', platform: 'planqk', name: 'backup-main', expires: '90d', scopes: ['jobs:read'] }, SECRETS.main)
  await v.add({ kind: 'personal', platform: 'qualytics', name: 'backup-ci', expires: '30d' }, SECRETS.ci)
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
  await page.getByRole('tab', { name: 'Settings' }).click()
})
afterAll(() => stop(h))

const dialog = () => page.getByTestId('backup-dialog')

async function settle() {
  await dialog().evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)))
}

describe('Settings → Backup', () => {
  let file = ''

  it('creates a backup: a suggested file, passphrase checks, then a 0600 age file without plaintext', async () => {
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: 'Backup' }) })
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, 'backup-settings-card')
    await page.getByRole('button', { name: 'Create backup…' }).click()
    await dialog().waitFor()
    const pathInput = dialog().getByLabel('Save to')
    await page.waitForFunction(() => (document.querySelector('[data-testid=backup-dialog] input.mono') as HTMLInputElement | null)?.value.endsWith('.age'))
    file = await pathInput.inputValue()
    expect(file).toBe(path.join(h.server.dataDir, 'home', `tokendesk-backup-${new Date().toISOString().slice(0, 10)}.age`))

    await dialog().getByLabel('Passphrase', { exact: true }).fill('too short')
    expect(await dialog().getByText('at least 10 characters').count()).toBe(1)
    await dialog().getByLabel('Passphrase', { exact: true }).fill(PASS)
    await dialog().getByLabel('The same passphrase again').fill(`${PASS}!`)
    await dialog().getByText('the two passphrases differ').waitFor()
    expect(await dialog().getByRole('button', { name: 'Create backup' }).isDisabled()).toBe(true)
    await settle()
    await screenshot(page, 'backup-create-mismatch')
    expect(serious(await axe(page, '[data-testid=backup-dialog]'))).toEqual([])

    await dialog().getByLabel('The same passphrase again').fill(PASS)
    await dialog().getByRole('button', { name: 'Create backup' }).click()
    await dialog().getByRole('heading', { name: 'Backup written' }).waitFor({ timeout: 30_000 })
    expect(await dialog().textContent()).toContain(`2 tokens with their secrets and history are in ${file}`)
    await screenshot(page, 'backup-created')
    const bytes = fs.readFileSync(file)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    expect(bytes.subarray(0, 21).toString()).toBe('age-encryption.org/v1')
    for (const s of [...Object.values(SECRETS), 'backup-main', PASS]) expect(bytes.includes(s), s).toBe(false)
    const snap = await storeSnapshot(page)
    expect(snap.holds).toBe(false)
    expect(snap.json).not.toContain(PASS)
    await dialog().getByRole('button', { name: 'Done' }).click()
    await dialog().waitFor({ state: 'detached' })
    // The passphrase left the page with the dialog.
    expect(await page.content()).not.toContain(PASS)
  })

  it('a wrong passphrase says so in the dialog and changes nothing', async () => {
    await page.getByRole('button', { name: 'Restore from backup…' }).click()
    await dialog().getByLabel('Backup file').fill(file)
    await dialog().getByLabel('Passphrase', { exact: true }).fill('not the right passphrase')
    await dialog().getByRole('button', { name: 'Restore' }).click()
    const alert = dialog().getByRole('alert')
    await alert.waitFor({ timeout: 30_000 })
    expect(await alert.textContent()).toMatch(/the passphrase is wrong .*nothing was changed/)
    await settle()
    await screenshot(page, 'backup-restore-wrong-passphrase')
    expect(h.server.opened.vault.list({}).total).toBe(2)
    await page.keyboard.press('Escape')
    await dialog().waitFor({ state: 'detached' })
  })

  it('restores a deleted token from the backup; the one still here is skipped and named', async () => {
    const v = h.server.opened.vault
    const ci = v.list({ search: 'backup-ci' }).items[0]!
    v.revoke(ci.id)
    await v.delete(ci.id)
    await page.getByRole('tab', { name: 'Personal' }).click()
    await page.getByRole('tab', { name: 'Settings' }).click()
    await page.getByRole('button', { name: 'Restore from backup…' }).click()
    await dialog().getByLabel('Backup file').fill(file)
    await dialog().getByLabel('Passphrase', { exact: true }).fill(PASS)
    await dialog().getByRole('button', { name: 'Restore' }).click()
    await dialog().getByRole('heading', { name: 'Backup restored' }).waitFor({ timeout: 30_000 })
    const text = await dialog().textContent()
    expect(text).toMatch(/Restored 1 token from a backup made .*; skipped 1 already here\./)
    expect(text).toContain('a personal token named "backup-main" for planqk already exists')
    await settle()
    await screenshot(page, 'backup-restored')
    await dialog().getByRole('button', { name: 'Done' }).click()
    const back = v.list({ search: 'backup-ci' }).items[0]!
    // A restore mints new ids (a file's ids never address keychain entries: restore-plan.ts), so the
    // token comes back with the history the backup holds, plus the import.
    expect(back.id).not.toBe(ci.id)
    expect(await v.peekSecret(back.id)).toBe(SECRETS.ci)
    expect(v.history(back.id).map((e) => e.action)).toEqual(['imported', 'created'])
    await page.getByRole('tab', { name: 'Personal' }).click()
    await page.getByRole('row', { name: /backup-ci/ }).waitFor()
    expect(h.consoleErrors).toEqual([])
  })
})

describe('Settings → Keychain check', () => {
  it('lists secrets no token points at; one is kept as a token (secret moved, never shown), one removed after a second click', async () => {
    const v = h.server.opened.vault
    const db = h.server.opened.db
    // A lost database, in small: two tokens' rows vanish, their secrets stay in the keychain.
    const keep = await v.add({ kind: 'personal', platform: 'planqk', name: 'lost-keep', expires: '30d' }, 'secret-orphan-keep-Zq9')
    const drop = await v.add({ kind: 'personal', platform: 'planqk', name: 'lost-drop', expires: '30d' }, 'secret-orphan-drop-Zq9')
    db.prepare('DELETE FROM tokens WHERE id IN (?, ?)').run(keep.id, drop.id)
    await page.getByRole('tab', { name: 'Personal' }).click()
    await page.getByRole('tab', { name: 'Settings' }).click()
    const card = page.getByTestId('keychain-check')
    await card.scrollIntoViewIfNeeded()
    await card.getByRole('button', { name: 'Check the keychain' }).click()
    await card.getByText('2 keychain entries belong to no token.').waitFor()
    expect(await card.getByRole('row', { name: /lost-keep/ }).count()).toBe(1)
    await card.scrollIntoViewIfNeeded()
    await screenshot(page, 'keychain-check-orphans')
    expect(serious(await axe(page, '[data-testid=keychain-check]'))).toEqual([])

    await card.getByRole('row', { name: /lost-keep/ }).getByRole('button', { name: 'Keep as token…' }).click()
    const adopt = page.getByTestId('adopt-dialog')
    await adopt.getByLabel('Platform').fill('planqk')
    expect(await adopt.getByLabel('Name').inputValue()).toBe('lost-keep') // the name the history knew
    await adopt.getByLabel('Name').fill('recovered-keep')
    await adopt.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)))
    await screenshot(page, 'keychain-check-adopt')
    await adopt.getByRole('button', { name: 'Keep as token' }).click()
    await adopt.waitFor({ state: 'detached' })
    const recovered = v.list({ search: 'recovered-keep' }).items[0]!
    expect(await v.peekSecret(recovered.id)).toBe('secret-orphan-keep-Zq9')
    expect(await page.content()).not.toContain('secret-orphan-keep-Zq9')

    const row = card.getByRole('row', { name: /lost-drop/ })
    await row.getByRole('button', { name: 'Remove…' }).click()
    await row.getByRole('button', { name: 'Remove permanently' }).click()
    await page.locator('.toast', { hasText: 'Keychain entry removed' }).waitFor()
    await card.getByRole('button', { name: 'Check the keychain' }).click()
    await card.getByText('Every keychain entry belongs to a token or connection.').waitFor()
    expect((await h.server.opened.doctor.report()).unknown).toEqual([])
    expect(h.consoleErrors).toEqual([])
  })
})
