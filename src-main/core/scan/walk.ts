import fs from 'node:fs'
import path from 'node:path'
import type { SkipReason } from './report'

export type { SkipReason }

/** Folders a scan never enters: tools' own data, not text a person wrote (.git is read by --git instead). */
export const SCAN_SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '.tox', '__pycache__', '.mypy_cache', '.pytest_cache', 'site-packages', '.cache', '.ipynb_checkpoints'])
/** A file larger than this is not a file a person wrote a token into by hand. */
export const SCAN_MAX_FILE_BYTES = 20 * 1024 * 1024
const BINARY_SNIFF = 8192

/** What a scan read and passed over: counts, bytes, and the first few paths per reason. */
export class ScanTally {
  files = 0
  bytes = 0
  /** The files read, so a scan can tell which recorded copies it covered (found-copies-plan.ts). */
  readonly read = new Set<string>()
  readonly skipped = new Map<SkipReason, { count: number; examples: string[] }>()
  skip(reason: SkipReason, p: string): void {
    const s = this.skipped.get(reason) ?? { count: 0, examples: [] }
    s.count++
    if (s.examples.length < 3) s.examples.push(p)
    this.skipped.set(reason, s)
  }
}

/** A file's bytes when it is one to scan (regular, not too large, not binary), else null with the reason tallied. */
export function readScannable(file: string, tally: ScanTally, opts: { allowBinary?: boolean } = {}): Buffer | null {
  let st: fs.Stats
  try {
    st = fs.lstatSync(file)
  } catch {
    tally.skip('unreadable', file)
    return null
  }
  if (st.isSymbolicLink()) return tally.skip('symbolic link', file), null
  if (!st.isFile()) return tally.skip('not a regular file', file), null
  if (st.size > SCAN_MAX_FILE_BYTES) return tally.skip('too large', file), null
  let buf: Buffer
  try {
    // O_NONBLOCK: a FIFO swapped in since the lstat does not block the scan.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0))
    try {
      if (!fs.fstatSync(fd).isFile()) return tally.skip('not a regular file', file), null
      buf = fs.readFileSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    tally.skip('unreadable', file)
    return null
  }
  if (buf.length > SCAN_MAX_FILE_BYTES) return tally.skip('too large', file), null
  if (!opts.allowBinary && buf.subarray(0, BINARY_SNIFF).includes(0)) return tally.skip('binary', file), null
  tally.files++
  tally.bytes += buf.length
  tally.read.add(file)
  return buf
}

/** Every file under `root` (not following links: a link loop or a link to / never ends the walk), git repositories found on the way. */
export function walkFiles(root: string, tally: ScanTally, onFile: (file: string) => void, onRepo: (dir: string) => void): void {
  const walk = (dir: string) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      tally.skip('unreadable', dir)
      return
    }
    for (const e of entries) {
      const p = path.join(dir, e.name)
      if (e.isDirectory()) {
        if (e.name === '.git') onRepo(dir)
        if (SCAN_SKIP_DIRS.has(e.name)) tally.skip('skipped folder', p)
        else walk(p)
      } else if (e.isSymbolicLink()) tally.skip('symbolic link', p)
      else if (e.isFile()) onFile(p)
      else tally.skip('not a regular file', p)
    }
  }
  walk(root)
}
