import { invalid } from '../errors'
import { brokenFile, editLines, splitLines, type Line } from './text'

/**
 * A project's `.env` file as read by python-dotenv, Node's dotenv/`--env-file` and docker compose:
 * `KEY=value` lines, `#` comments, optional `export ` prefix, quoted values that may span lines.
 * Source: python-dotenv README "File format"; dotenv (npm) README "Multiline values".
 * Only the lines of the chosen key are owned: the first becomes the new value, later duplicates
 * (which would override it in both parsers) are removed, everything else is left as is.
 */
export const DOTENV_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/

export interface DotenvEntry {
  key: string
  value: string
}

/**
 * Quotes a value so every parser above reads it back unchanged. Single quotes are literal in all
 * of them except that python-dotenv un-escapes \\ and \' inside, so they are used when the value
 * has no ' and no backslash that could form such a pair (before \ or the closing quote); double quotes (which expand $ and escapes) only when it has none of " \ $ `.
 * Anything else has no portable spelling and is refused rather than written ambiguously.
 */
export function dotenvQuote(value: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid('a .env value cannot contain line breaks or control characters')
  if (!value.includes("'") && !/\\(\\|$)/.test(value)) return `'${value}'`
  if (!/["\\$`]/.test(value)) return `"${value}"`
  throw invalid('this secret mixes quotes, backslashes or $ in a way .env parsers read differently; use the export snippet instead')
}

const ASSIGN = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/

/** Groups lines into entries: a quoted value left open on its line continues until it closes. */
function entries(lines: readonly Line[], file: string): Array<{ first: number; last: number; key: string | null; prefix: string }> {
  const out: Array<{ first: number; last: number; key: string | null; prefix: string }> = []
  for (let i = 0; i < lines.length; i++) {
    const m = ASSIGN.exec(lines[i]!.text)
    if (!m) {
      out.push({ first: i, last: i, key: null, prefix: '' })
      continue
    }
    const value = m[4]!
    const q = value[0]
    let last = i
    if (q === '"' || q === "'" || q === '`') {
      const closes = (s: string, from: number) => {
        for (let j = from; j < s.length; j++) {
          if (s[j] === '\\' && q !== '`') j++
          else if (s[j] === q) return true
        }
        return false
      }
      if (!closes(value, 1)) {
        last = i + 1
        while (last < lines.length && !closes(lines[last]!.text, 0)) last++
        if (last >= lines.length) throw brokenFile(file, '.env', `line ${i + 1}`, 'a quoted value is never closed')
      }
    }
    out.push({ first: i, last, key: m[2]!, prefix: m[1]! + m[2]! + m[3]! })
    i = last
  }
  return out
}

export function renderDotenv(existing: string | null, entry: DotenvEntry, file = '.env'): { text: string } {
  if (!DOTENV_KEY.test(entry.key)) throw invalid('a .env key uses letters, digits and _, and does not start with a digit')
  if (entry.value.length === 0) throw invalid('the value cannot be empty')
  const quoted = dotenvQuote(entry.value)
  const text = existing ?? ''
  const groups = entries(splitLines(text), file)
  const out = editLines(text, (lines, eol) => {
    const result: Line[] = []
    let written = false
    for (const g of groups) {
      if (g.key !== entry.key) {
        result.push(...lines.slice(g.first, g.last + 1))
        continue
      }
      if (written) continue
      // Keep the line's own spelling (`export `, spacing around =); replace only the value.
      result.push({ text: g.prefix + quoted, eol: lines[g.last]!.eol })
      written = true
    }
    if (!written) result.push({ text: `${entry.key}=${quoted}`, eol })
    return result
  })
  return { text: out }
}

/** Removes every assignment of `key` (a value spanning lines goes whole); null when the file has none. */
export function removeDotenvKey(existing: string, key: string, file = '.env'): string | null {
  const groups = entries(splitLines(existing), file)
  if (!groups.some((g) => g.key === key)) return null
  return editLines(existing, (lines) => groups.filter((g) => g.key !== key).flatMap((g) => lines.slice(g.first, g.last + 1)))
}
