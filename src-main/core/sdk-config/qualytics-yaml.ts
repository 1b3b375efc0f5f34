import { isMap, isScalar, parseDocument, type Document } from 'yaml'
import { invalid } from '../errors'
import { assertPrintable, assertSingleLine, brokenFile, detectEol, lineCol } from './text'

/**
 * Qualytics CLI configuration: `~/.qualytics/config.yaml` with top-level `url` and `token`, as
 * written by `qualytics init --url ... --token ...` (source: github.com/Qualytics/qualytics-cli,
 * README "Initializing the Configuration"). Other keys (e.g. `ssl_verify`) and comments stay.
 *
 * Values are spliced into the source text at the ranges the `yaml` parser reports rather than
 * re-stringifying the Document, because `Document#toString` normalises quoting, indentation and
 * spacing of the whole file. The Document API is only the fallback for shapes the splice cannot
 * handle (flow maps needing a new key), and every result is re-parsed and checked.
 */
export const QUALYTICS_DEFAULT_FILE = '~/.qualytics/config.yaml'

export interface QualyticsEntry {
  /** Base URL of the Qualytics instance; kept from the file when not given. */
  url?: string
  token: string
}

function parse(text: string, file: string): Document.Parsed {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true })
  const err = doc.errors[0]
  if (err) {
    // The parser's message may quote the offending line; report only its position and code.
    const { line, column } = lineCol(text, err.pos[0])
    const where = `line ${line}, column ${column}`
    throw brokenFile(file, 'YAML', where, err.code.toLowerCase().replace(/_/g, ' '))
  }
  if (doc.contents !== null && !isMap(doc.contents)) throw brokenFile(file, 'YAML', 'top level', 'expected a mapping of keys')
  return doc
}

const quote = (v: string) => JSON.stringify(v) // a JSON string is a valid YAML double-quoted scalar

export function renderQualyticsConfig(existing: string | null, entry: QualyticsEntry, file = QUALYTICS_DEFAULT_FILE): { text: string } {
  assertSingleLine(entry.token, 'the Qualytics token')
  assertPrintable(entry.token, 'the Qualytics token')
  if (entry.url !== undefined && !/^https?:\/\/[\x21-\x7e]+$/.test(entry.url)) throw invalid('the Qualytics URL must be an http(s) URL')
  const text = existing ?? ''
  const doc = parse(text, file)
  const current = doc.get('url')
  const url = entry.url ?? (typeof current === 'string' ? current : undefined)
  if (url === undefined) throw invalid('a Qualytics URL is needed: add the field "url" to the token (e.g. https://your-instance.qualytics.io/)')

  const wanted: Array<[string, string]> = [['url', url], ['token', entry.token]]
  let out = splice(text, doc, wanted)
  if (out === null) {
    for (const [k, v] of wanted) doc.set(k, v)
    out = doc.toString()
  }
  const check = parse(out, file)
  if (check.get('url') !== url || check.get('token') !== entry.token) throw new Error('internal: qualytics config edit did not round-trip')
  return { text: out }
}

/** Replaces or appends scalar values in a block mapping by splicing text; null when unsure. */
function splice(text: string, doc: Document.Parsed, wanted: Array<[string, string]>): string | null {
  const eol = detectEol(text)
  const map = doc.contents
  const edits: Array<{ start: number; end: number; insert: string }> = []
  const missing: Array<[string, string]> = []
  for (const [key, value] of wanted) {
    const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined
    if (!pair) {
      missing.push([key, value])
      continue
    }
    const v = pair.value
    if (isScalar(v) && v.value === value) continue
    if (!isScalar(v) || !v.range) return null
    if (v.range[0] === v.range[1]) {
      // `token:` with no value yet: the empty scalar sits right after the colon.
      if (v.value !== null) return null
      edits.push({ start: v.range[0], end: v.range[0], insert: (text[v.range[0] - 1] === ':' ? ' ' : '') + quote(value) })
    } else edits.push({ start: v.range[0], end: v.range[1], insert: quote(value) })
  }
  if (missing.length > 0) {
    const block = missing.map(([k, v]) => `${k}: ${quote(v)}`)
    if (!isMap(map) || map.items.length === 0) {
      if (isMap(map) && map.flow) return null
      // Empty or comment-only file: append after whatever is there.
      const sep = text === '' || /\n$/.test(text) ? '' : eol
      edits.push({ start: text.length, end: text.length, insert: sep + block.join(eol) + eol })
    } else {
      if (map.flow || !map.range) return null
      const firstKey = map.items[0]!.key
      if (!isScalar(firstKey) || !firstKey.range) return null
      const col = firstKey.range[0] - (text.lastIndexOf('\n', firstKey.range[0] - 1) + 1)
      const indent = ' '.repeat(col)
      // Insert after the line on which the mapping's last value ends.
      const end = map.range[1]
      const nl = text[end - 1] === '\n' ? end - 1 : text.indexOf('\n', end)
      const lines = block.map((l) => indent + l)
      if (nl === -1) edits.push({ start: text.length, end: text.length, insert: eol + lines.join(eol) })
      else edits.push({ start: nl + 1, end: nl + 1, insert: lines.join(eol) + eol })
    }
  }
  edits.sort((a, b) => b.start - a.start)
  let out = text
  for (const e of edits) out = out.slice(0, e.start) + e.insert + out.slice(e.end)
  return out
}

/**
 * Removes the `token` key (the url and everything else stay). In a block mapping the lines the
 * pair occupies are cut from the text; any other shape goes through the Document API. The result
 * is re-parsed and checked. Null when the file has no token.
 */
export function removeQualyticsToken(existing: string, file = QUALYTICS_DEFAULT_FILE): string | null {
  const doc = parse(existing, file)
  const map = doc.contents
  const pair = isMap(map) ? map.items.find((p) => isScalar(p.key) && p.key.value === 'token') : undefined
  if (!pair) return null
  let out: string | null = null
  const k = isScalar(pair.key) ? pair.key.range : undefined
  const v = isScalar(pair.value) ? pair.value.range : undefined
  if (isMap(map) && !map.flow && k && v) {
    const lineStart = existing.lastIndexOf('\n', k[0] - 1) + 1
    if (existing.slice(lineStart, k[0]).trim() === '') {
      const nl = existing.indexOf('\n', Math.max(v[1] - 1, k[1]))
      out = existing.slice(0, lineStart) + (nl === -1 ? '' : existing.slice(nl + 1))
    }
  }
  if (out === null) {
    doc.delete('token')
    out = doc.toString()
  }
  const check = parse(out, file)
  if (check.has('token') || check.get('url') !== doc.get('url')) throw new Error('internal: qualytics config edit did not round-trip')
  return out
}
