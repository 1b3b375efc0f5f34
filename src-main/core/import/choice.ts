import { z } from 'zod'
import type { TokenKind } from '../model'
import { FileFormatSchema, type FileFormat } from '../sdk-config/catalog'
import type { NotRead } from './not-read'

// Kept apart from service.ts (which reads the disk) so the bridge contract can import the schema.

/** One credential the user ticked in the app's import checklist, and the name they gave it. */
export const ImportChoiceSchema = z.object({
  file: z.string().min(1).max(4096),
  format: FileFormatSchema,
  entry: z.string().min(1).max(512),
  name: z.string().min(1).max(200),
})
export type ImportChoice = z.infer<typeof ImportChoiceSchema>

export interface FoundCredential {
  file: string
  format: FileFormat
  entry: string
  kind: TokenKind
  platform: string
  fields: Record<string, string>
  /** A name for the new token: valid, and unused in the vault and in this scan. */
  name: string
  /** At most the last 4 characters. */
  masked: string
  /** The name of the token that already holds this secret, if any (compared in-process, never printed). */
  heldBy: string | null
  /** Why it will not be imported as it is. */
  problem?: string
  /**
   * An earlier credential of this scan with the same secret (hf's stored_tokens and its active
   * token file, one key in two .env files): imported once, as that one, with this copy recorded.
   */
  sameAs?: { file: string; entry: string }
}

export interface ScanReport {
  found: FoundCredential[]
  /** Files that exist but could not be read or parsed (never rewritten). */
  unreadable: { file: string; reason: string }[]
  /** What a folder walk passed over (limits, unreadable folders, example files): counts and the first few paths. */
  notRead: NotRead[]
}
