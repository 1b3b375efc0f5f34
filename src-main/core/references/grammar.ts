import { invalid } from '../errors'

/**
 * References: a value that names a token instead of holding its secret, so a file can be
 * committed and the secret reaches a program only when `tokendesk run` starts it. Written down
 * once here; `run`, `config write --reference`, `where` and the scan all read it.
 *
 *   reference = "tokendesk://" part [ "/" part [ "/" field ] ]
 *   part      = [A-Za-z0-9] [A-Za-z0-9._-]{0,63}   (a name, a platform slug, an id or its prefix)
 *   field     = [a-z] [a-z0-9_]{0,39}               (a token field: lowercase snake_case)
 *
 *   tokendesk://REF                  the secret of REF (a name, an id, an id prefix)
 *   tokendesk://PLATFORM/NAME        the secret of PLATFORM/NAME
 *   tokendesk://REF/FIELD            the field FIELD of REF (non-secret: aws_access_key_id, …)
 *   tokendesk://PLATFORM/NAME/FIELD  the field FIELD of PLATFORM/NAME
 *
 * Two parts read either way: "braket/aws_access_key_id" can only be a field (token names have no
 * "_"), "aws-braket/braket" only a PLATFORM/NAME (fields have no "-"), and a pair that fits both
 * ("lab/region") is settled by the vault: the token PLATFORM/NAME if there is one, else the field.
 * Anything else that starts with the scheme is refused, so a typo never reaches a program as text.
 */
export const SCHEME = 'tokendesk://'

export type Reference =
  | { kind: 'secret'; ref: string }
  | { kind: 'field'; ref: string; field: string }
  /** Two parts that fit both readings: PLATFORM/NAME's secret, or REF's field. */
  | { kind: 'secret-or-field'; ref: string; field: string }

const PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/
const FIELD = /^[a-z][a-z0-9_]{0,39}$/

export const isReference = (value: string): boolean => value.startsWith(SCHEME)

/** The reference a value holds; null when the value is not one (a plain value passes through). */
export function parseReference(value: string): Reference | null {
  if (!isReference(value)) return null
  const body = value.slice(SCHEME.length)
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value
  const bad = (why: string) => invalid(`"${shown}" is not a TokenDesk reference: ${why}; write tokendesk://NAME, tokendesk://PLATFORM/NAME or tokendesk://NAME/FIELD`)
  if (body.length === 0) throw bad('it names no token')
  if (/\s/.test(body)) throw bad('it has white space in it')
  if (/[?#%\\]/.test(body)) throw bad('it has a character a reference never has (? # % \\)')
  const parts = body.split('/')
  if (parts.length > 3) throw bad('it has more than three parts')
  if (parts.some((p) => p.length === 0)) throw bad('it has an empty part (a doubled or trailing "/")')
  if (parts.length === 1) {
    if (!PART.test(parts[0]!)) throw bad(`"${parts[0]}" is not a token name or id`)
    return { kind: 'secret', ref: parts[0]! }
  }
  if (parts.length === 3) {
    const [platform, name, field] = parts as [string, string, string]
    if (!PART.test(platform) || !PART.test(name)) throw bad(`"${platform}/${name}" is not PLATFORM/NAME`)
    if (!FIELD.test(field)) throw bad(`"${field}" is not a field name (lowercase snake_case)`)
    return { kind: 'field', ref: `${platform}/${name}`, field }
  }
  const [first, second] = parts as [string, string]
  if (!PART.test(first)) throw bad(`"${first}" is not a token name, id or platform`)
  const asField = FIELD.test(second)
  const asName = PART.test(second) && !second.includes('_')
  if (asField && !asName) return { kind: 'field', ref: first, field: second }
  if (asName && !asField) return { kind: 'secret', ref: `${first}/${second}` }
  if (asField && asName) return { kind: 'secret-or-field', ref: first, field: second }
  throw bad(`"${second}" is neither a token name nor a field name`)
}

/** The reference to a token's secret, as TokenDesk writes it into a file. */
export const referenceTo = (ref: string): string => `${SCHEME}${ref}`
