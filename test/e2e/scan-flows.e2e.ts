import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, stop, type Harness } from './harness'
import { coreOf, reloadReady, row, startReady } from './app-helpers'
import { axe, serious } from './page-checks'

// Find copies in the app (issue #24): "Find copies…" next to Import scans a folder in main's
// worker thread with progress, groups the findings by token with what can be done (rotate, turn
// a .env line into a reference, details), and records them: the detail panel lists them under
// "Found by scan" and has its own "Find copies…". Cancel ends a long scan and records nothing.
// The secrets never reach the page: the DOM and the store are checked for them.
let h: Harness
let page: Page
let dir: string
const LAB = `lab-${Math.random().toString(36).slice(2, 10)}-0123456789Zq`
const HUB = `hub-${Math.random().toString(36).slice(2, 10)}-9876543210Zq`

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-scan-e2e-'))
  h = await startReady()
  page = h.page
  await coreOf(h).vault.add({ kind: 'personal', platform: 'planqk', name: 'lab' }, LAB)
  await coreOf(h).vault.add({ kind: 'personal', platform: 'kipu-hub', name: 'hub' }, HUB)
  const proj = path.join(dir, 'proj')
  fs.mkdirSync(path.join(proj, 'notebooks'), { recursive: true })
  fs.writeFileSync(path.join(proj, 'job.py'), `import os\nTOKEN = "${LAB}"\n`)
  fs.writeFileSync(path.join(proj, '.env'), `PLANQK_TOKEN=${LAB}\nOTHER=keep\n`)
  fs.writeFileSync(path.join(proj, 'notebooks', 'run.ipynb'), JSON.stringify({ cells: [{ cell_type: 'code', source: ['print(t)'], outputs: [{ output_type: 'stream', text: [`${HUB}\n`] }] }] }, null, 1))
  await reloadReady(h)
}, 60_000)
afterAll(async () => {
  await stop(h)
  fs.rmSync(dir, { recursive: true, force: true })
})

const pageHolds = async (secret: string) => (await page.content()).includes(secret)

describe('Find copies', () => {
  it('scans a folder: the copies grouped by token, with what can be done; a .env line becomes a reference; never a secret in the page', async () => {
    await page.getByRole('button', { name: 'Find copies…' }).click()
    const d = page.getByTestId('scan-dialog')
    await d.getByRole('heading', { name: 'Find copies of your tokens' }).waitFor()
    await d.getByLabel('Folder or file (empty: the usual places)').fill(path.join(dir, 'proj'))
    await d.getByRole('button', { name: 'Scan', exact: true }).click()
    const results = d.getByTestId('scan-results')
    await results.getByText(/3 plaintext copies of 2 tokens in 3 files/).waitFor()
    const lab = results.getByRole('region', { name: 'Copies of lab' })
    expect(await lab.locator('li').allTextContents()).toEqual([
      `${path.join(dir, 'proj', '.env')}:1 · PLANQK_TOKEN · ••••89Zq`,
      `${path.join(dir, 'proj', 'job.py')}:2 · TOKEN · ••••89Zq`,
    ])
    const hub = results.getByRole('region', { name: 'Copies of hub' })
    expect(await hub.locator('li').allTextContents()).toEqual([`${path.join(dir, 'proj', 'notebooks', 'run.ipynb')}:12, cell 0 · ••••10Zq`])
    await hub.getByRole('button', { name: 'Rotate hub…' }).waitFor()
    expect(await hub.getByRole('button', { name: 'Turn .env lines into references' }).count()).toBe(0)
    expect(await pageHolds(LAB)).toBe(false)
    expect(await pageHolds(HUB)).toBe(false)
    expect(serious(await axe(page, '[data-testid=scan-dialog]'))).toEqual([])
    await screenshot(page, 'scan-results')

    await lab.getByRole('button', { name: 'Turn .env lines into references' }).click()
    await page.locator('.toast', { hasText: '1 line holds a reference now' }).waitFor()
    expect(fs.readFileSync(path.join(dir, 'proj', '.env'), 'utf8')).toBe("PLANQK_TOKEN='tokendesk://lab'\nOTHER=keep\n")

    // Details: the copies scan found, under their own heading.
    await lab.getByRole('button', { name: 'Details' }).click()
    const panel = page.getByTestId('detail-panel')
    const found = panel.getByTestId('found-copies')
    await found.getByText(`${path.join(dir, 'proj', 'job.py')}:2`).waitFor()
    expect(await found.locator('li .copy-state').allTextContents()).toEqual(['Plaintext', 'Gone'])
    await found.getByText(/update these by hand \(or rotate the token\), then scan again/).waitFor()
    await found.scrollIntoViewIfNeeded()
    expect(serious(await axe(page, '[data-testid=detail-panel]'))).toEqual([])
    await screenshot(page, 'detail-found-copies')
  })

  it("the detail panel's Find copies… looks for that token only; Cancel ends a long scan and records nothing", async () => {
    const big = path.join(dir, 'big')
    fs.mkdirSync(big)
    const chunk = Buffer.alloc(1024 * 1024, 'x')
    for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(big, `f${i}.log`), i === 399 ? Buffer.concat([chunk, Buffer.from(HUB)]) : chunk)
    await page.keyboard.press('Escape')
    await row(page, 'hub').click()
    const panel = page.getByTestId('detail-panel')
    await panel.getByTestId('found-copies').getByRole('button', { name: 'Find copies…' }).click()
    const d = page.getByTestId('scan-dialog')
    await d.getByRole('heading', { name: 'Find copies of hub' }).waitFor()
    await d.getByLabel('Folder or file (empty: the usual places)').fill(big)
    await d.getByRole('button', { name: 'Scan', exact: true }).click()
    // Progress arrives from the worker while it reads.
    await d.getByTestId('scan-progress').getByText(/^Read [1-9][\d,]* files? \([\d.]+ [KM]B\); 0 copies found so far…$/).waitFor()
    await screenshot(page, 'scan-progress')
    await d.getByRole('button', { name: 'Cancel scan' }).click()
    await d.getByRole('button', { name: 'Scan', exact: true }).waitFor()
    expect(await d.getByTestId('scan-results').count()).toBe(0)
    expect(await d.getByRole('alert').count()).toBe(0)
    const hubId = coreOf(h).vault.resolve('hub').id
    expect((await coreOf(h).foundCopies.list(hubId)).map((c) => path.basename(c.path))).toEqual(['run.ipynb'])

    // The same scan to its end: only hub's copy, in the last file.
    await d.getByRole('button', { name: 'Scan', exact: true }).click()
    await d.getByTestId('scan-results').getByText(/1 plaintext copy of 1 token in 400 files/).waitFor({ timeout: 60_000 })
    expect(await d.getByTestId('scan-results').getByRole('region').count()).toBe(1)
    await d.getByRole('button', { name: 'Close' }).click()
    await panel.getByTestId('found-copies').getByText(`${path.join(big, 'f399.log')}:1`).waitFor()
  }, 120_000)
})
