import { invalid } from '../errors'
import type { Token } from '../model'
import { PLATFORM_ENV } from './env-names'

/**
 * Environment variables each SDK reads, so `tokendesk env` / "copy as export" hands a secret to a
 * shell without a config file. The names, with their sources, are one table (env-names.ts) that
 * import shares.
 */

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export function sdkEnv(token: Pick<Token, 'platform' | 'name' | 'fields'>, secret: string): Record<string, string> {
  const e = PLATFORM_ENV[token.platform]
  if (!e) return { [`TOKENDESK_${token.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`]: secret }
  if (token.platform === 'aws-braket' && !token.fields.aws_access_key_id) throw invalid(`token ${token.name} needs the field aws_access_key_id to be used with AWS`)
  const out: Record<string, string> = {}
  for (const name of e.secret) out[name] = secret
  for (const [variable, field] of Object.entries(e.fields ?? {})) {
    const v = token.fields[field]
    if (v !== undefined && v !== '') out[variable] = v
  }
  return out
}

/**
 * POSIX single-quoting: everything between single quotes is literal, and a single quote is written
 * as '\'' (close, escaped quote, reopen). Safe for bash, zsh, dash and ksh, newlines included.
 */
export function shellQuote(value: string): string {
  if (value.includes('\u0000')) throw invalid('a shell value cannot contain NUL characters')
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** `export NAME='value'` lines, one per variable, in the given order. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!ENV_NAME.test(name)) throw invalid(`"${name}" is not a valid environment variable name`)
      return `export ${name}=${shellQuote(value)}\n`
    })
    .join('')
}

/** The `export` "format": a snippet to paste into a shell, never written to a file. */
export function renderExport(_existing: null, entry: { env: Record<string, string> }): { text: string } {
  return { text: exportLines(entry.env) }
}
