import type { FileFormat } from './catalog'
import type { FileCredential } from './format-module'
import { FORMAT_TABLE } from './format-table'
import type { ConfigEntry } from './formats'

export { SINGLE_ENTRY, type FileCredential } from './format-module'

/*
 * Reads the credentials a config file holds, entry by entry, with kept parsers (ini, dotenv, yaml,
 * JSON) rather than the writers' offset-preserving editors: what matters here is what the SDKs
 * will see. Each format's reader is in its module (formats/*.ts, through format-table.ts). Used to
 * tell whether an entry holds this token's secret (placements), whether a write would replace
 * someone else's credential, and to import tokens already in files. The secret is returned to the
 * caller in-process only; nothing here prints or stores it.
 */

/** The entry a write of `entry` goes to. */
export function entryKeyOf(entry: ConfigEntry): string {
  return FORMAT_TABLE[entry.format].entryKey(entry)
}

/** Every credential in `text` (a file of `format`), in file order. A file that cannot be parsed throws. */
export function readCredentials(format: FileFormat, text: string, file: string): FileCredential[] {
  const body = text.replace(/^\uFEFF/, '')
  if (body.trim() === '') return []
  return FORMAT_TABLE[format].read(body, file)
}

/** The credential of one entry, or null when the file has no such entry. */
export function readCredential(format: FileFormat, text: string | null, entry: string, file: string): FileCredential | null {
  if (text === null) return null
  return readCredentials(format, text, file).find((c) => c.entry === entry) ?? null
}
