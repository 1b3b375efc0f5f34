import { brokenFile, editLines, splitLines, type Line } from './text'

/**
 * Line-preserving edits of INI files as Python's configparser reads them (botocore reads
 * ~/.aws/credentials with it, huggingface_hub its stored_tokens): full-line `#`/`;` comments,
 * `=` or `:` separators, case-insensitive keys, indented continuation lines; a duplicate section
 * is an error there, so it is one here (writing into such a file would not help).
 *
 * Edited line by line rather than through an INI library because those rewrite the whole file.
 */

type Kind =
  | { kind: 'blank' | 'comment' | 'continuation' }
  | { kind: 'section'; name: string }
  | { kind: 'key'; name: string; prefix: string }

const SECTION = /^\[(.+)\]/
const KEY = /^(\s*)([^\s=:][^=:]*?)(\s*[=:]\s*)(.*)$/

export function classify(lines: readonly Line[], file: string): Kind[] {
  const kinds: Kind[] = []
  const seen = new Set<string>()
  let inSection = false
  let keyIndent = -1
  lines.forEach((l, i) => {
    const t = l.text.trim()
    const indent = l.text.length - l.text.trimStart().length
    let k: Kind
    if (t === '') k = { kind: 'blank' }
    else if (t.startsWith('#') || t.startsWith(';')) k = { kind: 'comment' }
    else if (keyIndent >= 0 && indent > keyIndent) k = { kind: 'continuation' }
    else if (t.startsWith('[')) {
      const m = SECTION.exec(t)
      if (!m) throw brokenFile(file, 'INI', `line ${i + 1}`, 'a [section] header is missing its closing "]"')
      const name = m[1]!
      if (seen.has(name)) throw brokenFile(file, 'INI', `line ${i + 1}`, `section [${name}] appears twice`)
      seen.add(name)
      inSection = true
      keyIndent = -1
      k = { kind: 'section', name }
    } else {
      const m = KEY.exec(l.text)
      if (!m) throw brokenFile(file, 'INI', `line ${i + 1}`, 'expected a [section], a comment or key = value')
      if (!inSection) throw brokenFile(file, 'INI', `line ${i + 1}`, 'a key appears before any [section]')
      keyIndent = indent
      k = { kind: 'key', name: m[2]!.trim().toLowerCase(), prefix: m[1]! + m[2]! + m[3]! }
    }
    kinds.push(k)
  })
  return kinds
}

/**
 * Sets the `owned` keys of `[section]` to `values` (a key whose value is undefined is removed, with
 * its continuation lines), keeping every other line of the section and of the file; appends the
 * section when it is missing.
 */
export function setIniSection(existing: string | null, section: string, values: Readonly<Record<string, string | undefined>>, owned: readonly string[], file: string): string {
  const text = existing ?? ''
  const kinds = classify(splitLines(text), file)

  const out = editLines(text, (lines, eol) => {
    const start = kinds.findIndex((k) => k.kind === 'section' && k.name === section)
    if (start === -1) {
      const fresh = owned.filter((k) => values[k] !== undefined).map((k) => ({ text: `${k} = ${values[k]}`, eol }))
      // Append the profile, separated from what precedes it by one blank line.
      const sep = lines.length > 0 && lines[lines.length - 1]!.text.trim() !== '' ? [{ text: '', eol }] : []
      return [...lines, ...sep, { text: `[${section}]`, eol }, ...fresh]
    }
    let end = kinds.findIndex((k, i) => i > start && k.kind === 'section')
    if (end === -1) end = lines.length

    const result: Line[] = lines.slice(0, start + 1)
    const done = new Set<string>()
    let lastKey = start // index in `result` after which missing keys go
    let dropping = false
    for (let i = start + 1; i < end; i++) {
      const k = kinds[i]!
      const line = lines[i]!
      if (k.kind === 'continuation' && dropping) continue
      dropping = false
      if (k.kind === 'key' && owned.includes(k.name)) {
        const name = k.name
        if (done.has(name)) throw brokenFile(file, 'INI', `line ${i + 1}`, `${name} appears twice in [${section}]`)
        done.add(name)
        dropping = true // its old continuation lines (if any) go with it
        const v = values[name]
        if (v === undefined) continue
        result.push({ text: k.prefix + v, eol: line.eol })
        lastKey = result.length - 1
        continue
      }
      result.push(line)
      if (k.kind === 'key' || k.kind === 'continuation') lastKey = result.length - 1
    }
    const missing = owned.filter((k) => values[k] !== undefined && !done.has(k)).map((k) => ({ text: `${k} = ${values[k]}`, eol }))
    result.splice(lastKey + 1, 0, ...missing)
    return [...result, ...lines.slice(end)]
  })
  return out
}


/**
 * Removes the `owned` keys of `[section]` (with their continuation lines), and the whole section
 * when no other key is left in it. Everything outside the section stays byte for byte. Null when
 * there is no such section.
 */
export function removeIniSection(existing: string, section: string, owned: readonly string[], file: string): string | null {
  const kinds = classify(splitLines(existing), file)
  const start = kinds.findIndex((k) => k.kind === 'section' && k.name === section)
  if (start === -1) return null
  return editLines(existing, (lines) => {
    let end = kinds.findIndex((k, i) => i > start && k.kind === 'section')
    if (end === -1) end = lines.length
    const kept: Line[] = []
    let dropping = false
    let others = false
    for (let i = start + 1; i < end; i++) {
      const k = kinds[i]!
      if (k.kind === 'continuation' && dropping) continue
      dropping = k.kind === 'key' && owned.includes(k.name)
      if (dropping) continue
      if (k.kind === 'key') others = true
      kept.push(lines[i]!)
    }
    if (others) return [...lines.slice(0, start + 1), ...kept, ...lines.slice(end)]
    // The section goes whole. When it was the last one, the blank lines that set it apart go too.
    let before = start
    if (end === lines.length) while (before > 0 && lines[before - 1]!.text.trim() === '') before--
    return [...lines.slice(0, before), ...lines.slice(end)]
  })
}
