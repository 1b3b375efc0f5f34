import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { TokenDeskError } from '../errors'

/** How many earlier versions of each file are kept. */
export const KEEP_BACKUPS = 5
/** What older TokenDesk versions left beside a file; moved into the data folder on the next write. */
export const SIDE_BACKUP_SUFFIX = '.tokendesk-backup'

/**
 * Backups of the config files TokenDesk changes live in its data folder (`file-backups/`), never
 * beside the file: a project's `.gitignore` for `.env` does not cover `.env.tokendesk-backup`, and
 * a backup holds the previous secret. One folder per file (named by a hash of its path, with the
 * path in `source`), files 0600, the newest KEEP_BACKUPS kept.
 */
export function backupFolder(root: string, file: string): string {
  return path.join(root, createHash('sha256').update(file).digest('hex').slice(0, 16))
}

function writePrivate(target: string, data: Buffer | string): void {
  const fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0), 0o600)
  try {
    fs.writeFileSync(fd, data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

function ensureFolder(root: string, file: string): string {
  const dir = backupFolder(root, file)
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const source = path.join(dir, 'source')
  if (!fs.existsSync(source)) writePrivate(source, file)
  return dir
}

const stamp = (now: number) => new Date(now).toISOString().replace(/[:.]/g, '-')

/** Keeps `bytes` as the newest backup of `file`; returns its path. Older ones beyond KEEP_BACKUPS go. */
export function saveBackup(root: string, file: string, bytes: Buffer, now: number): string {
  try {
    const dir = ensureFolder(root, file)
    let target = path.join(dir, `${stamp(now)}-${path.basename(file)}`)
    for (let n = 2; fs.existsSync(target); n++) target = path.join(dir, `${stamp(now)}-${n}-${path.basename(file)}`)
    writePrivate(target, bytes)
    for (const old of listBackups(root, file).slice(KEEP_BACKUPS)) fs.rmSync(old, { force: true })
    return target
  } catch (e) {
    if (e instanceof TokenDeskError) throw e
    throw new TokenDeskError('storage', `could not keep a backup of ${file} in ${root}: ${(e as NodeJS.ErrnoException).code ?? 'error'}; nothing was written`)
  }
}

/** The backups of `file`, newest first. */
export function listBackups(root: string, file: string): string[] {
  const dir = backupFolder(root, file)
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  return names
    .filter((n) => n !== 'source')
    .sort()
    .reverse()
    .map((n) => path.join(dir, n))
}

/**
 * Moves a `FILE.tokendesk-backup` an older TokenDesk left beside the file into the data folder.
 * Only a regular file is moved (a link is left alone); returns where it went, or null.
 */
export function adoptSideBackup(root: string, file: string, now: number): string | null {
  const side = file + SIDE_BACKUP_SUFFIX
  let st: fs.Stats
  try {
    st = fs.lstatSync(side)
  } catch {
    return null
  }
  if (!st.isFile()) return null
  const kept = saveBackup(root, file, fs.readFileSync(side), Math.min(now, st.mtimeMs))
  fs.rmSync(side, { force: true })
  return kept
}
