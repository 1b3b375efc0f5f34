import fs from 'node:fs'
import path from 'node:path'
import { readBounded } from '../files/read-bounded'
import { TokenDeskError, invalid } from '../errors'
import { MAX_BACKUP_BYTES } from './format'

/** The largest file restore reads: the largest plaintext plus age's per-chunk tags and header. */
export const MAX_SEALED_BYTES = MAX_BACKUP_BYTES + MAX_BACKUP_BYTES / 1024 + 4096

/**
 * Writes the sealed backup: created 0600 under a temporary name beside the target, flushed, then
 * renamed over it, so a crash leaves the old file or the new one, never half of one. An existing
 * file is replaced only with `overwrite`; a symlink is never followed.
 */
export function writeBackupFile(target: string, sealed: Uint8Array, opts: { overwrite: boolean }): void {
  const file = checkBackupTarget(target, opts)
  const dir = path.dirname(file)
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`)
  let fd: number | undefined
  try {
    fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o600)
    fs.writeSync(fd, sealed)
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fd = undefined
    fs.renameSync(tmp, file)
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd)
    fs.rmSync(tmp, { force: true })
    throw ioError(file, e)
  }
}

/**
 * The checks of writeBackupFile alone, made before the (slow) encryption too, so a target that
 * will be refused is refused at once. Returns the absolute path.
 */
export function checkBackupTarget(target: string, opts: { overwrite: boolean }): string {
  const file = path.resolve(target)
  let existing: fs.Stats | undefined
  try {
    existing = fs.lstatSync(file)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(file, e)
  }
  if (existing?.isSymbolicLink()) throw invalid(`${file} is a symbolic link; give the real path of the backup file`)
  if (existing && !existing.isFile()) throw invalid(`${file} exists and is not a regular file`)
  if (existing && !opts.overwrite) throw new TokenDeskError('conflict', `${file} already exists; choose another file or pass --force to replace it`)
  const dir = path.dirname(file)
  try {
    if (!fs.statSync(dir).isDirectory()) throw invalid(`${dir} is not a folder`)
    fs.accessSync(dir, fs.constants.W_OK)
  } catch (e) {
    if (e instanceof TokenDeskError) throw e
    throw ioError(dir, e)
  }
  return file
}

/** Reads a backup file, refusing what cannot be one before reading it whole. */
export function readBackupFile(source: string): Uint8Array {
  const file = path.resolve(source)
  let r: ReturnType<typeof readBounded>
  try {
    // Kind and size checked on the open descriptor, the read bounded (files/read-bounded.ts): a FIFO
    // or a link to /dev/zero named x.age neither blocks nor fills the memory.
    r = readBounded(file, { maxBytes: MAX_SEALED_BYTES })
  } catch (e) {
    if (e instanceof TokenDeskError && /larger than/.test(e.message)) {
      throw invalid(`${file} is too large for a TokenDesk backup (${Math.round(fs.statSync(file).size / 2 ** 20)} MiB; at most ${MAX_BACKUP_BYTES / 2 ** 20} MiB); nothing was changed`)
    }
    throw e instanceof TokenDeskError ? new TokenDeskError(e.code, `${e.message}; nothing was changed`) : ioError(file, e)
  }
  if (r === null) throw ioError(file, Object.assign(new Error('missing'), { code: 'ENOENT' }))
  return r.bytes
}

function ioError(file: string, e: unknown): TokenDeskError {
  const code = (e as NodeJS.ErrnoException).code
  const why =
    code === 'ENOENT' ? 'no such file or folder'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ELOOP' ? 'it is a symbolic link'
    : (code ?? 'error')
  return new TokenDeskError('storage', `cannot use ${file}: ${why}; nothing was changed`)
}
