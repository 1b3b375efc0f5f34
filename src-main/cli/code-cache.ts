import { type Stats, closeSync, fstatSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { Script } from 'node:vm'
import { type Runtime, decodeCodeCache, encodeCodeCache, trustedCacheFile } from './code-cache-file'

/**
 * Loads a CommonJS bundle with a V8 code cache kept beside it (`BUNDLE.v8-cache`), written from
 * what a whole run compiled.
 *
 * Why not Node's own compile cache (module.enableCompileCache): it saves V8's cache right after
 * compiling, which holds only the top level; every function a command calls is compiled again in
 * every process. This cache is made at the end of a successful run, so it holds those functions
 * too: 2.4–3 ms less of each `credential-process` (docs/development.md "Performance"). And it
 * lives beside the bundle, not in a shared temporary folder: a cache is code this process runs,
 * so it must be no easier to change than the bundle itself (trustedCacheFile).
 *
 * The bundle must not call `import()` at run time (a Script has no module loader for it
 * without an experimental option that warns on stderr): the build turns them into require().
 */
export type CacheState = 'used' | 'absent' | 'stale' | 'rejected' | 'untrusted'

export interface LoadedBundle<T> {
  exports: T
  /** What became of the cache at load: used, or why not. */
  state: CacheState
  /** Writes the cache from what this process has compiled so far; false when it could not (a read-only folder). */
  save(): boolean
}

export function codeCacheFileOf(bundle: string): string {
  return `${bundle}.v8-cache`
}

const RUNTIME: Runtime = { node: process.version, arch: process.arch }

export function loadBundle<T>(bundle: string): LoadedBundle<T> {
  const fd = openSync(bundle, 'r')
  let source: Buffer
  let owner: number
  try {
    owner = fstatSync(fd).uid
    source = readFileSync(fd)
  } finally {
    closeSync(fd)
  }
  const cacheFile = codeCacheFileOf(bundle)
  let state: CacheState = 'absent'
  let cachedData: Buffer | undefined
  const cached = readCache(cacheFile)
  if (cached) {
    if (!trustedCacheFile(cached.stat, owner, process.getuid?.())) state = 'untrusted'
    else {
      const found = decodeCodeCache(cached.bytes, RUNTIME, source)
      if ('data' in found) cachedData = found.data
      else state = 'stale'
    }
  }
  // The same parameters as Node's CommonJS wrapper, so the bundle cannot tell the difference.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source.toString('utf8')}\n})`, {
    filename: bundle,
    cachedData,
  })
  if (cachedData) state = script.cachedDataRejected ? 'rejected' : 'used'
  const module = { exports: {} as T }
  ;(script.runInThisContext() as (...a: unknown[]) => void)(module.exports, createRequire(bundle), module, bundle, dirname(bundle))
  return {
    exports: module.exports,
    state,
    save: () => writeCache(cacheFile, () => encodeCodeCache(RUNTIME, source, script.createCachedData())),
  }
}

function readCache(file: string): { bytes: Buffer; stat: Stats } | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch {
    return null // none yet (or unreadable: then it is made again, and the write says whether it can be)
  }
  try {
    return { stat: fstatSync(fd), bytes: readFileSync(fd) }
  } catch {
    return null
  } finally {
    closeSync(fd)
  }
}

/**
 * Replaces the cache in one rename, so a process starting meanwhile reads the old file or the
 * new one, never half of one. The file is opened before V8 serializes anything: a folder this
 * user cannot write (an installation owned by root) just has no cache, at no cost.
 */
function writeCache(file: string, bytes: () => Buffer): boolean {
  const tmp = `${file}.${process.pid}.tmp`
  let fd: number
  try {
    fd = openSync(tmp, 'wx', 0o644)
  } catch {
    return false
  }
  try {
    writeFileSync(fd, bytes())
    closeSync(fd)
    renameSync(tmp, file)
    return true
  } catch {
    try {
      closeSync(fd)
    } catch {
      // already closed
    }
    rmSync(tmp, { force: true })
    return false
  }
}
