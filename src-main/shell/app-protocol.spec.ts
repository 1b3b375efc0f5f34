import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../test/helpers/temp-dir'
import { APP_INDEX_URL, APP_ORIGIN, IMMUTABLE_CACHE, resolveAppRequest } from './app-protocol'

// A real renderer dir: out/renderer-like files, a secret next to it, and symlinks in and out.
let t: ReturnType<typeof tempDir>
let dir: string
let real: (p: string) => string

beforeAll(() => {
  t = tempDir('tokendesk-app-protocol-')
  dir = path.join(t.dir, 'renderer')
  fs.mkdirSync(path.join(dir, 'assets', 'nested'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html>')
  fs.writeFileSync(path.join(dir, 'assets', 'x.js'), 'export {}')
  fs.writeFileSync(path.join(dir, 'assets', 'x.css'), 'body{}')
  fs.writeFileSync(path.join(dir, 'assets', 'nested', 'font.WOFF2'), '')
  fs.writeFileSync(path.join(dir, 'assets', 'blob.bin'), '')
  fs.writeFileSync(path.join(dir, 'manifest.json'), '{}')
  fs.writeFileSync(path.join(dir, 'icon.svg'), '<svg/>')
  fs.writeFileSync(path.join(t.dir, 'secret.txt'), 'outside')
  fs.mkdirSync(path.join(t.dir, 'outside-dir'))
  fs.writeFileSync(path.join(t.dir, 'outside-dir', 'y.js'), 'outside')
  fs.symlinkSync(path.join(t.dir, 'secret.txt'), path.join(dir, 'assets', 'leak.js'))
  fs.symlinkSync(path.join(t.dir, 'outside-dir'), path.join(dir, 'linked'), 'dir')
  fs.symlinkSync(path.join(dir, 'index.html'), path.join(dir, 'alias.html'))
  fs.symlinkSync(path.join(dir, 'gone.js'), path.join(dir, 'dangling.js'))
  real = (p) => fs.realpathSync(path.join(dir, p))
})
afterAll(() => t.cleanup())

const at = (p: string) => resolveAppRequest(dir, `${APP_ORIGIN}${p}`)

describe('resolveAppRequest: served files', () => {
  it('index.html, and / as index.html; never cached without revalidation', () => {
    const index = { file: real('index.html'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' }
    expect(resolveAppRequest(dir, APP_INDEX_URL)).toEqual(index)
    expect(at('/')).toEqual(index)
    expect(at('')).toEqual(index)
    expect(at('/index.html?x=1#/tokens')).toEqual(index)
    expect(at('/#/tokens')).toEqual(index)
  })

  it('hashed assets: type by extension, immutable', () => {
    expect(at('/assets/x.js')).toEqual({ file: real('assets/x.js'), contentType: 'text/javascript; charset=utf-8', cacheControl: IMMUTABLE_CACHE })
    expect(at('/assets/x.css')).toMatchObject({ contentType: 'text/css; charset=utf-8', cacheControl: IMMUTABLE_CACHE })
    expect(at('/assets/nested/font.WOFF2')).toMatchObject({ contentType: 'font/woff2', cacheControl: IMMUTABLE_CACHE })
    expect(at('/assets/blob.bin')).toMatchObject({ contentType: 'application/octet-stream', cacheControl: IMMUTABLE_CACHE })
    expect(at('/assets/x.js?v=1')).toMatchObject({ file: real('assets/x.js') })
  })

  it('other files outside assets/ revalidate', () => {
    expect(at('/manifest.json')).toEqual({ file: real('manifest.json'), contentType: 'application/json', cacheControl: 'no-cache' })
    expect(at('/icon.svg')).toMatchObject({ contentType: 'image/svg+xml', cacheControl: 'no-cache' })
  })

  it('percent-encoded ordinary characters decode; a symlink that stays inside is followed', () => {
    expect(at('/assets/%78.js')).toMatchObject({ file: real('assets/x.js') })
    expect(at('/alias.html')).toEqual({ file: real('index.html'), contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' })
  })
})

describe('resolveAppRequest: refusals (→ 404)', () => {
  const refused: [string, string][] = [
    ['other scheme', 'file:///etc/passwd'],
    ['other scheme, same host', 'https://tokendesk/index.html'],
    ['scheme prefix only', 'apps://tokendesk/index.html'],
    ['other host', 'app://evil/index.html'],
    ['host prefix', 'app://tokendesk.evil.example/index.html'],
    ['host prefix without dot', 'app://tokendeskx/index.html'],
    ['port', 'app://tokendesk:80/index.html'],
    ['user info', 'app://tokendesk@evil/index.html'],
    ['upper-case host (not canonical)', 'app://TOKENDESK/index.html'],
    ['not a URL', 'index.html'],
    ['empty', ''],
    ['dot-dot', `${APP_ORIGIN}/../secret.txt`],
    ['dot-dot inside', `${APP_ORIGIN}/assets/../../secret.txt`],
    ['dot-dot that would stay inside', `${APP_ORIGIN}/assets/../index.html`],
    ['dot segment', `${APP_ORIGIN}/./index.html`],
    ['encoded dot-dot', `${APP_ORIGIN}/%2e%2e/secret.txt`],
    ['encoded dot-dot, upper case', `${APP_ORIGIN}/%2E%2E/secret.txt`],
    ['half-encoded dot-dot', `${APP_ORIGIN}/.%2e/secret.txt`],
    ['encoded slash', `${APP_ORIGIN}/..%2fsecret.txt`],
    ['encoded slash in a name', `${APP_ORIGIN}/assets%2Fx.js`],
    ['encoded backslash', `${APP_ORIGIN}/..%5csecret.txt`],
    ['encoded backslash in a name', `${APP_ORIGIN}/assets%5Cx.js`],
    ['backslash', `${APP_ORIGIN}/assets\\x.js`],
    ['backslash dot-dot', `${APP_ORIGIN}/..\\secret.txt`],
    ['NUL', `${APP_ORIGIN}/index.html\0.png`],
    ['encoded NUL', `${APP_ORIGIN}/index.html%00.png`],
    ['malformed escape', `${APP_ORIGIN}/%E0%A4%A`],
    ['absolute path (double slash)', `${APP_ORIGIN}//etc/passwd`],
    ['absolute path (encoded)', `${APP_ORIGIN}/%2Fetc%2Fpasswd`],
    ['drive letter', `${APP_ORIGIN}/C:/Windows/win.ini`],
    ['directory', `${APP_ORIGIN}/assets`],
    ['directory with slash', `${APP_ORIGIN}/assets/`],
    ['empty segment', `${APP_ORIGIN}/assets//x.js`],
    ['missing file', `${APP_ORIGIN}/nope.js`],
    ['missing file in assets', `${APP_ORIGIN}/assets/nope.js`],
    ['symlink to a file outside', `${APP_ORIGIN}/assets/leak.js`],
    ['symlinked directory outside', `${APP_ORIGIN}/linked/y.js`],
    ['dangling symlink', `${APP_ORIGIN}/dangling.js`],
  ]
  it.each(refused)('%s: %s', (_label, url) => {
    expect(resolveAppRequest(dir, url)).toBeNull()
  })

  it('an absolute path of a real file outside is looked up inside, or refused', () => {
    const secret = path.join(t.dir, 'secret.txt')
    expect(at(secret.split(path.sep).join('/').replace(/^\/*/, '/'))).toBeNull()
    expect(at(`/${encodeURIComponent(secret)}`)).toBeNull()
  })

  it('the renderer dir itself, reached through a symlink, still confines requests', () => {
    const link = path.join(t.dir, 'renderer-link')
    fs.symlinkSync(dir, link, 'dir')
    expect(resolveAppRequest(link, APP_INDEX_URL)).toMatchObject({ file: real('index.html') })
    expect(resolveAppRequest(link, `${APP_ORIGIN}/assets/leak.js`)).toBeNull()
  })

  it('a missing renderer dir serves nothing', () => {
    expect(resolveAppRequest(path.join(t.dir, 'no-such-dir'), APP_INDEX_URL)).toBeNull()
  })
})
