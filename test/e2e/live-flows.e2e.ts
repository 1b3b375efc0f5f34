/**
 * The open app sees what a `tokendesk` run in a terminal does to the same vault, within about a
 * second and without re-reading the list on a timer (PRAGMA data_version, api/outside-changes.ts);
 * and each change refreshes the window once.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/live-flows.e2e.ts
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestCli, cliEnv, runCli } from '../cli/harness'
import { openApp, screenshot, start, stop, type Harness } from './harness'

let h: Harness
let page: Page
let cli: Awaited<ReturnType<typeof buildTestCli>>
const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env: cliEnv(h.server.dataDir, h.server.keychainService), input, timeoutMs: 30_000 })
const row = (p: Page, name: string) => p.locator('[role=row][data-token-id]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) })

beforeAll(async () => {
  cli = await buildTestCli('live-flows')
  h = await start({ viewport: { width: 1280, height: 820 } })
  page = h.page
  await openApp(page, h)
  await page.locator('.app[data-ready=true]').waitFor()
}, 60_000)
afterAll(async () => {
  await stop(h)
  cli?.cleanup()
})

describe('the app sees the CLI', () => {
  it('a token added, revoked and deleted in a terminal shows in the open window', async () => {
    await page.getByTestId('empty-state').waitFor()
    expect((await td(['add', '--platform', 'planqk', '--name', 'from-terminal', '--expires', '90d'], 'pat-from-the-terminal-0123456789\n')).code).toBe(0)
    await row(page, 'from-terminal').waitFor({ timeout: 5_000 })
    await screenshot(page, 'live-cli-add')
    expect((await td(['revoke', 'from-terminal'])).code).toBe(0)
    await row(page, 'from-terminal').locator('.chip[data-status=revoked]').waitFor({ timeout: 5_000 })
    expect((await td(['delete', 'from-terminal', '--yes'])).code).toBe(0)
    await row(page, 'from-terminal').waitFor({ state: 'detached', timeout: 5_000 })
  })

  it('the window’s own revoke refreshes the list once, not once for the action and again for its event', async () => {
    // Added through the bridge, as the window's own Add does: its change event refreshes the list.
    expect(await h.server.dispatch('tokens.add', { token: { kind: 'personal', platform: 'planqk', name: 'in-app', expires: '30d' }, secret: 'pat-in-the-app-0123456789' })).toMatchObject({ ok: true })
    await row(page, 'in-app').waitFor({ timeout: 5_000 })
    await page.waitForTimeout(300) // the add's own refresh settles
    const before = h.server.calls.length
    await row(page, 'in-app').getByRole('button', { name: 'Actions for in-app' }).click()
    await page.getByRole('menuitem', { name: 'Revoke…' }).click()
    await page.getByTestId('confirm').getByRole('button', { name: 'Revoke' }).click()
    await row(page, 'in-app').locator('.chip[data-status=revoked]').waitFor()
    await page.waitForTimeout(500)
    const after = h.server.calls.slice(before)
    expect(after.filter((c) => c === 'tokens.revoke')).toHaveLength(1)
    expect(after.filter((c) => c === 'tokens.list')).toHaveLength(1)
  })
})
