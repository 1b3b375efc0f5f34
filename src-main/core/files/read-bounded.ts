import { type Stats, closeSync, constants as fsConstants, fstatSync, openSync, readSync } from 'node:fs'
import { invalid, TokenDeskError } from '../errors'

/**
 * Every file TokenDesk reads on a user's behalf (import, config write, where, scan, backup
 * restore) is read here: opened without blocking and without following a final symlink where
 * asked, then checked on the open descriptor — a regular file, no larger than the limit — and
 * read with that bound. A FIFO named `a.json` used to hang `import` forever, and a link to
 * /dev/zero grew the process by gigabytes a second: the kind is now checked on the descriptor
 * (no window for a swap between a check and the read) and no read goes past the limit, even for
 * a file that grows while it is read.
 */

/** What the descriptor's fstat said: what a later check compares against (sdk-config/write.ts). */
export interface FileIdentity {
  dev: number
  ino: number
  size: number
  mtimeMs: number
  mode: number
}

export interface BoundedRead {
  bytes: Buffer
  identity: FileIdentity
}

export interface ReadOptions {
  maxBytes: number
  /** Refuse a symbolic link as the last part of the path (writers never write through one). */
  noFollow?: boolean
}

const O_NONBLOCK = fsConstants.O_NONBLOCK ?? 0
const O_NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0

/** What a non-regular file is, in words a person knows. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a folder'
  if (st.isFIFO()) return 'a named pipe (FIFO)'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isSocket()) return 'a socket'
  if (st.isSymbolicLink()) return 'a symbolic link'
  return 'not a regular file'
}

export const identityOf = (st: Stats): FileIdentity => ({ dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, mode: st.mode })

export const sameIdentity = (a: FileIdentity, b: FileIdentity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.mode === b.mode

const sizeWords = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`)

function ioError(e: unknown, file: string): TokenDeskError {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown error'
  if (code === 'EACCES' || code === 'EPERM') return new TokenDeskError('permission_denied', `could not read ${file}: permission denied`)
  if (code === 'ELOOP') return invalid(`${file} is a symbolic link; TokenDesk does not read or write through links here. Name the real file`)
  if (code === 'EISDIR') return invalid(`${file} is a folder, not a file`)
  return new TokenDeskError('storage', `could not read ${file}: ${code}`)
}

/** The file's bytes and identity, or null when it does not exist. Throws a clear error for anything else. */
export function readBounded(file: string, opts: ReadOptions): BoundedRead | null {
  let fd: number
  try {
    fd = openSync(file, fsConstants.O_RDONLY | O_NONBLOCK | (opts.noFollow ? O_NOFOLLOW : 0))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw ioError(e, file)
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) throw invalid(`${file} is ${fileKind(st)}, not a regular file; TokenDesk left it alone`)
    if (st.size > opts.maxBytes) throw invalid(`${file} is larger than ${sizeWords(opts.maxBytes)} (${sizeWords(st.size)}); TokenDesk did not read it`)
    // Read in chunks up to one byte past the limit: a file that grew since the fstat is still bounded.
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, opts.maxBytes + 1))
    const parts: Buffer[] = []
    let total = 0
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null)
      if (got === 0) break
      total += got
      if (total > opts.maxBytes) throw invalid(`${file} grew past ${sizeWords(opts.maxBytes)} while it was read; TokenDesk did not read it`)
      parts.push(Buffer.from(chunk.subarray(0, got)))
    }
    return { bytes: Buffer.concat(parts, total), identity: identityOf(st) }
  } catch (e) {
    throw e instanceof TokenDeskError ? e : ioError(e, file)
  } finally {
    closeSync(fd)
  }
}
