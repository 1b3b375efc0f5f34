/**
 * The file format of the hot bundle's V8 code cache (code-cache.ts loads and writes it). Pure.
 *
 *   tokendesk-v8-code-cache 1\n
 *   {"node":"v24.…","arch":"x64","source":N,"data":M}\n
 *   N bytes: the bundle's source, exactly as compiled
 *   M bytes: V8's code cache for it
 *
 * Why the source is in the file: V8 accepts a code cache for any source of the same length (its
 * own check is the length, not the contents) and then runs the cached code, not the source's —
 * a rebuilt bundle of the same size would run the old build. Comparing the bytes is exact and
 * costs a memcmp; hashing 100 KB in JavaScript at start-up cost more than the cache saves, and
 * node:crypto or node:zlib take 2–5 ms to load. Node's version and the architecture are in the
 * header because V8 rejects another version's cache only after reading all of it.
 */

const MAGIC = 'tokendesk-v8-code-cache 1\n'

export interface Runtime {
  node: string
  arch: string
}

export function encodeCodeCache(runtime: Runtime, source: Buffer, data: Buffer): Buffer {
  const header = JSON.stringify({ node: runtime.node, arch: runtime.arch, source: source.length, data: data.length })
  return Buffer.concat([Buffer.from(`${MAGIC}${header}\n`, 'utf8'), source, data])
}

/** V8's data from `file` when it was made by this runtime for exactly `source`; otherwise why not. */
export function decodeCodeCache(file: Buffer, runtime: Runtime, source: Buffer): { data: Buffer } | { stale: string } {
  if (file.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) return { stale: 'not a TokenDesk code cache' }
  const eol = file.indexOf(0x0a, MAGIC.length)
  if (eol < 0) return { stale: 'no header' }
  let header: unknown
  try {
    header = JSON.parse(file.subarray(MAGIC.length, eol).toString('utf8'))
  } catch {
    return { stale: 'unreadable header' }
  }
  const h = header as Partial<Record<'node' | 'arch' | 'source' | 'data', unknown>>
  if (h.node !== runtime.node || h.arch !== runtime.arch) return { stale: 'made by another Node.js' }
  if (typeof h.source !== 'number' || typeof h.data !== 'number') return { stale: 'unreadable header' }
  const start = eol + 1
  if (file.length !== start + h.source + h.data) return { stale: 'truncated' }
  if (h.source !== source.length || !file.subarray(start, start + h.source).equals(source)) return { stale: 'made for another build of the bundle' }
  return { data: file.subarray(start + h.source) }
}

/**
 * Whether a cache file may be loaded: the cache is code, so it must be as trustworthy as the
 * bundle beside it — owned by the bundle's owner or by this user, and writable by nobody else.
 * Windows has no POSIX modes (`uid` is undefined there); the folder's ACL is the bundle's.
 */
export function trustedCacheFile(cache: { uid: number; mode: number }, bundleOwner: number, uid: number | undefined): boolean {
  if (uid === undefined) return true
  return (cache.uid === bundleOwner || cache.uid === uid) && (cache.mode & 0o022) === 0
}
