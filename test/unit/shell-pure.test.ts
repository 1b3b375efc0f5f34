import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { electronBinaryPresent, ensureNative, nativeTarget, shouldCopy } from '../../scripts/ensure-electron.mjs'
import { APP_INDEX_URL } from '../../src-main/shell/app-protocol'
import { isAppUrl } from '../../src-main/shell/app-url'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../src-main/shell/csp'
import { findNativeBinding, nativeBindingPath } from '../../src-main/shell/native'
import { tempDir } from '../helpers/temp-dir'

// The pure parts of the Electron shell and of scripts/ensure-electron.mjs. (Building the
// Electron-ABI binary itself needs Electron's headers from the network, so it is not run here.)

describe('native binding path (src-main/shell/native.ts)', () => {
  const base = { appPath: '/proj', resourcesPath: '/opt/TokenDesk/resources', electronVersion: '41.7.1' }
  it('dev: .native/electron-<version>/better_sqlite3.node under the project', () => {
    expect(nativeBindingPath({ ...base, isPackaged: false })).toBe(path.join('/proj', '.native', 'electron-41.7.1', 'better_sqlite3.node'))
  })
  it('packaged: resources/native/electron-<version>/better_sqlite3.node', () => {
    expect(nativeBindingPath({ ...base, isPackaged: true })).toBe(
      path.join('/opt/TokenDesk/resources', 'native', 'electron-41.7.1', 'better_sqlite3.node'),
    )
  })
  it('never points at the Node build that npm test uses', () => {
    for (const isPackaged of [true, false]) expect(nativeBindingPath({ ...base, isPackaged })).not.toContain(path.join('better-sqlite3', 'build'))
  })
  it('agrees with ensure-electron.mjs on where the binary goes', () => {
    expect(nativeBindingPath({ ...base, isPackaged: false })).toBe(nativeTarget('/proj', '41.7.1'))
  })
  it('missing binary → a message saying how to get it', () => {
    const r = findNativeBinding({ ...base, isPackaged: false }, () => false)
    expect(r).toEqual({ error: expect.stringContaining('node scripts/ensure-electron.mjs') })
    expect(findNativeBinding({ ...base, isPackaged: true }, () => false)).toEqual({ error: expect.stringContaining('reinstall') })
    expect(findNativeBinding({ ...base, isPackaged: false }, () => true)).toEqual({ path: nativeTarget('/proj', '41.7.1') })
  })
})

describe('scripts/ensure-electron.mjs', () => {
  it('skips the build when the Electron binary is already present', async () => {
    const build = vi.fn()
    const r = await ensureNative({ root: '/proj', electronVersion: '41.7.1', exists: () => true, build })
    expect(r).toEqual({ status: 'present', target: nativeTarget('/proj', '41.7.1') })
    expect(build).not.toHaveBeenCalled()
  })

  it('builds in a scratch copy (without build/) and installs only the .node file; node_modules is untouched', async () => {
    const t = tempDir()
    try {
      const pkg = path.join(t.dir, 'node_modules', 'better-sqlite3')
      fs.mkdirSync(path.join(pkg, 'build', 'Release'), { recursive: true })
      fs.mkdirSync(path.join(pkg, 'lib'), { recursive: true })
      fs.writeFileSync(path.join(pkg, 'package.json'), '{"name":"better-sqlite3"}')
      fs.writeFileSync(path.join(pkg, 'lib', 'index.js'), '')
      fs.writeFileSync(path.join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'NODE-ABI')
      let seen: string[] = []
      const r = await ensureNative({
        root: t.dir,
        electronVersion: '41.7.1',
        log: () => {},
        build: (work) => {
          seen = fs.readdirSync(work).sort()
          fs.mkdirSync(path.join(work, 'build', 'Release'), { recursive: true })
          fs.writeFileSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), 'ELECTRON-ABI')
        },
      })
      expect(seen).toEqual(['lib', 'package.json']) // the Node build was not copied into the scratch dir
      expect(r.status).toBe('built')
      expect(fs.readFileSync(nativeTarget(t.dir, '41.7.1'), 'utf8')).toBe('ELECTRON-ABI')
      expect(fs.readFileSync(path.join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('NODE-ABI')
      // A second run does nothing.
      const again = await ensureNative({ root: t.dir, electronVersion: '41.7.1', build: () => Promise.reject(new Error('must not build')) })
      expect(again.status).toBe('present')
    } finally {
      t.cleanup()
    }
  })

  it('a failed build leaves no half-written binary', async () => {
    const t = tempDir()
    try {
      fs.mkdirSync(path.join(t.dir, 'node_modules', 'better-sqlite3'), { recursive: true })
      await expect(
        ensureNative({ root: t.dir, electronVersion: '1.0.0', log: () => {}, build: () => Promise.reject(new Error('no headers')) }),
      ).rejects.toThrow('no headers')
      expect(fs.existsSync(nativeTarget(t.dir, '1.0.0'))).toBe(false)
    } finally {
      t.cleanup()
    }
  })

  it('detects the Electron binary through path.txt', () => {
    const files: Record<string, string> = { '/e/path.txt': 'electron', '/e/dist/electron': '' }
    const exists = (p: string) => p.split(path.sep).join('/') in files
    const read = (p: string) => files[p.split(path.sep).join('/')]!
    expect(electronBinaryPresent('/e', exists, read)).toBe(true)
    expect(electronBinaryPresent('/e', (p) => p.endsWith('path.txt'), read)).toBe(false)
    expect(electronBinaryPresent('/e', () => false, read)).toBe(false)
    expect(shouldCopy('build/Release/x.node')).toBe(false)
    expect(shouldCopy('src/better_sqlite3.cpp')).toBe(true)
  })
})

describe('app URL policy (src-main/shell/app-url.ts)', () => {
  it('trusts only app://tokendesk/index.html, with or without query and hash', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true)
    expect(isAppUrl('app://tokendesk/index.html')).toBe(true)
    expect(isAppUrl('app://tokendesk/index.html#/tokens')).toBe(true)
    expect(isAppUrl('app://tokendesk/index.html?x=1#/tokens')).toBe(true)
    expect(isAppUrl(APP_INDEX_URL, { devServerUrl: 'http://localhost:5173' })).toBe(true)
  })
  it('no other app:// path or host', () => {
    for (const url of [
      'app://tokendesk/',
      'app://tokendesk',
      'app://tokendesk/other.html',
      'app://tokendesk/assets/index-abc.js',
      'app://tokendesk/index.html/',
      'app://tokendesk/index%2Ehtml',
      'app://tokendesk/sub/index.html',
      'app://evil/index.html',
      'app://tokendesk.evil.example/index.html',
      'app://tokendesk:8080/index.html',
      'app://user@tokendesk/index.html',
      'app://user:pw@tokendesk/index.html',
      'app:/index.html',
      'app:index.html',
      'apps://tokendesk/index.html',
    ])
      expect(isAppUrl(url), url).toBe(false)
  })
  it('never file://, not even the built index.html (the renderer is not loaded from it)', () => {
    const builtIndex = pathToFileURL(path.resolve('out/renderer/index.html')).href
    for (const policy of [{}, { devServerUrl: 'http://localhost:5173' }]) {
      expect(isAppUrl(builtIndex, policy)).toBe(false)
      expect(isAppUrl(`${builtIndex}#/tokens`, policy)).toBe(false)
      expect(isAppUrl(pathToFileURL(path.resolve('/etc/passwd')).href, policy)).toBe(false)
      expect(isAppUrl('file://evil.example/app/out/renderer/index.html', policy)).toBe(false)
      expect(isAppUrl('file:///index.html', policy)).toBe(false)
    }
  })
  it('nothing else in production', () => {
    expect(isAppUrl('https://example.com/')).toBe(false)
    expect(isAppUrl('https://tokendesk/index.html')).toBe(false)
    expect(isAppUrl('http://localhost:5173/')).toBe(false) // no dev server in production
    expect(isAppUrl('not a url')).toBe(false)
    expect(isAppUrl('')).toBe(false)
    expect(isAppUrl('devtools://devtools/bundled/inspector.html')).toBe(false)
    expect(isAppUrl('about:blank')).toBe(false)
    expect(isAppUrl('data:text/html,<p>x</p>')).toBe(false)
  })
  it('in dev, also the dev server origin, exactly', () => {
    const p = { devServerUrl: 'http://localhost:5173' }
    expect(isAppUrl('http://localhost:5173/', p)).toBe(true)
    expect(isAppUrl('http://localhost:5173/index.html#/tokens', p)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', p)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', p)).toBe(false)
    expect(isAppUrl('http://localhost.evil.com:5173/', p)).toBe(false)
    expect(isAppUrl('ws://localhost:5173/', p)).toBe(false)
  })
})

describe('CSP (src-main/shell/csp.ts)', () => {
  it('is strict: self only, no eval, no inline script, no remote origin, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'self'; script-src 'self'; /)
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/)
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
  })
  it('the dev policy adds only the dev server websocket and inline (refresh preamble), never eval', () => {
    const dev = devContentSecurityPolicy('http://localhost:5173')
    expect(dev).toContain("connect-src 'self' ws://localhost:5173")
    expect(dev).not.toContain('unsafe-eval')
    expect(dev).not.toMatch(/https?:\/\//)
  })
})
