import type { FileFormat } from '../sdk-config/catalog'
import type { Classified } from '../sdk-config/format-module'
import { FORMAT_TABLE } from '../sdk-config/format-table'
import type { FileCredential } from '../sdk-config/read-entries'

/**
 * What a credential found in a file is: which kind of token, for which platform or provider, with
 * which non-secret fields; each format's module says it (FormatModule.classify). Variables of .env
 * files are recognised by the names the SDKs read (docs/user-guide.md, "SDK configs"); any other
 * variable is not a credential TokenDesk knows, and is skipped.
 */
export function classify(format: FileFormat, c: FileCredential, sameFile: readonly FileCredential[]): Classified | null {
  return FORMAT_TABLE[format].classify(c, sameFile)
}

/** A valid, unused token name from a file entry: lowercase, hyphens, at most 64, numbered on a clash. */
export function suggestName(base: string, taken: (name: string) => boolean): string {
  const slug =
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56)
      .replace(/-+$/, '') || 'imported'
  if (!taken(slug)) return slug
  for (let n = 2; ; n++) if (!taken(`${slug}-${n}`)) return `${slug}-${n}`
}

/** At most the last 4 characters, so a person can tell two tokens apart; short secrets show nothing. */
export function maskSecret(secret: string): string {
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••'
}
