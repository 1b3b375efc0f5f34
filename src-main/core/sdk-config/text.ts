import { invalid } from '../errors'

/**
 * Shared helpers for the line-preserving editors. Every renderer edits the existing text in place
 * (splicing only the bytes it owns) instead of parse-and-reserialize, which is what lets comments,
 * key order, quoting and blank lines of everything else survive byte for byte.
 */

export interface Line {
  text: string
  /** '\n', '\r\n' or '' for a last line without a newline. */
  eol: string
}

export function splitLines(text: string): Line[] {
  const out: Line[] = []
  const re = /\r?\n/g
  let start = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) {
    out.push({ text: text.slice(start, m.index), eol: m[0] })
    start = m.index + m[0].length
  }
  if (start < text.length) out.push({ text: text.slice(start), eol: '' })
  return out
}

export const joinLines = (lines: readonly Line[]): string => lines.map((l) => l.text + l.eol).join('')

/** The file's own newline convention; new files and files without a newline get '\n'. */
export function detectEol(text: string): string {
  const crlf = text.indexOf('\r\n')
  const lf = text.indexOf('\n')
  return crlf !== -1 && crlf < lf ? '\r\n' : '\n'
}

/**
 * Runs a line edit while keeping the file's "ends with a newline" state: edits may treat every
 * line as terminated, and the final newline is added or removed afterwards to match the input.
 */
export function editLines(text: string, edit: (lines: Line[], eol: string) => Line[]): string {
  const eol = detectEol(text)
  const trailing = text.length === 0 || /\n$/.test(text)
  const lines = splitLines(text).map((l) => ({ text: l.text, eol: l.eol || eol }))
  const edited = edit(lines, eol)
  let out = joinLines(edited)
  if (!trailing && out.endsWith(eol)) out = out.slice(0, -eol.length)
  return out
}

/** 1-based line and column of an offset, for error messages that must not quote file content. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lastNl = -1
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lastNl = i
    }
  }
  return { line, column: offset - lastNl }
}

/** Error for a file we refuse to touch; names the file and the place, never its content. */
export function brokenFile(file: string, kind: string, where: string, reason: string) {
  return invalid(`${file} is not valid ${kind} (${where}: ${reason}); fix it by hand — TokenDesk left it unchanged`)
}

/** Secrets and other values we write go on one line; control characters would break every format. */
export function assertSingleLine(value: string, what: string): void {
  if (value.length === 0) throw invalid(`${what} cannot be empty`)
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(`${what} cannot contain line breaks or control characters`)
}

/** Printable ASCII without spaces: what API keys, key ids and session tokens consist of. */
export function assertPrintable(value: string, what: string): void {
  if (!/^[\x21-\x7e]+$/.test(value)) throw invalid(`${what} must be printable ASCII without spaces`)
}
