/**
 * The states a user meets before anything works, in real Chromium against the real core: the list
 * while its first page loads, and a locked keychain — each says what is going on and what to do,
 * the token list (metadata in SQLite) stays usable, nothing is lost, and once the keychain is
 * unlocked the same click works. Its own Secret Service (test/helpers/private-keyring.ts), since
 * this file locks it. (No keychain at all: test/integration/keychain-failures.test.ts.)
 * Screenshots: state-loading, state-keychain-locked.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/states-flows.e2e.ts
 */
import type { Page, Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FAILED_RECHECK_MS } from '../../src-main/core/secrets/keyring-store'
import { usePrivateKeyring, type PrivateKeyring } from '../helpers/private-keyring'
import { row } from './app-helpers'
import { openApp, screenshot, start, stop, type Harness } from './harness'
import { axe, serious } from './page-checks'

let session: PrivateKeyring
let h: Harness
let page: Page
const SECRET = 'states-secret-0123456789-Zq9'

beforeAll(async () => {
  session = usePrivateKeyring()
  h = await start({ viewport: { width: 1280, height: 720 } })
  page = h.page
  await h.server.opened.vault.add({ kind: 'personal', platform: 'kipu-hub', name: 'kipu-main', expires: '90d' }, SECRET)
}, 60_000)
afterAll(async () => {
  await stop(h)
  session.stop()
})

async function copyFromPanel(): Promise<void> {
  await row(page, 'kipu-main').click()
  const panel = page.getByTestId('detail-panel')
  await panel.getByRole('button', { name: 'Copy secret' }).click()
}

async function dismissToasts(): Promise<void> {
  for (const close of await page.locator('.toast button[aria-label="Dismiss"]').all()) await close.click().catch(() => undefined)
}

describe('loading and keychain states', () => {
  it('while the first page loads: placeholder rows, marked busy, then the tokens', async () => {
    let release: () => void = () => undefined
    const held = new Promise<void>((r) => (release = r))
    const hold = async (route: Route) => {
      await held
      // The page may have moved on (the reload below) and dropped the request: nothing to continue.
      await route.continue().catch(() => undefined)
    }
    await page.route('**/__bridge/call?c=tokens.list*', hold)
    await page.goto(h.server.appUrl, { waitUntil: 'load' })
    await page.locator('.row-loading').first().waitFor()
    expect(await page.locator('[role=grid][aria-busy=true]').count()).toBe(1)
    expect(await page.locator('.row-loading').first().textContent()).toContain('Loading…')
    await screenshot(page, 'state-loading')
    release()
    await page.unroute('**/__bridge/call?c=tokens.list*', hold)
    await openApp(page, h)
    await row(page, 'kipu-main').waitFor()
    expect(await page.locator('[role=grid][aria-busy=true]').count()).toBe(0)
  })

  it('a locked keychain: Copy says it is locked and to unlock it; after unlocking the same click works', async () => {
    session.lock()
    await copyFromPanel()
    const toast = page.locator('.toast', { hasText: 'Could not copy the secret' })
    await toast.waitFor()
    expect(await toast.textContent()).toMatch(/the OS keychain \(Secret Service\) is not available: it is locked.*Nothing was changed; unlock or start it and try again/)
    // The list and the token's details come from the database and stay usable.
    expect(await page.getByTestId('detail-panel').getByText('Personal access token for Kipu Quantum Hub').count()).toBe(1)
    expect(serious(await axe(page, '.toast'))).toEqual([])
    await screenshot(page, 'state-keychain-locked')
    await dismissToasts()

    session.restartUnlocked()
    await new Promise((r) => setTimeout(r, FAILED_RECHECK_MS + 200))
    await page.getByTestId('detail-panel').getByRole('button', { name: 'Copy secret' }).click()
    await page.locator('.toast', { hasText: 'Copied to the clipboard' }).waitFor()
    expect(h.server.clipboardText()).toBe(SECRET)
    await page.keyboard.press('Escape')
    await dismissToasts()
  }, 30_000)
})
