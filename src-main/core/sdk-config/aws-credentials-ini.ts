import { invalid } from '../errors'
import { assertPrintable, brokenFile, editLines, splitLines, type Line } from './text'

/**
 * AWS shared credentials file: `~/.aws/credentials` (or `AWS_SHARED_CREDENTIALS_FILE`), INI with
 * one `[profile-name]` section per profile (no `profile ` prefix, unlike ~/.aws/config) holding
 * `aws_access_key_id`, `aws_secret_access_key` and optionally `aws_session_token`. Source: AWS CLI
 * User Guide, "Configuration and credential file settings"
 * (docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html). Amazon Braket's SDK reads it
 * through boto3.
 *
 * Edited line by line rather than through an INI library because those rewrite the whole file.
 * Parsing follows Python's configparser, which botocore uses: full-line `#`/`;` comments, `=` or
 * `:` separators, case-insensitive keys, indented continuation lines, and duplicate sections are
 * errors (botocore would refuse the file too, so writing into it would not help).
 */
export const AWS_DEFAULT_FILE = '~/.aws/credentials'
export const AWS_DEFAULT_PROFILE = 'default'

export interface AwsEntry {
  profile?: string
  accessKeyId: string
  secretAccessKey: string
  /** When absent, an existing session token in the profile is removed: it belonged to old keys. */
  sessionToken?: string
}

type Kind =
  | { kind: 'blank' | 'comment' | 'continuation' }
  | { kind: 'section'; name: string }
  | { kind: 'key'; name: string; prefix: string }

const SECTION = /^\[(.+)\]/
const KEY = /^(\s*)([^\s=:][^=:]*?)(\s*[=:]\s*)(.*)$/
const PROFILE = /^[A-Za-z0-9_.+@-]{1,64}$/
const OWNED = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'] as const

function classify(lines: readonly Line[], file: string): Kind[] {
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

export function renderAwsCredentials(existing: string | null, entry: AwsEntry, file = AWS_DEFAULT_FILE): { text: string } {
  const profile = entry.profile ?? AWS_DEFAULT_PROFILE
  if (!PROFILE.test(profile)) throw invalid('an AWS profile name uses letters, digits and . _ + @ - (at most 64)')
  assertPrintable(entry.accessKeyId, 'the AWS access key id')
  assertPrintable(entry.secretAccessKey, 'the AWS secret access key')
  if (entry.sessionToken !== undefined) assertPrintable(entry.sessionToken, 'the AWS session token')
  const values: Record<(typeof OWNED)[number], string | undefined> = {
    aws_access_key_id: entry.accessKeyId,
    aws_secret_access_key: entry.secretAccessKey,
    aws_session_token: entry.sessionToken,
  }

  const text = existing ?? ''
  const kinds = classify(splitLines(text), file)

  const out = editLines(text, (lines, eol) => {
    const start = kinds.findIndex((k) => k.kind === 'section' && k.name === profile)
    if (start === -1) {
      const fresh = OWNED.filter((k) => values[k] !== undefined).map((k) => ({ text: `${k} = ${values[k]}`, eol }))
      // Append the profile, separated from what precedes it by one blank line.
      const sep = lines.length > 0 && lines[lines.length - 1]!.text.trim() !== '' ? [{ text: '', eol }] : []
      return [...lines, ...sep, { text: `[${profile}]`, eol }, ...fresh]
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
      if (k.kind === 'key' && (OWNED as readonly string[]).includes(k.name)) {
        const name = k.name as (typeof OWNED)[number]
        if (done.has(name)) throw brokenFile(file, 'INI', `line ${i + 1}`, `${name} appears twice in [${profile}]`)
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
    const missing = OWNED.filter((k) => values[k] !== undefined && !done.has(k)).map((k) => ({ text: `${k} = ${values[k]}`, eol }))
    result.splice(lastKey + 1, 0, ...missing)
    return [...result, ...lines.slice(end)]
  })
  return { text: out }
}

/**
 * Removes a profile's credentials: its three credential keys (with their continuation lines), and
 * the whole `[profile]` section when nothing else is left in it (settings such as `region` keep
 * the section). Everything outside the profile stays byte for byte. Null when there is no such profile.
 */
export function removeAwsProfile(existing: string, profile: string, file = AWS_DEFAULT_FILE): string | null {
  const kinds = classify(splitLines(existing), file)
  const start = kinds.findIndex((k) => k.kind === 'section' && k.name === profile)
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
      dropping = k.kind === 'key' && (OWNED as readonly string[]).includes(k.name)
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
