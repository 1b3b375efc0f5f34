import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { TokenDeskError } from '../errors'
import type { BackupSealer } from './backup-sealer'

/** How many earlier versions of each file are kept. */
export const KEEP_BACKUPS = 5
/** What older TokenDesk versions left beside a file; moved into the data folder on the next write. */
export const SIDE_BACKUP_SUFFIX = '.tokendesk-backup'
/** A kept version: age-encrypted (backup-sealer.ts). */
export const SEALED_SUFFIX = '.age'
/** Beside each version: the ids of the tokens whose entries the file held then, one a line. */
const TOKENS_SUFFIX = '.tokens'
const SOURCE = 'source'

/**
 * Earlier versions of the config files TokenDesk changes live in its data folder (`file-backups/`),
 * never beside the file: a project's `.gitignore` for `.env` does not cover `.env.tokendesk-backup`,
 * and a version holds the previous secret. One folder per file (named by a hash of its path, with
 * the path in `source`), the newest KEEP_BACKUPS kept, each sealed with age to a key in the
 * keychain (never plaintext on disk) and tagged with the tokens it held, so deleting a token
 * deletes the versions that held its secret.
 */
export function backupFolder(root: string, file: string): string {
  return path.join(root, createHash('sha256').update(file).digest('hex').slice(0, 16))
}

function writePrivate(target: string, data: Uint8Array | string): void {
  const fd = fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0), 0o600)
  try {
    fs.writeFileSync(fd, data)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

const stamp = (now: number) => new Date(now).toISOString().replace(/[:.]/g, '-')
const isVersion = (name: string) => name !== SOURCE && !name.endsWith(TOKENS_SUFFIX)

/** The versions of `file`, newest first (sealed ones, and plaintext ones an older TokenDesk left until they are sealed). */
export function listBackups(root: string, file: string): string[] {
  const dir = backupFolder(root, file)
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  return names
    .filter(isVersion)
    .sort()
    .reverse()
    .map((n) => path.join(dir, n))
}

function removeVersion(p: string): void {
  fs.rmSync(p, { force: true })
  fs.rmSync(p + TOKENS_SUFFIX, { force: true })
}

/** The versions and their token tags, for one file's changes. */
export class FileBackups {
  constructor(
    readonly root: string,
    private readonly sealer: BackupSealer,
  ) {}

  /**
   * Before a change of `file`: a side backup an older TokenDesk left beside it comes into the data
   * folder, and plaintext versions an older TokenDesk kept are sealed (tagged with the tokens the
   * file holds now: the best that is known of them).
   */
  async prepare(file: string, tokenIds: readonly string[], now: number): Promise<void> {
    const side = file + SIDE_BACKUP_SUFFIX
    let st: fs.Stats | undefined
    try {
      st = fs.lstatSync(side)
    } catch {
      st = undefined
    }
    if (st?.isFile()) {
      this.keep(file, await this.seal(fs.readFileSync(side)), Math.min(now, st.mtimeMs), tokenIds)
      fs.rmSync(side, { force: true })
    }
    for (const p of listBackups(this.root, file)) {
      if (p.endsWith(SEALED_SUFFIX)) continue
      const sealed = await this.seal(fs.readFileSync(p))
      writePrivate(p + SEALED_SUFFIX, sealed)
      writePrivate(p + SEALED_SUFFIX + TOKENS_SUFFIX, tokenIds.join('\n'))
      fs.rmSync(p, { force: true })
    }
  }

  seal(bytes: Uint8Array): Promise<Uint8Array> {
    return this.sealer.seal(bytes)
  }

  /** Opens a kept version (what `where` offers to compare); a plaintext one as it is. */
  async open(version: string): Promise<Uint8Array> {
    const bytes = fs.readFileSync(version)
    return version.endsWith(SEALED_SUFFIX) ? this.sealer.open(bytes) : bytes
  }

  /** Keeps `sealed` as the newest version of `file` (synchronous: it runs just before the swap); older ones beyond KEEP_BACKUPS go. */
  keep(file: string, sealed: Uint8Array, now: number, tokenIds: readonly string[]): string {
    try {
      const dir = backupFolder(this.root, file)
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
      const source = path.join(dir, SOURCE)
      if (!fs.existsSync(source)) writePrivate(source, file)
      let target = path.join(dir, `${stamp(now)}-${path.basename(file)}${SEALED_SUFFIX}`)
      for (let n = 2; fs.existsSync(target); n++) target = path.join(dir, `${stamp(now)}-${n}-${path.basename(file)}${SEALED_SUFFIX}`)
      writePrivate(target + TOKENS_SUFFIX, [...new Set(tokenIds)].join('\n'))
      writePrivate(target, sealed)
      for (const old of listBackups(this.root, file).slice(KEEP_BACKUPS)) removeVersion(old)
      return target
    } catch (e) {
      if (e instanceof TokenDeskError) throw e
      throw new TokenDeskError('storage', `could not keep a backup of ${file} in ${this.root}: ${(e as NodeJS.ErrnoException).code ?? 'error'}; nothing was written`)
    }
  }
}

/**
 * Deletes every kept version that held an entry of token `tokenId` (its tag says so), in every
 * file's folder: a deleted token's secret must not outlive it on disk, even sealed. Returns how many.
 */
export function purgeTokenBackups(root: string, tokenId: string): number {
  let folders: string[]
  try {
    folders = fs.readdirSync(root)
  } catch {
    return 0
  }
  let n = 0
  for (const f of folders) {
    const dir = path.join(root, f)
    let names: string[]
    try {
      names = fs.readdirSync(dir)
    } catch {
      continue
    }
    for (const name of names.filter((x) => x.endsWith(TOKENS_SUFFIX))) {
      const tags = fs.readFileSync(path.join(dir, name), 'utf8').split('\n')
      if (!tags.includes(tokenId)) continue
      removeVersion(path.join(dir, name.slice(0, -TOKENS_SUFFIX.length)))
      n++
    }
  }
  return n
}

/** The data folder's home for the previous versions of files TokenDesk changed. */
export const fileBackupRoot = (dataDir: string): string => path.join(dataDir, 'file-backups')
