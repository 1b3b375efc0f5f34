import { closest, distance } from 'fastest-levenshtein'
import { CATALOG, catalogEntry, type CatalogField } from '../platform-catalog'
import { invalid } from '../errors'
import type { TokenKind } from '../model'
import { KIND_RULES } from '../token-kinds'

/**
 * What the CLI checks against the catalog before it stores anything: a slug or field name that is
 * not known is most often a typo (`plankq`, `aws_acess_key_id`), and a token filed under it would
 * be missed by every filter, reminder and SDK export. So it is refused with the nearest known name
 * unless the user says it is custom. Pure; the messages never echo more than a bounded slug.
 */

/** A typo is at most two edits away, and not more than a third of the word. */
function nearest(word: string, known: readonly string[]): string | null {
  if (known.length === 0) return null
  const best = closest(word, [...known])
  const d = distance(word, best)
  return d > 0 && d <= Math.max(1, Math.min(2, Math.floor(best.length / 3))) ? best : null
}

const shown = (s: string) => `"${s.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"`

export function checkPlatform(kind: TokenKind, slug: string, custom: boolean): void {
  const entry = catalogEntry(slug)
  // A service token is for a platform, like a personal one (token-kinds.ts).
  const what = KIND_RULES[kind].target
  const catalogKind = what === 'provider' ? 'provider' : 'personal'
  if (entry && entry.kind !== catalogKind) {
    throw invalid(`${slug} is a ${entry.kind === 'provider' ? 'provider' : 'platform'} (${entry.name}); use --${entry.kind === 'provider' ? 'provider' : 'platform'} ${slug}`)
  }
  if (entry || custom) return
  const sameKind = CATALOG.filter((e) => e.kind === catalogKind).map((e) => e.slug)
  const guess = nearest(slug.toLowerCase(), sameKind)
  const hint = guess ? `did you mean ${guess} (${catalogEntry(guess)!.name})? ` : ''
  throw invalid(`unknown ${what} ${shown(slug)}; ${hint}\`tokendesk platforms\` lists the known ones; add --custom to keep a ${what} TokenDesk does not know`)
}

/** The fields a token of this kind and platform knows: its platform's, and its kind's (a service account). */
export function knownFields(kind: TokenKind, slug: string): CatalogField[] {
  return [...KIND_RULES[kind].fields, ...(catalogEntry(slug)?.fields ?? [])]
}

/** Field names of a known platform must be its known ones (custom platforms take any). */
export function checkFieldNames(kind: TokenKind, slug: string, keys: readonly string[], custom: boolean): void {
  const entry = catalogEntry(slug)
  if (!entry || custom) return
  const known = knownFields(kind, slug).map((f) => f.key)
  for (const key of keys) {
    if (known.includes(key)) continue
    const guess = nearest(key, known)
    const fields = known.length > 0 ? `its fields are ${known.join(', ')}` : 'it takes no fields'
    throw invalid(`${entry.name} has no field ${shown(key)}; ${guess ? `did you mean ${guess}? ` : ''}${fields}; add --custom to keep a field TokenDesk does not know`)
  }
}

/** The required fields a token of `slug` lacks (a note, not a refusal: it can be added later with edit). */
export function missingRequired(kind: TokenKind, slug: string, fields: Readonly<Record<string, string>>): CatalogField[] {
  return knownFields(kind, slug).filter((f) => f.required && !fields[f.key])
}
