import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { CSP_DIRECTIVES } from '../../src-main/shell/csp'
import { CHANNEL_TABLE, CHANNELS } from '../../src-preload/contract/types'

// Checks the BUILT bundles (run `npm run build && npm run build:e2e` first; `npm run test:e2e` does):
// the loopback shim exists only in the e2e renderer, and the production renderer/preload are locked down.
const ROOT = path.resolve(__dirname, '../..')
const SHIM_MARKER = 'tokendesk-loopback-shim'

function read(dir: string, ext: string): string {
  const abs = path.join(ROOT, dir)
  if (!fs.existsSync(abs)) throw new Error(`${dir} is missing: build it first (npm run build && npm run build:e2e)`)
  const files = (fs.readdirSync(abs, { recursive: true }) as string[]).filter((f) => f.endsWith(ext))
  expect(files.length).toBeGreaterThan(0)
  return files.map((f) => fs.readFileSync(path.join(abs, f), 'utf8')).join('\n')
}

describe('built bundles', () => {
  it('the production renderer has no loopback shim and no bridge endpoint', () => {
    const js = read('out/renderer', '.js')
    expect(js).not.toContain(SHIM_MARKER)
    expect(js).not.toContain('__bridge')
    expect(js).not.toContain('__tokendeskLoopback')
    expect(js).not.toContain('EventSource')
  })

  it('the e2e renderer has the shim, loaded before the app', () => {
    const js = read('out/renderer-e2e', '.js')
    expect(js).toContain(SHIM_MARKER)
    expect(js).toContain('/__bridge/call')
    expect(js.indexOf(SHIM_MARKER)).toBeLessThan(js.indexOf('getElementById'))
  })

  it('the production renderer is minified, and its first-screen chunk leaves zod, dialogs and menus to the later chunk', () => {
    const html = fs.readFileSync(path.join(ROOT, 'out/renderer/index.html'), 'utf8')
    const entries = [...html.matchAll(/<script[^>]*\bsrc="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!)
    expect(entries).toHaveLength(1)
    const entry = fs.readFileSync(path.join(ROOT, 'out/renderer', entries[0]!), 'utf8')
    const laterFiles = fs.readdirSync(path.join(ROOT, 'out/renderer/assets')).filter((f) => /^later-.*\.js$/.test(f))
    expect(laterFiles).toHaveLength(1)
    const later = fs.readFileSync(path.join(ROOT, 'out/renderer/assets', laterFiles[0]!), 'utf8')
    // Minified: no module-region comments, and long lines.
    for (const js of [entry, later]) {
      expect(js).not.toMatch(/^\/\/ (node_modules|src-)/m)
      expect(js.length / js.split('\n').length).toBeGreaterThan(1000)
    }
    // What a window's start must not compile: zod's schemas, Radix's dialogs and menus, ICU's
    // relative-time data (format.ts words relative times itself).
    for (const marker of ['$ZodType', 'DialogContent', 'data-radix-menu-content', 'RelativeTimeFormat']) expect(entry, marker).not.toContain(marker)
    for (const marker of ['$ZodType', 'DialogContent', 'data-radix-menu-content']) expect(later, marker).toContain(marker)
    expect(entry).toContain(laterFiles[0])
  })

  it('the preload and the test shim carry the contract as names only (no zod), every one of them', () => {
    const preload = read('out/preload', '.js')
    const shimEntry = fs.readFileSync(
      path.join(ROOT, 'out/renderer-e2e', /<script[^>]*\bsrc="\.\/(assets\/[^"]+\.js)"/.exec(fs.readFileSync(path.join(ROOT, 'out/renderer-e2e/index.html'), 'utf8'))![1]!),
      'utf8',
    )
    for (const js of [preload, shimEntry]) {
      expect(js).not.toContain('$ZodType')
      expect(js).not.toContain('ZodError')
    }
    // The table the build put in is the contract's, whole.
    const built = /var \w+ = (\{\n\t"calls"[\s\S]*?\n\});/.exec(preload)?.[1]
    expect(built).toBeDefined()
    expect(JSON.parse(built!)).toEqual(CHANNEL_TABLE)
    expect(Object.values(CHANNEL_TABLE.calls).flat().length).toBe(CHANNELS.length)
  })

  it('the production renderer contains no Node or Electron code', () => {
    const js = read('out/renderer', '.js')
    expect(js).not.toMatch(/\brequire\(\s*["'`](node:|electron|fs|child_process|path)/)
    expect(js).not.toMatch(/from\s*["'`](node:|electron["'`])/)
    expect(js).not.toContain('ipcRenderer')
  })

  it('the production page carries a strict CSP meta: script-src self, no eval, no remote origin', () => {
    const html = fs.readFileSync(path.join(ROOT, 'out/renderer/index.html'), 'utf8')
    const policy = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1]
    expect(policy).toBeDefined()
    expect(policy).toMatch(/(^|;)\s*default-src 'self'/)
    expect(policy).toMatch(/(^|;)\s*script-src 'self'\s*(;|$)/)
    expect(policy).not.toMatch(/unsafe-eval|unsafe-inline|https?:|wss?:|\*/)
    // Same directives as the header the shell sends (frame-ancestors cannot be in a <meta>).
    for (const d of ['default-src', 'script-src', 'object-src', 'base-uri']) expect(policy).toContain(`${d} ${CSP_DIRECTIVES[d]}`)
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/) // no inline scripts
  })

  it('the sandboxed preload is one CommonJS file that requires only electron and exposes only tokendesk', () => {
    const js = read('out/preload', '.js')
    const requires = [...js.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])
    expect(new Set(requires)).toEqual(new Set(['electron']))
    const exposed = [...js.matchAll(/exposeInMainWorld\(\s*["'`]([^"'`]+)["'`]/g)].map((m) => m[1])
    expect(exposed).toEqual(['tokendesk'])
  })

  it('main keeps the native addons external', () => {
    const js = read('out/main', '.js')
    expect(js).toMatch(/require\(["']better-sqlite3["']\)/)
    expect(js).toMatch(/import\(["']@napi-rs\/keyring["']\)|require\(["']@napi-rs\/keyring["']\)/)
    expect(js).not.toContain(SHIM_MARKER)
  })
})
