import fs from 'node:fs'
import path from 'node:path'
import { _electron as electron, type ElectronApplication } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The real app, started by Electron itself (issue #25): `npm run test:electron` after `npm run
// build`, on a machine where Electron's binary exists — the workflow .github/workflows/electron.yml
// on ubuntu (xvfb, a private gnome-keyring as scripts/with-keyring.sh starts), macOS and Windows.
// It never runs in `npm test`: Electron's binary cannot be downloaded on the development and CI
// machines this repository is built on. Small and exact: the first place the real app runs.
const ROOT = path.resolve(__dirname, '..', '..')

function electronBinary(): string {
  // The electron package exports the binary's path; it throws when the download never happened.
  try {
    const bin = require('electron') as unknown as string
    if (typeof bin === 'string' && fs.existsSync(bin)) return bin
  } catch {
    // fall through
  }
  throw new Error("Electron's binary is not installed here (npm install never downloads it): run `node scripts/ensure-electron.mjs` first, on a machine that can download it")
}

let app: ElectronApplication
let tmp: ReturnType<typeof tempDir>

beforeAll(async () => {
  tmp = tempDir()
  if (!fs.existsSync(path.join(ROOT, 'out', 'main', 'index.js'))) throw new Error('build the app first: npm run build')
  app = await electron.launch({
    executablePath: electronBinary(),
    args: [path.join(ROOT, 'out', 'main', 'index.js')],
    env: { ...process.env, TOKENDESK_HOME: path.join(tmp.dir, 'data'), TOKENDESK_KEYCHAIN_SERVICE: testKeychainService('electron-smoke') },
    timeout: 60_000,
  })
}, 90_000)
afterAll(async () => {
  await app?.close().catch(() => undefined)
  tmp?.cleanup()
})

type Bridge = {
  tokens: {
    add(r: { token: Record<string, unknown>; secret: string }): Promise<{ id: string; name: string }>
    list(q: Record<string, unknown>): Promise<{ total: number }>
    copy(r: { id: string }): Promise<{ clearsAfterSeconds: number }>
  }
  settings: { update(p: Record<string, unknown>): Promise<unknown> }
}

describe('the app, started by Electron', () => {
  it('opens its window with the preload bridge, lists, adds and copies through the real IPC, clears the clipboard, and quits in time', async () => {
    const win = await app.firstWindow()
    await win.waitForLoadState('domcontentloaded')
    expect(await win.evaluate(() => typeof (globalThis as unknown as { tokendesk?: unknown }).tokendesk)).toBe('object')
    // No Node in the page: the sandbox and context isolation hold.
    expect(await win.evaluate(() => typeof (globalThis as unknown as { require?: unknown }).require)).toBe('undefined')
    await win.getByRole('grid').first().waitFor({ timeout: 30_000 })

    const secret = `electron-smoke-${Math.random().toString(36).slice(2, 10)}-Zq9`
    const added = await win.evaluate(
      (s) => (globalThis as unknown as { tokendesk: Bridge }).tokendesk.tokens.add({ token: { kind: 'personal', platform: 'planqk', name: 'smoke', expires: '30d' }, secret: s }),
      secret,
    )
    expect(added.name).toBe('smoke')
    await win.getByText('smoke', { exact: true }).first().waitFor()
    expect(await win.content()).not.toContain(secret)

    await win.evaluate(() => (globalThis as unknown as { tokendesk: Bridge }).tokendesk.settings.update({ clipboardClearSeconds: 5 }))
    const copied = await win.evaluate((id) => (globalThis as unknown as { tokendesk: Bridge }).tokendesk.tokens.copy({ id }), added.id)
    expect(copied.clearsAfterSeconds).toBe(5)
    expect(await app.evaluate(({ clipboard }) => clipboard.readText())).toBe(secret)
    if (process.platform === 'linux') {
      // The concealed hint beside the text, so clipboard managers do not keep it (shell/clipboard-entry.ts).
      expect(await app.evaluate(({ clipboard }) => (clipboard as unknown as { availableFormats(): string[] }).availableFormats())).toContain('x-kde-passwordManagerHint')
    }
    await new Promise((r) => setTimeout(r, 6_500))
    expect(await app.evaluate(({ clipboard }) => clipboard.readText())).not.toBe(secret)

    const started = Date.now()
    await app.close()
    expect(Date.now() - started).toBeLessThan(10_000)
  }, 120_000)
})
