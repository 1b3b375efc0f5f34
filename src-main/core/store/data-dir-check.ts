import { mkdirSync, statSync, statfsSync } from 'node:fs'
import { dirname, resolve as resolvePath } from 'node:path'
import { TokenDeskError } from '../errors'

/**
 * Makes sure the data folder can hold a database before SQLite is asked to: a folder under /proc
 * made the recursive mkdir spin forever, and /sys, /dev/null/… or a read-only disk gave raw errno
 * text. Each now gets a message that names the folder and what to do.
 */

/** Linux kernel pseudo file systems (statfs f_type, linux/magic.h): nothing there is a disk. */
const PSEUDO_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
])

const bad = (dir: string, why: string) =>
  new TokenDeskError('storage', `TokenDesk cannot keep its data in ${dir}: ${why}. Choose a folder on a disk you can write (TOKENDESK_HOME), or unset it.`)

/** The nearest part of `dir` that exists, or null. */
function existingAncestor(dir: string): string | null {
  let cur = dir
  for (;;) {
    try {
      statSync(cur)
      return cur
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      // ENOTDIR: a file on the way (/dev/null/x); the ancestor check below names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw bad(dir, `${cur} cannot be read (${code})`)
    }
    const up = dirname(cur)
    if (up === cur) return null
    cur = up
  }
}

export function prepareDataDir(dataDir: string, platform: NodeJS.Platform = process.platform): void {
  const dir = resolvePath(dataDir)
  const base = existingAncestor(dir)
  if (base !== null) {
    if (!statSync(base).isDirectory()) throw bad(dir, `${base} is not a folder`)
    if (platform === 'linux') {
      const kind = PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(base).type))
      if (kind) throw bad(dir, `${base} is on ${kind}, a kernel file system, not a disk`)
    }
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why =
      code === 'EACCES' || code === 'EPERM'
        ? 'you may not create or write it'
        : code === 'EROFS'
          ? 'it is on a read-only disk'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : `it cannot be created (${code ?? 'unknown error'})`
    throw bad(dir, why)
  }
  if (!statSync(dir).isDirectory()) throw bad(dir, 'it is not a folder')
}
