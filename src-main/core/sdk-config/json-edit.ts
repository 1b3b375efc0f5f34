import { printParseErrorCode, visit, type ParseErrorCode } from 'jsonc-parser'
import { invalid } from '../errors'
import { brokenFile, detectEol, lineCol } from './text'

/**
 * Where each top-level member of a JSON object sits in the file, so an editor can replace exactly
 * one member's bytes. The tokenizer and parser are jsonc-parser's (VS Code's), in strict JSON mode
 * (no comments, no trailing commas); what is written here is only the bookkeeping of offsets and
 * the words of its errors. JSON.parse cannot be used for that: it has no offsets, and its error
 * messages quote the file, which may hold other secrets.
 *
 * The edits themselves stay here rather than in jsonc-parser's `modify`: `modify` re-formats every
 * line an edit touches, so adding a member to a one-line file rewrote the whole line (the
 * byte-for-byte tests in renderers.spec.ts and remove-entry.spec.ts showed it); without its
 * formatter it writes the value compact and unindented. Copying the file's own style is what
 * `setJsonMember` below does.
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

/** Deeper than this is refused: the parser recurses, and no SDK config nests this far. */
const MAX_DEPTH = 256

/** The words for each of the parser's error codes; `closer` is what the open object or array needs. */
function reasonFor(code: ParseErrorCode, closer: '}' | ']'): string {
  // By name: the enum is a const enum in jsonc-parser's types, which isolated modules cannot read.
  switch (printParseErrorCode(code)) {
    case 'InvalidSymbol':
      return 'unexpected character'
    case 'InvalidNumberFormat':
    case 'UnexpectedEndOfNumber':
      return 'bad number'
    case 'PropertyNameExpected':
      return 'expected a string'
    case 'ValueExpected':
      return 'expected a value'
    case 'ColonExpected':
      return 'expected ":"'
    case 'CommaExpected':
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return `expected "," or "${closer}"`
    case 'EndOfFileExpected':
      return 'unexpected content after the object'
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return 'comments are not allowed in JSON'
    case 'UnexpectedEndOfString':
      return 'unterminated string'
    case 'InvalidUnicode':
      return 'bad \\u escape'
    case 'InvalidEscapeCharacter':
      return 'bad escape in a string'
    case 'InvalidCharacter':
      return 'control character inside a string'
    default:
      return 'not JSON'
  }
}

function scan(original: string): JsonObjectSpan {
  // jsonc-parser does not skip a byte order mark; a space keeps every offset where it was.
  const text = original.charCodeAt(0) === 0xfeff ? ' ' + original.slice(1) : original
  const closers: Array<'}' | ']'> = []
  const members: JsonMember[] = []
  let open = -1
  let close = -1
  let rootSeen = false
  let member: JsonMember | null = null

  const fail = (offset: number, reason: string): never => {
    throw new ScanError(offset, offset >= text.length ? 'unexpected end of file' : reason)
  }
  const notAnObject = (offset: number) => {
    if (!rootSeen) fail(offset, 'the top level must be an object')
  }
  const begin = (closer: '}' | ']') => (offset: number) => {
    if (closers.length === 0) {
      if (closer === ']') notAnObject(offset)
      rootSeen = true
      open = offset
    } else if (closers.length === 1 && member) member.valueStart = offset
    closers.push(closer)
    if (closers.length > MAX_DEPTH) fail(offset, 'nested too deeply')
  }
  const end = (offset: number, length: number) => {
    closers.pop()
    if (closers.length === 0) close = offset
    else if (closers.length === 1 && member) {
      member.valueEnd = offset + length
      members.push(member)
      member = null
    }
  }

  visit(
    text,
    {
      onObjectBegin: begin('}'),
      onArrayBegin: begin(']'),
      onObjectEnd: end,
      onArrayEnd: end,
      onObjectProperty: (key, offset, length) => {
        if (closers.length === 1) member = { key, keyStart: offset, keyEnd: offset + length, valueStart: -1, valueEnd: -1 }
      },
      onLiteralValue: (_value, offset, length) => {
        if (closers.length === 0) notAnObject(offset)
        else if (closers.length === 1 && member) {
          member.valueStart = offset
          member.valueEnd = offset + length
          members.push(member)
          member = null
        }
      },
      // The first error ends the scan: later ones follow from it. Anything after the closed
      // object is trailing content, whatever token it starts with.
      onError: (code, offset) => fail(offset, close !== -1 ? 'unexpected content after the object' : reasonFor(code, closers.at(-1) ?? '}')),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  )
  if (open === -1 || close === -1) fail(text.length, 'the top level must be an object')
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
 * used for new or empty files. `scanned` is the caller's own scan of `existing`, if it made one.
 */
export function setJsonMember(existing: string | null, key: string, value: unknown, file: string, defaultIndent: string, scanned?: JsonObjectSpan): string {
  if (existing === null || existing.trim() === '') {
    return JSON.stringify({ [key]: value }, null, defaultIndent) + '\n'
  }
  const text = existing
  const span = scanned ?? scanJsonObject(text, file)
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
