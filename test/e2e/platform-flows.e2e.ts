/**
 * Platform flows in real Chromium against the real core (loopback transport, real keychain) and a
 * real TokenDesk hub (hub/server.ts) on 127.0.0.1: connect, generate, check, sync, delete on the
 * platform, write to an SDK config file, reminders with snooze, disconnect.
 * Build first: `npx vite build -c vite.e2e.config.ts`, then
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/platform-flows.e2e.ts
 * Screenshots go to test-results/screenshots/. No timing assertions here.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHub, type Hub } from '../../hub/server'
import type { createCore } from '../../src-main/core/core'
import { tempDir } from '../helpers/temp-dir'
import { openApp, screenshot, start, stop, type Harness } from './harness'
import { axe, serious, storeSnapshot } from './page-checks'

const DAY = 24 * 60 * 60 * 1000

let h: Harness
let page: Page
let hub: Hub
let hubDir: { dir: string; cleanup: () => void }
let mgmt: string

/** The loopback server runs the whole core (createCore); its type names only the vault part. */
const core = () => h.server.opened as unknown as ReturnType<typeof createCore>

/** Every axe result, for the report. */
const axeLog: Record<string, { id: string; impact: string; nodes: number }[]> = {}

const row = (p: Page, name: string) => p.locator('[role=row][data-token-id]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) })

/** A call to the hub's HTTP API, as a platform client would make it. */
async function hubApi(method: string, pathname: string, bearer: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${hub.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null }
}

const hubTokens = async () => ((await hubApi('GET', '/api/v1/tokens', mgmt)).json as { tokens: { id: string; name: string; active?: boolean; status?: string }[] }).tokens

async function reload(p: Page) {
  await p.reload()
  await openApp(p, h)
  await p.locator('.app[data-ready=true]').waitFor()
}

async function rowMenu(p: Page, name: string, item: string) {
  await row(p, name).getByRole('button', { name: `Actions for ${name}` }).click()
  await p.getByRole('menuitem', { name: item }).click()
}

const isoDate = (ts: number) => new Date(ts).toISOString().slice(0, 10)

beforeAll(async () => {
  hubDir = tempDir('tokendesk-e2e-hub-')
  hub = await startHub({ port: 0, dbPath: path.join(hubDir.dir, 'hub.db'), seed: true, log: () => {} })
  mgmt = hub.seeded!.managementToken
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
})

afterAll(async () => {
  // Connections keep their management token in the (test) keychain: remove them with it.
  for (const c of (h ? core().connections.list() : []) ?? []) await core().connections.disconnect(c.id).catch(() => undefined)
  await stop(h)
  await hub?.close()
  hubDir?.cleanup()
  console.log('axe violations (all impacts):', JSON.stringify(axeLog))
})

describe('platform flows', () => {
  it('offers to connect a platform where Generate would be', async () => {
    const empty = page.getByTestId('empty-state')
    await empty.waitFor()
    expect(await empty.textContent()).toContain('To generate tokens directly, connect a platform')
    await empty.getByRole('button', { name: 'connect a platform' }).click()
    await page.getByTestId('connections-view').waitFor()
    expect(await page.getByRole('tab', { name: 'Connections' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.getByTestId('connections-view').textContent()).toContain('No platforms connected yet')
  })

  it("connects the hub: the core's refusal shows inline, then the connection is listed", async () => {
    await page.getByTestId('connections-view').getByRole('button', { name: 'Connect a platform' }).click()
    const d = page.getByTestId('connect-dialog')
    await d.getByRole('heading', { name: 'Connect a platform' }).waitFor()
    expect(await d.getByLabel('Platform', { exact: true }).inputValue()).toBe('tokendesk-hub')
    await d.getByLabel('Platform URL').fill(hub.url)
    await d.getByLabel('Name (optional)').fill('lab-hub')
    await d.getByLabel(/^Management token/).fill('tdh_not-a-real-token')
    await d.getByRole('button', { name: 'Connect', exact: true }).click()
    const err = d.locator('.form-error[role=alert]')
    await err.waitFor()
    const msg = (await err.textContent()) ?? ''
    expect(msg).toMatch(/could not connect "lab-hub"/)
    expect(msg).toMatch(/Nothing was stored/)
    expect(core().connections.list()).toEqual([])
    expect(serious((axeLog['connect-dialog'] = await axe(page, '[data-testid=connect-dialog]')))).toEqual([])

    await d.getByLabel(/^Management token/).fill(mgmt)
    await d.getByRole('button', { name: 'Connect', exact: true }).click()
    await d.waitFor({ state: 'detached' })
    await page.locator('.toast', { hasText: 'Connected lab-hub' }).waitFor()
    const tr = page.locator('tr[data-connection-id]', { hasText: 'lab-hub' })
    await tr.waitFor()
    const text = (await tr.textContent()) ?? ''
    expect(text).toContain(hub.url)
    expect(text).toContain('demo')
    expect(text).toContain('Not synced yet')
    expect(text).toMatch(/can generate, sync, check, revoke/)
    // The management token went to the keychain only: not in the DOM, not in the store.
    expect(await page.content()).not.toContain(mgmt)
    const snap = await storeSnapshot(page)
    expect(snap.json).not.toContain(mgmt)
    expect(snap.holds).toBe(false)
    expect(serious((axeLog['connections-view'] = await axe(page, '[data-testid=connections-view]')))).toEqual([])
    await screenshot(page, 'connections')
  })

  it('generates a token: secret shown once, works on the hub, then gone from DOM and store', async () => {
    await page.getByRole('tab', { name: 'Personal tokens' }).click()
    await page.getByTestId('empty-state').getByRole('button', { name: 'Generate token' }).click()
    const d = page.getByTestId('generate-dialog')
    await d.getByRole('heading', { name: 'Generate a personal token' }).waitFor()
    expect(await d.getByLabel('Connection').locator('option:checked').textContent()).toMatch(/lab-hub — tokendesk-hub \(demo\)/)
    expect(await d.getByRole('radio', { name: '30 days' }).isChecked()).toBe(true)
    const name = d.getByLabel('Name', { exact: true })
    await name.fill('Hub Notebook')
    await name.blur()
    await d.locator('.error[role=alert]').waitFor()
    expect(await d.locator('.error[role=alert]').textContent()).toMatch(/invalid name/)
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    await d.getByRole('button', { name: 'Generate token' }).click()
    expect(await d.isVisible()).toBe(true) // an invalid name never reaches the core
    await name.fill('hub-notebook')
    await d.getByLabel('Scopes').fill('tokens:read')
    await d.getByLabel('Scopes').blur()
    await d.getByText('Custom date', { exact: true }).click()
    await d.getByLabel('Valid through (UTC)').waitFor()
    await d.getByText('30 days', { exact: true }).click()
    expect(serious((axeLog['generate-dialog'] = await axe(page, '[data-testid=generate-dialog]')))).toEqual([])
    await screenshot(page, 'generate-dialog')
    await d.getByRole('button', { name: 'Generate token' }).click()

    const once = page.getByTestId('secret-once')
    await once.waitFor()
    expect(await once.getByRole('heading').textContent()).toBe('Token successfully generated')
    const secret = (await once.locator('code.secret').textContent()) ?? ''
    expect(secret.length).toBeGreaterThan(20)
    expect((await storeSnapshot(page)).holds).toBe(true)
    await screenshot(page, 'generated-secret-once')

    // The secret is a real hub token of the demo user.
    const me = await hubApi('GET', '/api/v1/me', secret)
    expect(me.status).toBe(200)
    expect((me.json as { user: { name: string }; token: { name: string; scopes: string[] } }).user.name).toBe('demo')
    expect((me.json as { token: { name: string; scopes: string[] } }).token).toMatchObject({ name: 'hub-notebook', scopes: ['tokens:read'] })

    await once.getByRole('button', { name: 'Done' }).click()
    await once.waitFor({ state: 'detached' })
    expect(await page.content()).not.toContain(secret)
    const snap = await storeSnapshot(page)
    expect(snap.holds).toBe(false)
    expect(snap.json).not.toContain(secret)
    await row(page, 'hub-notebook').waitFor()
    const t = h.server.opened.vault.list({ search: 'hub-notebook' }).items[0]!
    expect(t.platform).toBe('tokendesk-hub')
    expect(t.remoteId).toBeTruthy()
    expect(Math.round((t.expiresAt! - Date.now()) / DAY)).toBe(30)
    // With a connection, the toolbar offers Generate too.
    await page.locator('.list-toolbar').getByRole('button', { name: 'Generate token' }).waitFor()
  })

  it('checks a token with the platform: works, then rejected once it is revoked on the hub', async () => {
    await rowMenu(page, 'hub-notebook', 'Check with platform')
    const ok = page.locator('.toast', { hasText: 'The token works' })
    await ok.waitFor()
    await row(page, 'hub-notebook').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByTestId('last-check').getByText('✓ Works').waitFor()
    expect(await panel.textContent()).toContain('lab-hub')

    // Revoke it on the platform directly, as its web UI would.
    const remoteId = h.server.opened.vault.list({ search: 'hub-notebook' }).items[0]!.remoteId!
    const r = await hubApi('POST', `/api/v1/tokens/${remoteId}/revoke`, mgmt, {})
    expect(r.status).toBe(200)

    await panel.getByRole('button', { name: 'Check with platform' }).click()
    const rejected = page.locator('.toast-error', { hasText: 'The platform rejected the token' })
    await rejected.waitFor()
    expect((await rejected.locator('.toast-desc').textContent())?.length).toBeGreaterThan(0)
    await panel.getByTestId('last-check').getByText('✕ Rejected').waitFor()
    // Checking does not change the status by itself: sync does.
    expect(await panel.locator('.chip').getAttribute('data-status')).toBe('active')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
  })

  it('syncs: the token revoked on the hub turns orange, and a token only on the hub is counted', async () => {
    const made = await hubApi('POST', '/api/v1/tokens', mgmt, { name: 'made-on-hub', expires_in_days: 30 })
    expect(made.status).toBe(201)
    const unknownOnHub = (await hubTokens()).filter((t) => t.name !== 'hub-notebook').length

    await page.getByRole('tab', { name: 'Connections' }).click()
    await page.getByRole('button', { name: 'Sync lab-hub' }).click()
    const toast = page.locator('.toast', { hasText: 'Sync finished' })
    await toast.waitFor()
    const desc = (await toast.locator('.toast-desc').textContent()) ?? ''
    expect(desc).toContain('lab-hub: 1 token updated (hub-notebook: revoked on the platform)')
    expect(desc).toContain(`${unknownOnHub} ${unknownOnHub === 1 ? 'token' : 'tokens'} on the platform not in TokenDesk`)
    await page.locator('tr[data-connection-id]', { hasText: 'lab-hub' }).getByText('Synced').waitFor()

    await page.getByRole('tab', { name: 'Personal tokens' }).click()
    const r = row(page, 'hub-notebook')
    await r.locator('.chip[data-status=revoked]').waitFor()
    expect(await r.locator('.chip').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(255, 227, 204)')
    await screenshot(page, 'sync-revoked')
  })

  it('deletes the revoked token with a confirmation: gone here and on the hub', async () => {
    const remoteId = h.server.opened.vault.list({ search: 'hub-notebook' }).items[0]!.remoteId!
    expect((await hubTokens()).map((t) => t.id)).toContain(remoteId)
    await rowMenu(page, 'hub-notebook', 'Delete permanently…')
    const confirm = page.getByTestId('confirm')
    await confirm.getByRole('heading', { name: 'Delete hub-notebook permanently?' }).waitFor()
    expect(await confirm.textContent()).toContain('It is deleted on TokenDesk reference hub first.')
    await confirm.getByRole('button', { name: 'Delete permanently' }).click()
    await page.locator('.toast', { hasText: 'Token deleted' }).waitFor()
    await row(page, 'hub-notebook').waitFor({ state: 'detached' })
    expect(h.server.opened.vault.list({ search: 'hub-notebook' }).total).toBe(0)
    expect((await hubTokens()).map((t) => t.id)).not.toContain(remoteId)
  })

  it('writes a token into an SDK config file after a masked preview; the secret never reaches the page', async () => {
    const secret = `pqk-${Math.random().toString(36).slice(2)}-SDKSECRET`
    await h.server.opened.vault.add({ kind: 'personal', platform: 'planqk', name: 'planqk-cli', expires: '90d' }, secret)
    const home = path.join(h.server.dataDir, 'home')
    const file = path.join(home, '.config/planqk/config.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '{\n  "context": {"id": "keep-me"}\n}\n', { mode: 0o644 })
    await reload(page)
    // Record every state of the page's markup while the dialog is used.
    await page.evaluate(() => {
      const w = window as unknown as { __seen: string[] }
      w.__seen = []
      new MutationObserver(() => w.__seen.push(document.body.innerHTML)).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
    })

    await rowMenu(page, 'planqk-cli', 'Write to SDK config…')
    const d = page.getByTestId('sdk-config-dialog')
    await d.getByRole('heading', { name: 'Write planqk-cli to an SDK config' }).waitFor()
    const formats = await d.getByRole('radio').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
    expect(formats).toEqual(['planqk-json', 'dotenv'])
    expect(await d.getByRole('radio', { name: /planqk-json/ }).isChecked()).toBe(true)
    const write = d.getByRole('button', { name: 'Write', exact: true })

    // dotenv needs a path: no preview, no Write, until one is given.
    await d.getByRole('radio', { name: /dotenv/ }).check()
    await d.getByText('Give a path to see the change.').waitFor()
    expect(await write.isDisabled()).toBe(true)
    await d.getByLabel('Variable name (optional)').waitFor()
    await d.getByRole('radio', { name: /planqk-json/ }).check()

    const diff = d.locator('pre.diff')
    await diff.waitFor()
    await d.getByText('(will be changed)').waitFor()
    await page.waitForFunction(() => !(document.querySelector('[data-testid=sdk-config-dialog] .btn-primary') as HTMLButtonElement | null)?.disabled)
    const diffText = (await diff.textContent()) ?? ''
    expect(diffText).toContain('••••')
    expect(diffText).toContain('API_KEY')
    expect(diffText).not.toContain(secret)
    expect(await d.textContent()).toContain(file)
    expect(serious((axeLog['sdk-config-dialog'] = await axe(page, '[data-testid=sdk-config-dialog]')))).toEqual([])
    await screenshot(page, 'sdk-config-preview')

    await write.click()
    const toast = page.locator('.toast', { hasText: `Written to ${file}` })
    await toast.waitFor()
    const desc = (await toast.locator('.toast-desc').textContent()) ?? ''
    expect(desc).toMatch(/The previous file was kept as .+/)
    const backup = /kept as (.+)\.$/.exec(desc)![1]!
    expect(fs.existsSync(backup)).toBe(true)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { auth: { type: string; value: string }; context: { id: string } }
    expect(written.auth).toEqual({ type: 'API_KEY', value: secret })
    expect(written.context).toEqual({ id: 'keep-me' })

    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen)
    expect(seen.length).toBeGreaterThan(5)
    expect(seen.filter((html) => html.includes(secret))).toEqual([])
    expect(await page.content()).not.toContain(secret)
    const snap = await storeSnapshot(page)
    expect(snap.json).not.toContain(secret)
    expect(snap.holds).toBe(false)
    // The write recorded a use.
    await row(page, 'planqk-cli').getByText('Last used', { exact: true }).waitFor()
  })

  it('a .env gets a reference by default (no secret in the file); the copies list marks it', async () => {
    const v = h.server.opened.vault
    const secret = 'sec-ref-main-0123456789-Zq9'
    await v.add({ kind: 'personal', platform: 'planqk', name: 'ref-main' }, secret)
    const file = path.join(h.server.dataDir, 'home', 'ref-project', '.env')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '# project\nDEBUG=1\n')
    await reload(page)
    await rowMenu(page, 'ref-main', 'Write to SDK config…')
    const d = page.getByTestId('sdk-config-dialog')
    await d.getByRole('radio', { name: /dotenv/ }).check()
    const ref = d.getByTestId('sdk-reference').getByRole('checkbox')
    expect(await ref.isChecked()).toBe(true)
    await d.getByLabel('Path', { exact: true }).fill(file)
    await d.getByLabel('Variable name (optional)').fill('PLANQK_TOKEN')
    await d.getByText('(will be changed)').waitFor()
    await page.waitForFunction(() => !(document.querySelector('[data-testid=sdk-config-dialog] .btn-primary') as HTMLButtonElement | null)?.disabled)
    expect(await d.textContent()).toContain('TokenDesk writes a reference into the file, not the secret')
    expect(serious(await axe(page, '[data-testid=sdk-config-dialog]'))).toEqual([])
    await screenshot(page, 'sdk-config-reference')
    await d.getByRole('button', { name: 'Write', exact: true }).click()
    await page.locator('.toast', { hasText: `Written to ${file}` }).waitFor()
    expect(fs.readFileSync(file, 'utf8')).toBe("# project\nDEBUG=1\nPLANQK_TOKEN='tokendesk://ref-main'\n")
    await row(page, 'ref-main').click()
    const copy = page.locator('.copy-state', { hasText: 'Reference' })
    await copy.waitFor()
    await screenshot(page, 'detail-copy-reference')
    expect(await page.content()).not.toContain(secret)
  })

  it("will not replace a credential TokenDesk did not write until 'Replace it' is ticked; the preview names what is there", async () => {
    const v = h.server.opened.vault
    const t = await v.add({ kind: 'personal', platform: 'qualytics', name: 'qual-main', expires: '60d', fields: { url: 'https://acme.qualytics.io/' } }, 'sec-qual-main-Zq9')
    const file = path.join(h.server.dataDir, 'home', '.qualytics', 'config.yaml')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const theirs = 'url: https://other.qualytics.io/\ntoken: their-token-Zq9\n'
    fs.writeFileSync(file, theirs)
    await reload(page)
    await rowMenu(page, 'qual-main', 'Write to SDK config…')
    const d = page.getByTestId('sdk-config-dialog')
    const foreign = d.getByTestId('sdk-foreign')
    await foreign.waitFor()
    expect(await d.getByTestId('sdk-change').textContent()).toMatch(/the secret is different \(masked\); it holds url https:\/\/other\.qualytics\.io\/ now/)
    const write = d.getByRole('button', { name: 'Write', exact: true })
    expect(await write.isDisabled()).toBe(true)
    expect(await d.textContent()).not.toContain('their-token-Zq9')
    expect(serious(await axe(page, '[data-testid=sdk-config-dialog]'))).toEqual([])
    await screenshot(page, 'sdk-config-foreign-entry')
    await foreign.getByLabel('Replace it').check()
    await page.waitForFunction(() => !(document.querySelector('[data-testid=sdk-config-dialog] .btn-primary') as HTMLButtonElement | null)?.disabled)
    await write.click()
    await page.locator('.toast', { hasText: `Written to ${file}` }).waitFor()
    expect(fs.readFileSync(file, 'utf8')).toContain('sec-qual-main-Zq9')
    expect((await h.server.opened.placements.list(t.id)).placements.map((p) => p.state)).toEqual(['current'])

    // The detail panel lists the copy; after a rotate it holds the old secret and Update rewrites it.
    await v.rotate(t.id, 'sec-qual-main-rotated-Zq9')
    await reload(page)
    await row(page, 'qual-main').click()
    const panel = page.getByTestId('detail-panel')
    const copies = panel.getByTestId('copies')
    await copies.waitFor()
    expect(await copies.textContent()).toContain(file)
    expect(await copies.locator('.copy-stale').textContent()).toBe('Old secret')
    await copies.scrollIntoViewIfNeeded()
    await screenshot(page, 'detail-copies-stale')
    await copies.getByRole('button', { name: 'Update 1 copy with the current secret' }).click()
    await page.locator('.toast', { hasText: 'Updated 1 copy' }).waitFor()
    await copies.locator('.copy-current').waitFor()
    expect(fs.readFileSync(file, 'utf8')).toContain('sec-qual-main-rotated-Zq9')
    expect(await page.content()).not.toContain('sec-qual-main-rotated-Zq9')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    v.revoke(t.id)
    await v.delete(t.id)
  })

  it('asks before copying or revealing an expired token, and says why', async () => {
    const v = h.server.opened.vault
    const t = await v.add({ kind: 'personal', platform: 'planqk', name: 'old-pat', expires: '30d' }, 'sec-old-pat-Zq9')
    // Expired two days ago (the vault refuses a past date, so the row is moved as a test would).
    h.server.opened.db.prepare('UPDATE tokens SET expires_at = ? WHERE id = ?').run(Date.now() - 2 * 24 * 3600 * 1000, t.id)
    await reload(page)
    const writes = h.server.clipboardWrites.length
    await rowMenu(page, 'old-pat', 'Copy secret')
    const confirm = page.getByTestId('confirm')
    await confirm.getByRole('heading', { name: 'old-pat has expired' }).waitFor()
    expect(await confirm.textContent()).toMatch(/PLANQK will most likely refuse it\. Copy its secret anyway\?/)
    await confirm.evaluate((el) => Promise.all(el.getAnimations({ subtree: true }).map((a) => a.finished)))
    await screenshot(page, 'confirm-copy-expired')
    await confirm.getByRole('button', { name: 'Cancel' }).click()
    await confirm.waitFor({ state: 'detached' })
    expect(h.server.clipboardWrites.length).toBe(writes) // nothing copied
    await rowMenu(page, 'old-pat', 'Copy secret')
    await confirm.getByRole('button', { name: 'Copy anyway' }).click()
    await expect.poll(() => h.server.clipboardWrites.length).toBe(writes + 1)
    expect(h.server.clipboardWrites.at(-1)?.text).toBe('sec-old-pat-Zq9')
    await rowMenu(page, 'old-pat', 'Reveal secret')
    await confirm.getByRole('button', { name: 'Reveal anyway' }).click()
    await page.getByTestId('detail-panel').getByLabel('Revealed secret').waitFor()
    await page.keyboard.press('Escape')
    v.revoke(t.id)
    await v.delete(t.id)
  })

  it('marks tokens deleted on the platform or missing their secret, with an explanation', async () => {
    const v = h.server.opened.vault
    const gone = await v.add({ kind: 'personal', platform: 'qualytics', name: 'gone-token', expires: '60d' }, 'sec-gone')
    const lost = await v.add({ kind: 'personal', platform: 'qualytics', name: 'lost-secret', expires: '60d' }, 'sec-lost')
    h.server.opened.db.prepare('UPDATE tokens SET problem = ? WHERE id = ?').run('deleted_on_platform', gone.id)
    h.server.opened.db.prepare('UPDATE tokens SET problem = ? WHERE id = ?').run('secret_missing', lost.id)
    await reload(page)
    const m1 = row(page, 'gone-token').locator('.problem-marker[data-problem=deleted_on_platform]')
    await m1.waitFor()
    expect(await m1.textContent()).toContain('Deleted on the platform')
    expect(await m1.getAttribute('title')).toMatch(/no longer found this token on its platform/)
    const m2 = row(page, 'lost-secret').locator('.problem-marker[data-problem=secret_missing]')
    expect(await m2.textContent()).toContain('Secret missing')
    await row(page, 'lost-secret').click()
    const panel = page.getByTestId('detail-panel')
    await panel.locator('.problem-marker.long').waitFor()
    expect(await panel.locator('.problem-marker.long').textContent()).toMatch(/Secret missing.*no longer in your OS keychain/)
    await screenshot(page, 'problem-markers')
    await page.keyboard.press('Escape')
    await panel.waitFor({ state: 'detached' })
    for (const t of [gone, lost]) {
      v.revoke(t.id)
      await v.delete(t.id)
    }
    await reload(page)
  })

  it('lists the 7-day reminder of a token expiring in 3 days; Snooze 1 day hides it', async () => {
    await page.getByRole('button', { name: 'Add existing token' }).click()
    const d = page.getByRole('dialog', { name: /Add a token you already have/ })
    await d.getByLabel('Platform', { exact: true }).selectOption('kipu-hub')
    await d.getByLabel('Name', { exact: true }).fill('three-day-token')
    await d.getByText('Custom date', { exact: true }).click()
    await d.getByLabel('Valid through (UTC)').fill(isoDate(Date.now() + 3 * DAY))
    await d.locator('input[type=password]').fill('sec-three-day')
    await d.getByRole('button', { name: 'Add token' }).click()
    await page.getByTestId('secret-once').getByRole('button', { name: 'Done' }).click()
    await page.getByTestId('secret-once').waitFor({ state: 'detached' })

    const tokenId = h.server.opened.vault.list({ search: 'three-day-token' }).items[0]!.id
    const due = core().reminders.dueHead(Infinity).items.filter((r) => r.tokenId === tokenId)
    expect(due.map((r) => r.leadMs)).toEqual([7 * DAY])

    const reminders = page.getByTestId('attention')
    const li = reminders.locator(`li[data-token-id="${tokenId}"]`)
    await li.waitFor()
    expect(await li.getAttribute('data-reminder-key')).toBe(`${tokenId}:${7 * DAY}`)
    // The reminder sits on the token's own row of the one attention area, not in a second list.
    expect(await li.textContent()).toMatch(/expires in 3 days/)
    expect(await page.locator(`[data-testid=attention] li[data-token-id="${tokenId}"]`).count()).toBe(1)
    expect(serious((axeLog['reminders'] = await axe(page, '[data-testid=attention]')))).toEqual([])
    await screenshot(page, 'reminders-snooze')

    const before = Date.now()
    await li.getByRole('button', { name: 'Snooze 1 day: three-day-token' }).click()
    // Snoozed: the reminder's buttons go; the row stays, since the token still expires in 3 days.
    await li.getByRole('group', { name: 'Snooze the reminder for three-day-token' }).waitFor({ state: 'detached' })
    expect(await li.getAttribute('data-reminder-key')).toBeNull()
    expect(core().reminders.dueHead(Infinity).items.filter((r) => r.tokenId === tokenId)).toEqual([])
    const until = core().reminders.ledger().snoozedUntil.get(`${tokenId}:${7 * DAY}`)!
    expect(until).toBeGreaterThanOrEqual(before + DAY - 1000)
    expect(until).toBeLessThanOrEqual(Date.now() + DAY)
    expect(h.server.emitted.some((e) => e.event === 'remindersChanged')).toBe(true)
  })

  it('disconnects with a confirmation; the tokens stay', async () => {
    await page.getByRole('tab', { name: 'Connections' }).click()
    await page.getByRole('button', { name: 'Disconnect lab-hub' }).click()
    const confirm = page.getByTestId('confirm')
    await confirm.getByRole('heading', { name: 'Disconnect lab-hub?' }).waitFor()
    await page.waitForFunction(() => document.activeElement?.textContent === 'Cancel')
    expect(await confirm.textContent()).toContain('Nothing is changed on the platform.')
    await confirm.getByRole('button', { name: 'Disconnect' }).click()
    await page.locator('.toast', { hasText: 'Disconnected' }).waitFor()
    await page.getByText('No platforms connected yet').waitFor()
    expect(core().connections.list()).toEqual([])
    await page.getByRole('tab', { name: 'Personal tokens' }).click()
    await page.locator('.generate-hint').waitFor()
  })

  it('saw no CSP violation and no page error', () => {
    expect(h.consoleErrors.filter((e) => /Content Security Policy|pageerror/.test(e))).toEqual([])
  })
})
