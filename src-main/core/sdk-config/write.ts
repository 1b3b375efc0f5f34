import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { invalid, isTokenDeskError, TokenDeskError } from '../errors'
import { readBounded, sameIdentity, type BoundedRead, type FileIdentity } from '../files/read-bounded'
import { pausePoint } from '../pause-point'
import type { FileBackups } from './file-backups'
import { otherProcessAlive } from '../process-alive'
import { unifiedDiff } from './diff'
import type { FileFormat } from './catalog'
import { entrySecrets, renderConfig, resolveConfigPath, type ConfigEntry, type PathContext } from './formats'
import { removeEntryText } from './remove-entry'

/**
 * The only module here that touches the disk. Renderers are pure; this reads the current file,
 * renders, and replaces the file atomically (temp file in the same directory, fsync, rename) so
 * an SDK never sees a half-written credentials file and a crash leaves either old or new bytes.
 * Synchronous on purpose: the files are tiny and the sequence must not interleave with itself.
 */

export const MASK = '••••'
/** Credentials files are a few KB; anything huge is not what we think it is. */
export const MAX_CONFIG_BYTES = 1024 * 1024
const isWindows = process.platform === 'win32'

export interface ConfigWriteRequest extends PathContext {
  entry: ConfigEntry
}

export type { ConfigPreview } from './preview'
import type { ConfigPreview } from './preview'

export interface ConfigWriteResult {
  path: string
  created: boolean
  changed: boolean
  /** Copy of the previous file, or null when there was none (or nothing changed). */
  backupPath: string | null
}

const ioError = (e: unknown, what: string): TokenDeskError => {
  const code = (e as NodeJS.ErrnoException).code ?? 'unknown error'
  return code === 'EACCES' || code === 'EPERM'
    ? new TokenDeskError('permission_denied', `${what}: permission denied`)
    : new TokenDeskError('storage', `${what}: ${code}`)
}

/**
 * Reads the target if it exists, with what it is (identity) at that moment. A symlink is refused
 * rather than followed or replaced: writing through it would put a secret wherever the link
 * points, and renaming over it would silently turn a user's dotfile link into a plain file. A
 * FIFO, a device or a file over 1 MB is refused before anything is read (files/read-bounded.ts).
 */
function readExisting(file: string): BoundedRead | null {
  return readBounded(file, { maxBytes: MAX_CONFIG_BYTES, noFollow: true })
}

/** Thrown when the file is not what the plan read any more; the writer starts over (under its lock). */
export class FileChangedError extends TokenDeskError {
  constructor(readonly file: string) {
    super('conflict', `${file} changed while TokenDesk was writing it (another program is writing it); nothing was written. Try again`)
  }
}

/**
 * Whether the file is still exactly what `snap` read: gone when it was gone, else the same inode,
 * size, mtime, mode and bytes. Called just before the rename, so an edit another program made
 * since the plan read the file (an appended line, a foreign secret, a symlink put in its place)
 * is never overwritten with a text computed from the old bytes.
 */
function assertUnchanged(file: string, snap: Pick<Planned, 'old' | 'identity'>): void {
  let now: BoundedRead | null
  try {
    now = readExisting(file)
  } catch {
    throw new FileChangedError(file) // it became a link, a FIFO, too large...
  }
  if (now === null && snap.old === null) return
  if (now !== null && snap.old !== null && snap.identity !== null && sameIdentity(now.identity, snap.identity) && now.bytes.equals(snap.old)) return
  throw new FileChangedError(file)
}

const BOM = '\uFEFF'

/**
 * The file's text, with a leading UTF-8 byte order mark kept (ignoreBOM: true) so a rewrite keeps
 * it byte for byte; the renderers get the text without it (plan()).
 */
function decode(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    throw invalid(`${file} is not UTF-8 text; TokenDesk left it unchanged`)
  }
}

/** The file's current text (BOM kept), or null when it does not exist; the same checks as a write. */
export function readConfigText(file: string): string | null {
  return readConfigFile(file).text
}

/** One read of a config file: its bytes, its text (BOM kept) and its identity, for a plan and its check. */
export interface ConfigSnapshot {
  file: string
  old: Buffer | null
  /** The text with a leading BOM kept; null when the file does not exist. */
  text: string | null
  identity: FileIdentity | null
}

export function readConfigFile(file: string): ConfigSnapshot {
  const r = readExisting(file)
  return r === null ? { file, old: null, text: null, identity: null } : { file, old: r.bytes, text: decode(file, r.bytes), identity: r.identity }
}

/** A change of one file, planned from one read of it: what the write replaces and with what. */
export interface Planned {
  file: string
  old: Buffer | null
  oldText: string | null
  identity: FileIdentity | null
  newText: string
}

/** The write of the entry, planned from `snap` (read once); rendering throws for a broken file. */
export function planWrite(req: ConfigWriteRequest, snap: ConfigSnapshot = readConfigFile(resolveConfigPath(req.entry.format, req))): Planned {
  const bom = snap.text?.startsWith(BOM) ? BOM : ''
  const { text } = renderConfig(snap.text === null ? null : snap.text.slice(bom.length), req.entry, snap.file)
  return { file: snap.file, old: snap.old, oldText: snap.text, identity: snap.identity, newText: bom + text }
}

const plan = (req: ConfigWriteRequest): Planned => planWrite(req)

const SENSITIVE_KEY = /token|secret|password|passwd|api_?key|access_?key|credential|auth|value|connection_?string/i
const JSON_PAIR = /("(?:[^"\\]|\\.)*"\s*:\s*)"(?:[^"\\]|\\.)*"/g
const KEY_VALUE = /^(\s*(?:export\s+)?[^\s=:#;"'{[][^=:]*?\s*[=:]\s*)(\S.*)$/
/** Identifiers, not secrets: shown in clear even on removed lines, so a replaced account can be recognised. */
const IDENTIFIER_KEY = /^\s*(?:aws_access_key_id|region|output|channel|instance|url)\s*[=:]/i

/**
 * Masks a diff line: the entry's own secrets wherever they appear, string values of sensitive
 * JSON keys, and values of sensitive `key = value` / `key: value` lines (other profiles' keys may
 * be in the context). Removed lines are the entry's old values, so their values are always masked.
 */
export function maskLine(line: string, op: ' ' | '-' | '+', secrets: readonly string[]): string {
  let s = line
  for (const secret of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) s = s.split(secret).join(maskedValue(secret))
  s = s.replace(JSON_PAIR, (m, pre: string) => (SENSITIVE_KEY.test(pre) && !m.slice(pre.length).startsWith(`"${MASK}`) ? `${pre}"${maskedValue(JSON.parse(m.slice(pre.length)) as string)}"` : m))
  const kv = KEY_VALUE.exec(s)
  // A reference (tokendesk://NAME) names the token; it is no secret and is shown as it is.
  if (kv && /^['"]?tokendesk:\/\//.test(kv[2]!) && op !== '-') return s
  if (kv && !IDENTIFIER_KEY.test(kv[1]!) && (op === '-' || SENSITIVE_KEY.test(kv[1]!)) && !/^["']?••••/.test(kv[2]!)) s = kv[1]! + maskedValue(kv[2]!)
  return s
}

/**
 * A masked value: •••• and, for a value of 12 characters or more, its last 4 (as import shows a
 * found secret), so a diff's old and new lines tell apart (`••••ol01` → `••••0001`). Quotes around
 * the value are not part of it.
 */
export function maskedValue(value: string): string {
  const v = value.trim()
  const inner = v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0] ? v.slice(1, -1) : v
  return inner.length >= 12 ? `${MASK}${inner.slice(-4)}` : MASK
}

export function previewConfigWrite(req: ConfigWriteRequest, planned?: Planned): ConfigPreview {
  const p = planned ?? plan(req)
  const secrets = entrySecrets(req.entry)
  const changed = p.newText !== p.oldText
  const diff = changed ? unifiedDiff(p.oldText ?? '', p.newText, p.file, (line, op) => maskLine(line, op, secrets)) : ''
  // Belt and braces: the preview is shown and may be logged, so it must never carry the secret.
  if (secrets.some((s) => s.length > 0 && diff.includes(s))) throw new TokenDeskError('internal', 'preview redaction failed')
  return { path: p.file, exists: p.old !== null, changed, diff }
}

function ensureDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  } catch (e) {
    throw ioError(e, `could not create ${dir}`)
  }
  const st = fs.statSync(dir)
  if (!st.isDirectory()) throw invalid(`${dir} is not a directory`)
  // A world-writable directory without the sticky bit lets anyone swap our file underneath us.
  if (!isWindows && (st.mode & 0o002) !== 0 && (st.mode & 0o1000) === 0) {
    throw invalid(`${dir} is writable by everyone; TokenDesk will not put credentials there`)
  }
}

function fsyncDir(dir: string): void {
  if (isWindows) return
  try {
    const fd = fs.openSync(dir, 'r')
    try {
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
  } catch {
    // Some filesystems cannot fsync a directory; the rename itself is still atomic.
  }
}

const TEMP_SUFFIX = '.tokendesk-tmp'

/**
 * Temporary files an earlier, killed write left beside `target` (`.NAME.PID.HEX.tokendesk-tmp`).
 * They may hold a secret (0600), so they go as soon as their process is known dead; another
 * running TokenDesk process's temporary file is left to it.
 */
export function removeStrayTemps(target: string): string[] {
  const dir = path.dirname(target)
  const prefix = `.${path.basename(target)}.`
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue
    const pid = Number(name.slice(prefix.length).split('.')[0])
    // Older TokenDesk versions named them without a pid: those are left alone (and never this process's own).
    if (!Number.isInteger(pid) || pid === process.pid || otherProcessAlive(pid)) continue
    fs.rmSync(path.join(dir, name), { force: true })
    removed.push(name)
  }
  return removed
}

/**
 * Writes `data` to `target` atomically with mode 0600. `beforeRename` runs after the temporary
 * file is complete, immediately before the rename: a throw there leaves the target untouched.
 */
export function atomicWrite(target: string, data: Buffer | string, beforeRename?: () => void): void {
  const dir = path.dirname(target)
  removeStrayTemps(target)
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`)
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0)
  let fd: number
  try {
    fd = fs.openSync(tmp, flags, 0o600)
  } catch (e) {
    throw ioError(e, `could not write ${target}`)
  }
  try {
    try {
      if (!isWindows) fs.fchmodSync(fd, 0o600) // the umask cannot loosen it, but be explicit
      fs.writeFileSync(fd, data)
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    pausePoint('file:temp-written')
    beforeRename?.()
    fs.renameSync(tmp, target)
  } catch (e) {
    fs.rmSync(tmp, { force: true })
    throw isTokenDeskError(e) ? e : ioError(e, `could not write ${target}`)
  }
  fsyncDir(dir)
}

/**
 * Writes the entry into its file, the previous version sealed into `backups` (the data folder's
 * file-backups/, never beside the file). The services' pipeline (service.ts) does the same under
 * the file's lock; this is that pipeline without the lock and the placements, for the unit tests.
 */
export async function writeConfig(req: ConfigWriteRequest, backups: FileBackups, now: number = Date.now()): Promise<ConfigWriteResult> {
  const file = resolveConfigPath(req.entry.format, req)
  ensureDir(path.dirname(file))
  await backups.prepare(file, [], now)
  const p = plan(req)
  const sealed = p.old !== null && p.oldText !== p.newText ? await backups.seal(p.old) : null
  return { path: p.file, ...replaceFile(p, () => backups.keep(file, sealed!, now, [])) }
}

/** The folder a config file goes into, made (0700) and checked as a write needs it. */
export function prepareConfigDir(file: string): void {
  ensureDir(path.dirname(file))
}

/**
 * Keeps the old bytes (`keepOld`: sealed into the data folder's file-backups/, returning where),
 * then swaps in the new text atomically — only if the file is still what the plan read (else
 * FileChangedError, and nothing was swapped in).
 */
export function replaceFile(p: Planned, keepOld: (old: Buffer) => string): Omit<ConfigWriteResult, 'path'> {
  if (p.oldText === p.newText) return { created: false, changed: false, backupPath: null }
  let backupPath: string | null = null
  if (p.old !== null) {
    backupPath = keepOld(p.old)
    pausePoint('file:backup-written')
  }
  atomicWrite(p.file, p.newText, () => assertUnchanged(p.file, p))
  // The new file is in place; the caller has not yet recorded that it landed.
  pausePoint('file:swapped')
  return { created: p.old === null, changed: true, backupPath }
}

/** One entry to take out of a file: where, and in which format. */
export interface EntryRemoval {
  path: string
  format: FileFormat
  entry: string
}

/** The file without the entry, or null when the file or the entry is gone. A broken file throws. */
export function planRemoval(r: EntryRemoval, snap?: ConfigSnapshot): Planned | null {
  if (!path.isAbsolute(r.path)) throw invalid(`the config path must be absolute: ${r.path}`)
  const s = snap ?? readConfigFile(r.path)
  if (s.text === null) return null
  const bom = s.text.startsWith(BOM) ? BOM : ''
  const text = removeEntryText(r.format, s.text.slice(bom.length), r.entry, r.path)
  return text === null ? null : { file: r.path, old: s.old, oldText: s.text, identity: s.identity, newText: bom + text }
}

/** What removing the entry would change, masked like a write's preview; null when it is already gone. */
export function previewEntryRemoval(r: EntryRemoval & { secrets: readonly string[] }): ConfigPreview | null {
  const p = planRemoval(r)
  if (p === null) return null
  const diff = unifiedDiff(p.oldText ?? '', p.newText, p.file, (line, op) => maskLine(line, op, r.secrets))
  if (r.secrets.some((s) => s.length > 0 && diff.includes(s))) throw new TokenDeskError('internal', 'preview redaction failed')
  return { path: p.file, exists: true, changed: true, diff }
}


