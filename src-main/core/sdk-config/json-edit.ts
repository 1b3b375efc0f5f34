import { invalid } from '../errors'
import { brokenFile, detectEol, lineCol } from './text'

/**
 * A minimal JSON scanner that records where each top-level member's value sits in the text, so an
 * editor can replace exactly one member's bytes. JSON.parse cannot be used for that (no offsets)
 * and its error messages quote the file, which may hold other secrets.
 */

export interface JsonMember {
  key: string
  keyStart: number
  keyEnd: number
  valueStart: number
  valueEnd: number
}

export interface JsonObjectSpan {
  open: number
  close: number
  members: JsonMember[]
}

class ScanError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason)
  }
}

const MAX_DEPTH = 256
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

function scan(text: string): JsonObjectSpan {
  let i = 0
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++
      else break
    }
  }
  const fail = (reason: string): never => {
    throw new ScanError(i, i >= text.length ? 'unexpected end of file' : reason)
  }
  const str = () => {
    if (text[i] !== '"') fail('expected a string')
    i++
    while (i < text.length) {
      const c = text.charCodeAt(i)
      if (c === 0x22) {
        i++
        return
      }
      if (c < 0x20) fail('control character inside a string')
      if (c === 0x5c) {
        const e = text[i + 1]
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('bad \\u escape')
          i += 6
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2
        else fail('bad escape in a string')
      } else i++
    }
    fail('unterminated string')
  }
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) fail('nested too deeply')
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        str()
        ws()
        if (text[i] !== ':') fail('expected ":"')
        i++
        value(depth + 1)
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return
        } else fail('expected "," or "}"')
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value(depth + 1)
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return
        } else fail('expected "," or "]"')
      }
    }
    if (c === '"') return str()
    for (const lit of ['true', 'false', 'null']) {
      if (text.startsWith(lit, i)) {
        i += lit.length
        return
      }
    }
    NUMBER.lastIndex = i
    const m = NUMBER.exec(text)
    if (m && m[0].length > 0) {
      i += m[0].length
      return
    }
    fail('unexpected character')
  }

  if (text.charCodeAt(0) === 0xfeff) i = 1
  ws()
  if (text[i] !== '{') fail('the top level must be an object')
  const open = i
  i++
  const members: JsonMember[] = []
  ws()
  if (text[i] === '}') {
    const close = i
    i++
    ws()
    if (i < text.length) fail('unexpected content after the object')
    return { open, close, members }
  }
  for (;;) {
    ws()
    const keyStart = i
    str()
    const keyEnd = i
    ws()
    if (text[i] !== ':') fail('expected ":"')
    i++
    ws()
    const valueStart = i
    value(1)
    members.push({ key: JSON.parse(text.slice(keyStart, keyEnd)) as string, keyStart, keyEnd, valueStart, valueEnd: i })
    ws()
    if (text[i] === ',') i++
    else if (text[i] === '}') break
    else fail('expected "," or "}"')
  }
  const close = i
  i++
  ws()
  if (i < text.length) fail('unexpected content after the object')
  return { open, close, members }
}

export function scanJsonObject(text: string, file: string): JsonObjectSpan {
  try {
    return scan(text)
  } catch (e) {
    if (!(e instanceof ScanError)) throw e
    const { line, column } = lineCol(text, e.offset)
    throw brokenFile(file, 'JSON', `line ${line}, column ${column}`, e.reason)
  }
}

/** Parses a member value the scanner has already validated. */
export const memberValue = (text: string, m: JsonMember): unknown => JSON.parse(text.slice(m.valueStart, m.valueEnd))

/**
 * Sets top-level `key` to `value`, touching only that member's bytes (or appending a member).
 * Indentation, separator spacing and newline style are copied from the file; `defaultIndent` is
 * used for new or empty files.
 */
export function setJsonMember(existing: string | null, key: string, value: unknown, file: string, defaultIndent: string): string {
  if (existing === null || existing.trim() === '') {
    return JSON.stringify({ [key]: value }, null, defaultIndent) + '\n'
  }
  const text = existing
  const span = scanJsonObject(text, file)
  const same = span.members.filter((m) => m.key === key)
  if (same.length > 1) throw invalid(`${file} contains "${key}" twice; remove one by hand — TokenDesk left it unchanged`)
  const eol = detectEol(text)

  // Style of the file: the indentation of the first member's line, or compact when the members
  // share the line with the opening brace.
  const first = span.members[0]
  let indent = defaultIndent
  let compact = false
  let colon = ': '
  if (first) {
    const lineStart = text.lastIndexOf('\n', first.keyStart - 1) + 1
    const lead = text.slice(lineStart, first.keyStart)
    if (lineStart <= span.open || /\S/.test(lead)) compact = true
    else indent = lead
    const between = text.slice(first.keyEnd, first.valueStart)
    if (!/[\r\n]/.test(between)) colon = between
  }
  const render = (v: unknown) => (compact ? JSON.stringify(v) : JSON.stringify(v, null, indent).replace(/\n/g, eol + indent))

  const own = same[0]
  if (own) return text.slice(0, own.valueStart) + render(value) + text.slice(own.valueEnd)

  const member = `${JSON.stringify(key)}${colon}${render(value)}`
  const last = span.members[span.members.length - 1]
  if (!last) {
    // An empty object: its inner whitespace is the only thing we replace.
    return text.slice(0, span.open + 1) + eol + defaultIndent + member.replace(/\n/g, '\n') + eol + text.slice(span.close)
  }
  if (compact) return text.slice(0, last.valueEnd) + `, ${member}` + text.slice(last.valueEnd)
  return text.slice(0, last.valueEnd) + `,${eol}${indent}${member}` + text.slice(last.valueEnd)
}

/**
 * Removes top-level `key` with its separator, touching nothing else: a later member loses the
 * comma before it, the first member the comma and whitespace after it. Null when there is no such key.
 */
export function removeJsonMember(existing: string, key: string, file: string): string | null {
  const span = scanJsonObject(existing, file)
  const i = span.members.findIndex((m) => m.key === key)
  if (i === -1) return null
  if (span.members.filter((m) => m.key === key).length > 1) throw invalid(`${file} contains "${key}" twice; remove one by hand — TokenDesk left it unchanged`)
  const m = span.members[i]!
  const prev = span.members[i - 1]
  const next = span.members[i + 1]
  if (prev) return existing.slice(0, prev.valueEnd) + existing.slice(m.valueEnd)
  if (next) return existing.slice(0, m.keyStart) + existing.slice(next.keyStart)
  // The only member: the object becomes empty.
  return existing.slice(0, span.open + 1) + existing.slice(span.close)
}
