import type { Page } from 'playwright-core'
import type { createCore } from '../../src-main/core/core'
import { openApp, start, stop, type Harness } from './harness'

/** The loopback server runs the whole core (createCore); its type names only the vault part. */
export const coreOf = (h: Harness) => h.server.opened as unknown as ReturnType<typeof createCore>

/** A started harness with the app open and ready, at the window size the flows are shot in. */
export async function startReady(env?: Record<string, string>): Promise<Harness> {
  const h = await start({ viewport: { width: 1280, height: 820 }, ...(env ? { env } : {}) })
  await openApp(h.page, h)
  await h.page.locator('.app[data-ready=true]').waitFor()
  return h
}

/** Disconnects every connection (their management credentials are in the test keychain), then stops. */
export async function stopDisconnected(h: Harness | undefined): Promise<void> {
  if (h) for (const c of coreOf(h).connections.list()) await coreOf(h).connections.disconnect(c.id).catch(() => undefined)
  await stop(h)
}

/** The list row of the token named `name`. */
export const row = (p: Page, name: string) => p.locator('[role=row][data-token-id]').filter({ has: p.locator('.name', { hasText: new RegExp(`^${name}$`) }) })

/** Opens the row's ⋮ menu and picks `item`. */
export async function rowMenu(p: Page, name: string, item: string): Promise<void> {
  await row(p, name).getByRole('button', { name: `Actions for ${name}` }).click()
  await p.getByRole('menuitem', { name: item }).click()
}

/** Reloads the page (a new window start) and waits until the app is ready again. */
export async function reloadReady(h: Harness): Promise<void> {
  await h.page.reload()
  await openApp(h.page, h)
  await h.page.locator('.app[data-ready=true]').waitFor()
}
