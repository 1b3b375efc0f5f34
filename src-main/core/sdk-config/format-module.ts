import { invalid } from '../errors'
import type { Token, TokenKind } from '../model'
import type { FileFormat } from './catalog'

/**
 * One file format, whole: where its file lives, how a token becomes its entry, how that entry is
 * rendered into the file, read back, and taken out again, and which of its values are secret. Every
 * format is one module (formats/*.ts) behind this interface, registered in one table
 * (format-table.ts) that write, preview, import, where, remove and the help text dispatch through:
 * adding a format touches its module and the table.
 */
export interface FileCredential {
  /** The entry's key in the file: AWS profile, qiskit account, dotenv variable; "default" for one-credential files. */
  entry: string
  secret: string
  /** Non-secret identifiers shown in clear: access key id, channel, instance, url. */
  identifiers: Record<string, string>
}

/**
 * What a credential found in a file is, for import: which kind of token, for which platform or
 * provider, with which non-secret fields.
 */
export interface Classified {
  kind: TokenKind
  platform: string
  fields: Record<string, string>
  /** A reason it should not be imported as it is (e.g. a retired qiskit channel); shown, not imported. */
  problem?: string
  /** A credential_process line of TokenDesk's own: the token it names (already held, never imported). */
  heldRef?: string
}

export interface EntryOptions {
  /** Qiskit account name or AWS profile. */
  profile?: string
  /** The variable name for dotenv. */
  envKey?: string
}

export type Env = Readonly<Record<string, string | undefined>>

export interface FormatModule<E> {
  format: FileFormat
  /** Where the file is when no path is given ("~/…"), from the environment the SDK reads; null when a path is required. */
  defaultPath(env: Env): string | null
  /** Environment variables the SDK reads for the file's location, first wins. */
  pathOverrides: readonly string[]
  /** A file import looks in without being told (the SDK's own location). */
  knownLocation: boolean
  /** The entry for a token; `value` is the secret, or what stands for it (a reference, a command). */
  fromToken(token: Pick<Token, 'name' | 'fields'>, value: string, opts: EntryOptions): E
  render(existing: string | null, entry: E, file: string): { text: string }
  /** Every credential in the file's text (BOM removed, not empty), in file order; throws for a broken file. */
  read(body: string, file: string): FileCredential[]
  /** The text without the entry's credential (only its own bytes), or null when it is not there. */
  remove(text: string, entry: string, file: string): string | null
  entryKey(entry: E): string
  /** The values of the entry a preview must mask. */
  secrets(entry: E): string[]
  /**
   * For import: what credential `c` of this file is (`sameFile`: every credential read from the
   * file, for the fields beside it); null when it is not one TokenDesk imports. Pure.
   */
  classify(c: FileCredential, sameFile: readonly FileCredential[]): Classified | null
}

/** The one credential of a single-credential file. */
export const SINGLE_ENTRY = 'default'

// Shared by the readers (kept parsers give the values the SDKs see).
export const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0
export const pick = (o: Record<string, unknown>, keys: readonly string[]): Record<string, string> =>
  Object.fromEntries(keys.filter((k) => str(o[k])).map((k) => [k, o[k] as string]))
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw invalid(`${file} is not valid JSON; TokenDesk left it unchanged`)
  }
}
