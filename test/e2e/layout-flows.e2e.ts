/**
 * The window from Electron's minimum width up, in real Chromium against the real core: at 720,
 * 860 and 1280 px, light and dark, both lists fit — no horizontal scrolling, the header's buttons
 * and every row's actions on screen, platform names whole ("Kipu Quantum Hub", not "kipu-hub" or
 * "ibm-quan…"; a long token name ends in an ellipsis, its title whole) — and columns give way by priority: scopes first, then created, then (provider
 * list) last used. Screenshots: test-results/screenshots/layout-<width>-<scheme>-<list>.png.
 *   scripts/with-keyring.sh npx vitest run -c vitest.e2e.config.mts test/e2e/layout-flows.e2e.ts
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot, stop, type Harness } from './harness'
import { startReady } from './app-helpers'

let h: Harness
let page: Page

beforeAll(async () => {
  h = await startReady()
  page = h.page
  const v = h.server.opened.vault
  v.setOrg('quantum-lab', 'maintainer')
  await v.add({ kind: 'personal', platform: 'kipu-hub', name: 'kipu-main', scopes: ['jobs:read', 'jobs:write', 'data:read'], expires: '5d' }, 'layout-secret-kipu-0123456789')
  await v.add({ kind: 'personal', platform: 'qualytics', name: 'qualytics-pipeline-nightly', fields: { url: 'https://acme.qualytics.io/api' }, expires: '90d' }, 'layout-secret-q-0123456789')
  await v.add({ kind: 'personal', platform: 'huggingface', name: 'hf-read', scopes: ['read'], expires: '1y' }, 'layout-secret-hf-0123456789')
  await v.add({ kind: 'personal', platform: 'acecloud', name: 'ace-batch', expires: '30d' }, 'layout-secret-ace-0123456789')
  await v.add({ kind: 'provider', platform: 'ibm-quantum', name: 'qpu-runs', org: 'quantum-lab', fields: { channel: 'ibm_cloud' } }, 'layout-secret-ibm-0123456789')
  await v.add({ kind: 'provider', platform: 'aws-braket', name: 'braket', fields: { aws_access_key_id: 'AKIALAYOUTEXAMPLE123' } }, 'layout-secret-aws-0123456789')
  await v.add({ kind: 'provider', platform: 'ionq', name: 'ionq-lab', expires: '60d' }, 'layout-secret-ionq-0123456789')
  await v.add({ kind: 'provider', platform: 'ionq', name: 'ionq-forte', expires: '90d' }, 'layout-secret-ionq2-0123456789')
  const old = await v.add({ kind: 'personal', platform: 'planqk', name: 'old-planqk', expires: '30d' }, 'layout-secret-old-0123456789')
  v.revoke(old.id)
  await page.reload()
  await page.waitForFunction(() => 'tokendesk' in globalThis)
  await page.evaluate(() => (globalThis as unknown as { __tokendeskLoopback: { ready(): Promise<void> } }).__tokendeskLoopback.ready())
  await page.locator('.app[data-ready=true]').waitFor()
}, 60_000)
afterAll(() => stop(h))

/** What does not fit, measured in the page: anything right of the window, and cut text. */
async function overflow(p: Page) {
  return p.evaluate(() => {
    const width = window.innerWidth
    const right = (sel: string) => [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.right > width + 0.5).length
    // A token's own name may end in an ellipsis (up to 64 characters; the title has it whole).
    // So may an organization's name; dates, platform names and statuses may not.
    const cut = [...document.querySelectorAll('.cell-platform .ellipsis, .grid-body .col-created, .grid-body .col-expires, .grid-body .col-status, .grid-body .col-used')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
      .map((e) => e.textContent)
    // A chip, a sort button or a row's menu button wider than its cell's content box is cut by it
    // (the cell's ellipsis shows as a stray dot).
    const clipped = [...document.querySelectorAll('.grid .chip, .grid .sort-btn, .grid-body .cell-actions button')]
      .filter((e) => {
        const cellEl = e.closest('.cell')!
        const cell = cellEl.getBoundingClientRect()
        const pad = parseFloat(getComputedStyle(cellEl).paddingRight)
        const r = e.getBoundingClientRect()
        return r.width > 0 && r.right > cell.right - pad + 0.5
      })
      .map((e) => e.textContent?.trim() || e.getAttribute('aria-label'))
    return {
      pageScrolls: document.documentElement.scrollWidth > width,
      clipped,
      headerOff: right('.topbar button'),
      actionsOff: right('.grid-body .cell-actions button'),
      filtersOff: right('.filters > *'),
      cut,
      headers: [...document.querySelectorAll('.grid-head [role=columnheader]')].filter((e) => (e as HTMLElement).offsetWidth > 0).map((e) => e.textContent?.trim()),
      platforms: [...document.querySelectorAll('.grid-body .cell-platform')].map((e) => e.textContent),
    }
  })
}

/**
 * The filter bar's rows (issue #28: at 1280 px the Owner filter wrapped under Search while the count
 * and the "connect a platform" hint floated right): each control's row, whether each row starts
 * at the bar's left edge, where the count sits, and whether the hint has a line of its own.
 */
async function filterBar(p: Page) {
  return p.evaluate(() => {
    const bar = document.querySelector('.filters')!.getBoundingClientRect()
    const controls = [...document.querySelectorAll('.filters > *')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0)
    const rows: DOMRect[][] = []
    for (const r of controls) {
      const row = rows.find((x) => Math.abs(x[0]!.top + x[0]!.height / 2 - (r.top + r.height / 2)) < 8)
      if (row) row.push(r)
      else rows.push([r])
    }
    const count = document.querySelector('.filters .count')!.getBoundingClientRect()
    const hint = document.querySelector('.generate-hint')?.getBoundingClientRect()
    const lastRowMid = rows.at(-1)!.map((r) => r.top + r.height / 2)[0]!
    return {
      rows: rows.length,
      // A row that holds only the count sits at the right end by design.
      rowsStartAtLeftEdge: rows.every((row) => (row.length === 1 && row[0]!.left === count.left) || Math.abs(Math.min(...row.map((r) => r.left)) - bar.left) < 1),
      countAtRightEnd: Math.abs(count.right - bar.right) < 1 && Math.abs(count.top + count.height / 2 - lastRowMid) < 8,
      hintBelowFilters: hint === undefined ? null : hint.top >= bar.bottom - 0.5 && Math.abs(hint.left - bar.left) < 1,
    }
  })
}

const WIDTHS = [720, 860, 1280] as const
const EXPECTED_HEADERS: Record<(typeof WIDTHS)[number], { personal: string[]; provider: string[] }> = {
  720: { personal: ['Name', 'Platform', 'Expires', 'Status', 'Last used', 'Actions'], provider: ['Name', 'Provider', 'Owner', 'Expires', 'Status', 'Actions'] },
  860: { personal: ['Name', 'Platform', 'Created', 'Expires', 'Status', 'Last used', 'Actions'], provider: ['Name', 'Provider', 'Owner', 'Expires', 'Status', 'Last used', 'Actions'] },
  1280: {
    personal: ['Name', 'Platform', 'Scopes', 'Created', 'Expires', 'Status', 'Last used', 'Actions'],
    provider: ['Name', 'Provider', 'Owner', 'Scopes', 'Created', 'Expires', 'Status', 'Last used', 'Actions'],
  },
}

describe('the window from 720 px up', () => {
  for (const width of WIDTHS) {
    for (const scheme of ['light', 'dark'] as const) {
      it(`${width} px, ${scheme}: both lists fit, columns give way by priority, names are whole`, async () => {
        await page.setViewportSize({ width, height: 720 })
        await page.emulateMedia({ colorScheme: scheme })
        for (const [tab, list] of [
          ['Personal tokens', 'personal'],
          ['Provider tokens', 'provider'],
        ] as const) {
          await page.getByRole('tab', { name: tab }).click()
          await page.locator(`[role=grid][aria-label="${tab}"] [role=row][data-token-id]`).first().waitFor()
          const o = await overflow(page)
          expect(o, `${width} ${scheme} ${list}`).toMatchObject({ pageScrolls: false, clipped: [], headerOff: 0, actionsOff: 0, filtersOff: 0, cut: [] })
          expect(o.headers.map((x) => x.replace(/[^\w ]/g, '').trim())).toEqual(EXPECTED_HEADERS[width][list])
          // One row where it fits (1280 px, the provider list's Owner filter included); else a
          // tidy second row: every row from the left edge, the count at the right end of the last.
          expect(await filterBar(page), `${width} ${scheme} ${list} filter bar`).toEqual({
            rows: width === 1280 || (width === 860 && list === 'personal') ? 1 : 2,
            rowsStartAtLeftEdge: true,
            countAtRightEnd: true,
            hintBelowFilters: true,
          })
          expect(o.platforms).toEqual(
            expect.arrayContaining(list === 'personal' ? ['Kipu Quantum Hub', 'Qualytics', 'Hugging Face', 'AceCloud AI Hub', 'PLANQK'] : ['IBM Quantum', 'AWS Braket', 'IonQ']),
          )
          await screenshot(page, `layout-${width}-${scheme}-${list}`)
        }
      })
    }
  }
})

describe('provider tokens grouped by provider', () => {
  it('sorted by provider: a header with the name and count before each group; sorted otherwise: no headers', async () => {
    await page.setViewportSize({ width: 1280, height: 720 })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.getByRole('tab', { name: 'Provider tokens' }).click()
    const grid = page.locator('[role=grid][aria-label="Provider tokens"]')
    await grid.locator('.group-header').first().waitFor()
    // Rows in screen order: headers (with their counts) and token names.
    const order = () =>
      grid.locator('.grid-body [role=row]').evaluateAll((rows) =>
        rows
          .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')))
          .map((r) => (r.classList.contains('group-header') ? `# ${r.textContent}` : r.querySelector('.name')?.textContent)),
      )
    expect(await order()).toEqual(['# AWS Braket1 token', 'braket', '# IBM Quantum1 token', 'qpu-runs', '# IonQ2 tokens', 'ionq-forte', 'ionq-lab'])
    expect(await grid.getAttribute('aria-rowcount')).toBe('8')
    // The keyboard walks the tokens and passes over the headers.
    await grid.locator('[role=row][data-token-id]').first().focus()
    await page.keyboard.press('ArrowDown')
    expect(await page.evaluate(() => document.activeElement?.querySelector('.name')?.textContent)).toBe('qpu-runs')
    await screenshot(page, 'provider-groups')

    await grid.getByRole('button', { name: /^Name/ }).click()
    await grid.locator('[role=row][data-token-id]').first().waitFor()
    await page.waitForFunction(() => document.querySelectorAll('.group-header').length === 0)
    expect(await order()).toEqual(['braket', 'ionq-forte', 'ionq-lab', 'qpu-runs'])
    await grid.getByRole('button', { name: /^Provider/ }).click()
    await grid.locator('.group-header').first().waitFor()
  })
})
