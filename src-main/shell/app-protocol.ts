import fs from 'node:fs'
import path from 'node:path'

/**
 * The packaged renderer is served from `app://tokendesk/`, a privileged standard scheme, instead
 * of file://: Chromium keeps V8's code cache only for http(s) and schemes registered with
 * `{ standard: true, codeCache: true }`, and a real origin keeps the page away from the file
 * system. This module maps request URLs to files; it must not import electron (unit-tested).
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'tokendesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** Vite puts content-hashed names under assets/: a name never gets new content. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable'

/** The renderer's file types; the browser tests' loopback server serves the build with these too. */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

export interface AppFile {
  /** Real path of the file, inside the real rendererDir. */
  file: string
  contentType: string
  cacheControl: string
}

/**
 * The file under rendererDir that an app:// URL names, or null (answer 404). Chromium already
 * canonicalises standard URLs, but the checks here do not rely on that: anything that could
 * step out of rendererDir (dot segments, encoded or literal separators, NUL, drive letters,
 * symlinks leading out) or is not a regular file is refused.
 */
export function resolveAppRequest(rendererDir: string, url: string): AppFile | null {
  // Exact origin, so `app://tokendesk.evil/`, `app://tokendesk:1/` and `app://x@tokendesk/` fail.
  if (!url.startsWith(APP_ORIGIN)) return null
  const rest = url.slice(APP_ORIGIN.length)
  if (rest !== '' && !/^[/?#]/.test(rest)) return null
  const rawPath = rest.split(/[?#]/, 1)[0]!
  if (rawPath.includes('\\') || rawPath.includes('\0')) return null

  const segments: string[] = []
  if (rawPath !== '' && rawPath !== '/') {
    for (const raw of rawPath.slice(1).split('/')) {
      let seg: string
      try {
        seg = decodeURIComponent(raw)
      } catch {
        return null // malformed escape
      }
      // Empty segments (`//x`, a trailing `/`) would mean an absolute path or a directory.
      if (seg === '' || seg === '.' || seg === '..' || /[/\\\0:]/.test(seg)) return null
      segments.push(seg)
    }
  }
  if (segments.length === 0) segments.push('index.html')

  let root: string
  let file: string
  try {
    root = fs.realpathSync(rendererDir)
    file = fs.realpathSync(path.join(root, ...segments))
    if (!file.startsWith(root + path.sep) || !fs.statSync(file).isFile()) return null
  } catch {
    return null // missing file, dangling symlink, unreadable directory
  }

  const rel = segments.join('/')
  return {
    file,
    contentType: CONTENT_TYPES[path.extname(rel).toLowerCase()] ?? 'application/octet-stream',
    cacheControl: segments.length > 1 && segments[0] === 'assets' ? IMMUTABLE_CACHE : 'no-cache',
  }
}
