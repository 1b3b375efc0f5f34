import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it, vi } from 'vitest'
import { downloadFailureReason, driverCandidates, electronBinaryPresent, ensureDriver } from '../../scripts/ensure-electron.mjs'
import { APP_INDEX_URL } from '../../src-main/shell/app-protocol'
import { isAppUrl } from '../../src-main/shell/app-url'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from '../../src-main/shell/csp'
import { findNativeBinding, nativeBindingCandidates, prebuildName } from '../../src-main/shell/native'
import { tempDir } from '../helpers/temp-dir'

// The pure parts of the Electron shell and of scripts/ensure-electron.mjs.

const root = path.resolve(__dirname, '../..')
const pkgDir = path.join(root, 'node_modules', 'better-sqlite3')

describe('native driver (src-main/shell/native.ts)', () => {
  const base = { appPath: '/proj', resourcesPath: '/opt/TokenDesk/resources', platform: 'linux' as const, arch: 'x64' }
  it('dev: a driver compiled from source first, then the package prebuild', () => {
    expect(nativeBindingCandidates({ ...base, isPackaged: false })).toEqual([
      path.join('/proj', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
      path.join('/proj', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'),
    ])
  })
  it('packaged: the prebuild for this OS and CPU, unpacked from app.asar', () => {
    expect(nativeBindingCandidates({ ...base, isPackaged: true, platform: 'darwin', arch: 'arm64' })).toEqual([
      path.join('/opt/TokenDesk/resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'darwin-arm64.node'),
    ])
  })
  it('names a prebuild only where better-sqlite3 ships one', () => {
    expect(prebuildName('win32', 'arm64')).toBe('win32-arm64')
    expect(prebuildName('linux', 'ia32')).toBeNull()
    expect(prebuildName('freebsd', 'x64')).toBeNull()
  })
  it('agrees with ensure-electron.mjs on the files and their order', () => {
    for (const [platform, arch] of [['linux', 'x64'], ['darwin', 'arm64'], ['freebsd', 'x64']] as const) {
      expect(nativeBindingCandidates({ ...base, platform, arch, isPackaged: false })).toEqual(
        driverCandidates(path.join('/proj', 'node_modules', 'better-sqlite3'), platform, arch),
      )
    }
  })
  it('missing driver → a message saying how to get it', () => {
    expect(findNativeBinding({ ...base, isPackaged: false }, () => false)).toEqual({ error: expect.stringContaining('node scripts/ensure-electron.mjs') })
    expect(findNativeBinding({ ...base, isPackaged: true }, () => false)).toEqual({ error: expect.stringContaining('reinstall') })
    expect(findNativeBinding({ ...base, isPackaged: true, platform: 'freebsd' }, () => false)).toEqual({ error: expect.stringContaining('freebsd-x64') })
    const prebuild = nativeBindingCandidates({ ...base, isPackaged: false })[1]!
    expect(findNativeBinding({ ...base, isPackaged: false }, (p) => p === prebuild)).toEqual({ path: prebuild })
  })
  it('the installed better-sqlite3 is the Node-API one: the driver the app picks opens a database under Node', async () => {
    const found = findNativeBinding({ isPackaged: false, appPath: root, resourcesPath: '', platform: process.platform, arch: process.arch })
    expect(found).toHaveProperty('path')
    const Database = (await import('better-sqlite3')).default
    const db = new Database(':memory:', { nativeBinding: (found as { path: string }).path })
    expect(db.prepare('select 41 + 1 as n').get()).toEqual({ n: 42 })
    db.close()
    // Node-API: the package declares no ABI-specific build step (no install script, gypfile off).
    const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
    expect(pkg.gypfile).toBe(false)
    expect(pkg.scripts?.install).toBeUndefined()
    expect(fs.readFileSync(path.join(pkgDir, 'binding.gyp'), 'utf8')).toMatch(/NAPI_VERSION=\d+/)
  })
})

describe('scripts/ensure-electron.mjs', () => {
  it('does nothing when a driver is already there', async () => {
    const build = vi.fn()
    const r = await ensureDriver({ pkgDir: '/p', platform: 'linux', arch: 'x64', exists: (f: string) => f.endsWith('linux-x64.node'), build })
    expect(r).toEqual({ status: 'present', target: path.join('/p', 'prebuilds', 'linux-x64.node') })
    expect(build).not.toHaveBeenCalled()
  })

  it('compiles from source only where no prebuild exists, and checks the result', async () => {
    const t = tempDir()
    try {
      const build = vi.fn(async (dir: string) => {
        fs.mkdirSync(path.join(dir, 'build', 'Release'), { recursive: true })
        fs.writeFileSync(path.join(dir, 'build', 'Release', 'better_sqlite3.node'), 'BUILT')
      })
      const r = await ensureDriver({ pkgDir: t.dir, platform: 'freebsd', arch: 'x64', build, log: () => {} })
      expect(build).toHaveBeenCalledWith(t.dir)
      expect(r).toEqual({ status: 'built', target: path.join(t.dir, 'build', 'Release', 'better_sqlite3.node') })
      await expect(ensureDriver({ pkgDir: t.dir + '-none', platform: 'freebsd', arch: 'x64', build: async () => {}, log: () => {} })).rejects.toThrow('is missing')
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
  })

  it('a failed download is told in one line, without the stack', () => {
    const stderr = 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (/x/got/index.js:1:1)\n    at emit (node:events:1:1)\n'
    expect(downloadFailureReason(stderr)).toBe('RequestError: getaddrinfo ENOTFOUND github.com')
    expect(downloadFailureReason('')).toBe('no output')
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
