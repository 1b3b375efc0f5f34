/**
 * Renderer bench: the e2e renderer build in real Chromium (test/e2e/harness.ts) over the real core
 * with 50,000 tokens, plus the production renderer bundle size.
 *
 *   scripts/with-keyring.sh npx tsx bench/renderer.bench.ts
 *
 * Targets: first list render < 150 ms, a new window's start to rows painted < 200 ms (issue #27),
 * filter keystroke → next painted frame < 16 ms,
 * production renderer bundle < 250 KB gzipped. Printed only; no test asserts timings.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { gzipSync } from 'node:zlib'
import type { Page } from 'playwright-core'
import { openApp, ROOT, start, stop } from '../test/e2e/harness'

const N = 50_000
const RUNS = 15
const DAY = 24 * 60 * 60 * 1000
const PLATFORMS = ['kipu-hub', 'planqk', 'qualytics', 'acecloud', 'tokendesk-hub']
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!

async function bundleSize(): Promise<{ raw: number; gzip: number; files: string[]; firstScreenGzip: number }> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-renderer-prod-'))
  try {
    // The production renderer config (electron.vite.config.ts), built by the Vite CLI in its own
    // process into a temp dir, so out/renderer is left alone.
    const cfg = path.join(out, 'vite.prod.config.mts')
    fs.writeFileSync(
      cfg,
      `import { rendererConfig } from ${JSON.stringify(path.join(ROOT, 'electron.vite.config.ts'))}\n` +
        `export default { ...rendererConfig(${JSON.stringify(path.join(out, 'dist'))}), mode: 'production', logLevel: 'error' }\n`,
    )
    execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '-c', cfg], { cwd: ROOT, stdio: 'inherit' })
    fs.rmSync(cfg)
    let raw = 0
    let gzip = 0
    const files: string[] = []
    const gzipOf = new Map<string, number>()
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name)
        if (f.isDirectory()) walk(p)
        else if (/\.(js|css|html)$/.test(f.name)) {
          const buf = fs.readFileSync(p)
          raw += buf.length
          const gz = gzipSync(buf, { level: 9 }).length
          gzip += gz
          gzipOf.set(f.name, gz)
          files.push(path.relative(out, p))
          if (f.name.endsWith('.js') && buf.includes('__tokendeskStore')) throw new Error('the production bundle exposes the store hook')
        }
      }
    }
    walk(out)
    // What a window's start loads: the page, its stylesheet and its entry script (not the later chunk).
    const html = fs.readFileSync(path.join(out, 'dist/index.html'), 'utf8')
    const firstScreen = ['index.html', ...[...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!)]
    return { raw, gzip, files, firstScreenGzip: firstScreen.reduce((n, f) => n + (gzipOf.get(f) ?? 0), 0) }
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
}

function whereTimeWent(): string[] {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
  const lines = [
    `document response end ${nav.responseEnd.toFixed(0)}`,
    `DOMContentLoaded end ${nav.domContentLoadedEventEnd.toFixed(0)}`,
    ...performance.getEntriesByType('paint').map((p) => `${p.name} ${p.startTime.toFixed(0)}`),
  ]
  for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) {
    const u = new URL(r.name)
    if (u.pathname.startsWith('/__bridge/events')) continue
    const label = u.pathname === '/__bridge/call' ? `call ${u.searchParams.get('c')}` : u.pathname
    const core = r.serverTiming.find((t) => t.name === 'dispatch')
    lines.push(`${label} ${r.startTime.toFixed(0)} → ${r.responseEnd.toFixed(0)}${core ? ` (core ${core.duration.toFixed(1)})` : ''}`)
  }
  lines.push(`rows painted ${(globalThis as unknown as { __firstRows: number }).__firstRows.toFixed(0)}`)
  return lines
}

async function main() {
  // The e2e build the harness serves (same renderer + loopback shim).
  execFileSync(path.join(ROOT, 'node_modules/.bin/vite'), ['build', '-c', 'vite.e2e.config.ts', '--logLevel', 'error'], { cwd: ROOT, stdio: 'inherit' })
  const size = await bundleSize()

  const h = await start({ viewport: { width: 1280, height: 820 } })
  try {
    const now = Date.now()
    const insert = h.server.opened.db.prepare(
      `INSERT INTO tokens (id, kind, platform, org, name, scopes, fields, note, created_at, expires_at, revoked_at, last_used_at, state, secret_ref)
       VALUES (?, 'personal', ?, NULL, ?, ?, '{}', NULL, ?, ?, ?, ?, 'ready', ?)`,
    )
    const insertTokens = (from: number, to: number) =>
      h.server.opened.db.transaction(() => {
        for (let i = from; i < to; i++) {
          const id = `bench-${String(i).padStart(6, '0')}`
          insert.run(
            id,
            PLATFORMS[i % PLATFORMS.length]!,
            `token-${String(i).padStart(6, '0')}`,
            JSON.stringify(i % 3 ? ['jobs:read', 'jobs:write'] : []),
            now - (i % 400) * DAY,
            i % 50 === 0 ? now - (i % 7) * DAY - 1000 : now + ((i % 400) - 5) * DAY + 1000,
            i % 97 === 0 ? now - DAY : null,
            i % 4 === 0 ? now - (i % 30) * DAY : null,
            `${id}.1`,
          )
        }
      })()
    const FEW = 50
    insertTokens(0, FEW)

    const page = h.page
    // tsx compiles this file with esbuild's keepNames, which wraps the functions passed to
    // page.evaluate in __name(...); give the page a no-op one.
    await h.context.addInitScript('globalThis.__name = (f) => f')
    page.on('crash', () => console.error('the page crashed'))
    const step = (s: string) => process.env.BENCH_VERBOSE && console.error(`… ${s}`)
    // Recorded in the page from its first instant: the first frame painted with token rows,
    // relative to navigation start (so the harness's own waits do not count). It is reported on
    // the console, so no Playwright code (waitForFunction injects and polls a script) runs in the
    // page while it loads: an Electron window would not have it either.
    await h.context.addInitScript(`
      new MutationObserver((_, mo) => {
        if (document.querySelector('[role=row][data-token-id]')) {
          mo.disconnect()
          requestAnimationFrame(() => {
            globalThis.__firstRows = performance.now()
            console.debug('tokendesk-bench:first-rows ' + globalThis.__firstRows)
          })
        }
      }).observe(document, { childList: true, subtree: true })
    `)
    const firstRows = (p: Page) =>
      p.waitForEvent('console', { predicate: (m) => m.text().startsWith('tokendesk-bench:first-rows '), timeout: 30_000 })
    const painted = firstRows(page)
    await openApp(page, h)
    await painted

    // Each run opens the app in a new window (a new renderer process, as a launch of the app), and
    // times two spans ending when the first rows are painted: from the list's first page request
    // (the list's render: the query, the transport, React's first render of the window, layout
    // and paint) and from navigation start (all of the window's start: process, document, script
    // compile and evaluation, then the same).
    const windows = async () => {
      const list: number[] = []
      const nav: number[] = []
      let breakdown: string[] = []
      for (let run = 0; run < RUNS; run++) {
        const p = await h.context.newPage()
        const done = firstRows(p)
        await p.goto(h.server.appUrl)
        await done
        const t = await p.evaluate(() => {
          const rows = (globalThis as unknown as { __firstRows: number }).__firstRows
          const call = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((r) => r.name.includes('/__bridge/call?c=tokens.list'))!
          return { list: rows - call.startTime, nav: rows }
        })
        list.push(t.list)
        nav.push(t.nav)
        // Where the last run's time went: document, script, each bridge call (with the core's own
        // time from Server-Timing), first paint, rows painted.
        if (run === RUNS - 1) breakdown = await p.evaluate(whereTimeWent)
        await p.close()
      }
      return { list, nav, breakdown }
    }
    const few = await windows()
    step('windows with 50 tokens done')

    // Metadata only, straight into the vault's database in one transaction (no keychain entries:
    // listing never reads secrets).
    const t0 = performance.now()
    insertTokens(FEW, N)
    const insertMs = performance.now() - t0
    await page.reload()
    const many = await windows()
    const breakdown = many.breakdown
    const total = await page.locator('[role=grid]').getAttribute('data-total')
    step('first render done')

    // Tab away and back: mounting the list with 50k rows behind it, click → rows painted.
    const remount: number[] = []
    for (let run = 0; run < 5; run++) {
      await page.getByRole('tab', { name: 'Settings' }).click()
      await page.getByRole('button', { name: 'Save settings' }).waitFor()
      await page.evaluate(() => {
        const w = window as unknown as { __t0: number; __t1: Promise<number> }
        w.__t1 = new Promise((resolve) => {
          const tab = [...document.querySelectorAll('[role=tab]')].find((t) => t.textContent === 'Personal tokens') as HTMLElement
          tab.addEventListener(
            'mousedown',
            (e) => {
              const start = e.timeStamp
              const check = () => {
                if (document.querySelector('[role=row][data-token-id]')) requestAnimationFrame(() => resolve(performance.now() - start))
                else requestAnimationFrame(check)
              }
              requestAnimationFrame(check)
            },
            { once: true },
          )
        })
      })
      await page.getByRole('tab', { name: 'Personal tokens' }).click()
      remount.push(await page.evaluate(() => (window as unknown as { __t1: Promise<number> }).__t1))
    }

    // Filter keystrokes: keydown → the next frame (the input shows the character), and
    // keydown → the filtered rows painted (includes the 120 ms typing pause and the query).
    step('remount done')
    const search = page.getByPlaceholder('Search name, scope, note…')
    await search.click()
    const keyFrame: number[] = []
    const keyResults: number[] = []
    // Names are token-000000 … token-049999; each last keystroke narrows the result count.
    for (const text of ['token-04', 'token-012', 'token-0499', 'token-00001', 'token-03']) {
      await search.fill('')
      await page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-total') === n, total)
      await search.fill(text.slice(0, -1))
      await page.waitForTimeout(300)
      await page.evaluate(() => {
        const w = window as unknown as { __frame: Promise<number>; __rows: Promise<number> }
        const input = document.querySelector<HTMLInputElement>('input[type=search]')!
        const before = document.querySelector('[role=grid]')!.getAttribute('data-total')
        let start = 0
        w.__frame = new Promise((resolve) => {
          input.addEventListener(
            'keydown',
            (e) => {
              start = e.timeStamp
              input.addEventListener('input', () => requestAnimationFrame(() => resolve(performance.now() - start)), { once: true })
            },
            { once: true },
          )
        })
        w.__rows = new Promise((resolve) => {
          const grid = document.querySelector('[role=grid]')!
          const mo = new MutationObserver(() => {
            if (start && grid.getAttribute('data-total') !== before) {
              mo.disconnect()
              requestAnimationFrame(() => resolve(performance.now() - start))
            }
          })
          mo.observe(grid, { attributes: true, attributeFilter: ['data-total'] })
        })
      })
      step(`typing ${text}`)
      await page.keyboard.type(text.slice(-1))
      keyFrame.push(await page.evaluate(() => (window as unknown as { __frame: Promise<number> }).__frame))
      keyResults.push(
        await page.evaluate(() => Promise.race([(window as unknown as { __rows: Promise<number> }).__rows, new Promise<number>((r) => setTimeout(() => r(NaN), 10_000))])),
      )
    }

    // Scrolling deep into the list: jump to the middle and wait for real rows there.
    const scroll: number[] = []
    await search.fill('')
    await page.waitForFunction((n) => document.querySelector('[role=grid]')?.getAttribute('data-total') === n, total)
    await page.waitForTimeout(300) // past the search debounce, so no reset lands mid-measure
    for (const frac of [0.5, 0.9, 0.1]) {
      scroll.push(
        await page.evaluate(
          (f) =>
            new Promise<number>((resolve) => {
              const body = document.querySelector('.grid-body')!
              const start = performance.now()
              body.scrollTop = body.scrollHeight * f
              // Done when the row at the new top is painted with its token, and every row is.
              const target = String(Math.floor(body.scrollTop / 52))
              const check = () => {
                const rows = [...document.querySelectorAll('[role=row][data-index]')]
                const there = rows.some((r) => r.getAttribute('data-index') === target)
                if (there && rows.every((r) => r.hasAttribute('data-token-id'))) resolve(performance.now() - start)
                else requestAnimationFrame(check)
              }
              requestAnimationFrame(check)
            }),
          frac,
        ),
      )
    }

    const fmt = (n: number) => `${n.toFixed(1)} ms`
    const rows = [
      ['metadata insert (50,000 rows, SQLite)', fmt(insertMs), '—'],
      [`first list render in a new window: first page request → rows painted (median of ${RUNS})`, fmt(median(many.list)), '< 150 ms'],
      [`  the same with ${FEW} tokens`, fmt(median(few.list)), '—'],
      [`new window start: navigation → rows painted (median of ${RUNS})`, fmt(median(many.nav)), '< 200 ms'],
      [`  the same with ${FEW} tokens`, fmt(median(few.nav)), '—'],
      ['list remount: tab click → rows painted (median of 5)', fmt(median(remount)), '< 150 ms'],
      ['filter keystroke → next painted frame (median / p95 of 5)', `${fmt(median(keyFrame))} / ${fmt(p95(keyFrame))}`, '< 16 ms'],
      ['filter keystroke → filtered rows painted (incl. 120 ms debounce)', fmt(median(keyResults)), '—'],
      ['scroll jump to 10–90 % → real rows painted (median of 3)', fmt(median(scroll)), '—'],
      ['production renderer bundle (js+css+html, gzip -9)', `${(size.gzip / 1024).toFixed(1)} KB (raw ${(size.raw / 1024).toFixed(0)} KB)`, '< 250 KB'],
      ['  of which a window loads at start (html, css, entry js)', `${(size.firstScreenGzip / 1024).toFixed(1)} KB`, '—'],
    ]
    console.log(`\nTokenDesk renderer bench — ${total} tokens in the list, Chromium headless\n`)
    const w0 = Math.max(...rows.map((r) => r[0]!.length))
    const w1 = Math.max(...rows.map((r) => r[1]!.length))
    console.log(`${'measure'.padEnd(w0)}  ${'result'.padEnd(w1)}  target`)
    for (const [a, b, c] of rows) console.log(`${a!.padEnd(w0)}  ${b!.padEnd(w1)}  ${c}`)
    console.log(`\nsamples: first list render ${many.list.map((x) => x.toFixed(0)).join(', ')}; window start ${many.nav.map((x) => x.toFixed(0)).join(', ')}; remount ${remount.map((x) => x.toFixed(0)).join(', ')}; scroll ${scroll.map((x) => x.toFixed(1)).join(", ")}; keystroke frame ${keyFrame.map((x) => x.toFixed(1)).join(', ')}`)
    console.log(`bundle files: ${size.files.join(', ')}`)
    console.log(`last first render, ms from navigation start:\n  ${breakdown.join('\n  ')}`)
  } finally {
    await stop(h)
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
