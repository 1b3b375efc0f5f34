import type { FileFormat } from './catalog'
import { FORMAT_TABLE } from './format-table'

/**
 * The text of a config file without one entry's credential, for `delete --remove-from-configs` and
 * the app's "Remove from file". Pure; each format's editor (its module, formats/*.ts) cuts only the
 * entry's own bytes, so the rest of the file stays byte for byte. Null when the entry is not in the file.
 */
export function removeEntryText(format: FileFormat, text: string, entry: string, file: string): string | null {
  return FORMAT_TABLE[format].remove(text, entry, file)
}
