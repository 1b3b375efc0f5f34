/**
 * Browser end-to-end harness: the e2e renderer build in real Chromium, talking to the REAL core
 * through the loopback server (test/e2e/loopback-server.ts).
 *
 * Prerequisites: `npm run build:e2e` (→ out/renderer-e2e), Debian `chromium` at /usr/bin/chromium
 * (or CHROMIUM_PATH), and the private keychain: run with
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts
 *
 * API (one harness per test file):
 *   const h = await start()            // loopback server on 127.0.0.1 + headless Chromium
 *   const page = await h.newPage()     // a fresh tab (h.page is a first one)
 *   await openApp(page, h)             // loads index.html?key=…#key=…, waits for window.tokendesk
 *   await screenshot(page, 'name')     // → test-results/screenshots/name.png (returns the path)
 *   h.server.clipboardWrites           // every secret the app "copied" (fake clipboard), in order
 *   h.server.clipboardText()           // what the fake clipboard holds now
 *   await h.server.fireClipboardTimer()    // run the pending clear-after-N-seconds timer now
 *   h.server.emitted                   // every event pushed to the renderer
 *   h.server.opened.vault              // the real vault, to arrange state directly
 *   h.consoleErrors                    // console errors + CSP violations + page errors seen so far
 *   await stop(h)                      // closes the browser, the server, removes keychain entries
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { requireSecretService } from '../helpers/secret-service'
import { startLoopbackServer, type LoopbackServer } from './loopback-server'

export const ROOT = path.resolve(__dirname, '../..')
export const E2E_BUILD = path.join(ROOT, 'out/renderer-e2e')
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results/screenshots')
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export interface Harness {
  server: LoopbackServer
  context: BrowserContext
  page: Page
  newPage: () => Promise<Page>
  consoleErrors: string[]
  userDataDir: string
}

export async function start(opts: { viewport?: { width: number; height: number }; env?: Record<string, string> } = {}): Promise<Harness> {
  requireSecretService()
  if (!fs.existsSync(path.join(E2E_BUILD, 'index.html'))) {
    throw new Error(`${E2E_BUILD}/index.html is missing: run \`npm run build:e2e\` first`)
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)
  const server = await startLoopbackServer({ staticDir: E2E_BUILD, ...(opts.env ? { env: opts.env } : {}) })
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: opts.viewport ?? { width: 1200, height: 800 },
    locale: 'en-US',
    timezoneId: 'UTC',
  })
  const consoleErrors: string[] = []
  const watch = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`))
    page.on('response', (r) => {
      if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`)
    })
  }
  // A CSP violation (eval, inline script, a remote origin) is an error of the page too.
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`)),
  )
  context.on('page', watch)
  const page = context.pages()[0] ?? (await context.newPage())
  watch(page)
  return {
    server,
    context,
    page,
    newPage: () => context.newPage(),
    consoleErrors,
    userDataDir,
  }
}

/** Opens the app in `page` and waits until window.tokendesk and its event stream are ready. */
export async function openApp(page: Page, h: Harness): Promise<void> {
  await page.goto(h.server.appUrl, { waitUntil: 'load' })
  // Page functions run in the browser; globalThis is `window` there (this file typechecks without DOM).
  await page.waitForFunction(() => 'tokendesk' in globalThis && '__tokendeskLoopback' in globalThis)
  await page.evaluate(() => (globalThis as unknown as { __tokendeskLoopback: { ready(): Promise<void> } }).__tokendeskLoopback.ready())
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`)
  // A secret must never reach a screenshot, test secrets included: every element that shows one
  // (class "secret": the secret-once dialog, a revealed secret) is painted over.
  await page.screenshot({ path: file, fullPage: true, mask: [page.locator('.secret')], maskColor: '#5b6472' })
  return file
}

export async function stop(h: Harness | undefined): Promise<void> {
  if (!h) return
  await h.context.close().catch(() => {})
  await h.server.close()
  fs.rmSync(h.userDataDir, { recursive: true, force: true })
}
