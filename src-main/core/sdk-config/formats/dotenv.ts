import { parse as parseDotenv } from 'dotenv'
import { invalid } from '../../errors'
import { isReference } from '../../references/grammar'
import { removeDotenvKey, renderDotenv, type DotenvEntry } from '../dotenv'
import { PLATFORM_ENV, platformOfSecretVariable } from '../env-names'
import type { FormatModule } from '../format-module'

/** A project's .env: `KEY=value` lines, read with the dotenv library the SDKs' loaders use. */
export const dotenv: FormatModule<DotenvEntry> = {
  format: 'dotenv',
  defaultPath: () => null,
  pathOverrides: [],
  knownLocation: false,
  fromToken: (_t, value, opts) => {
    if (!opts.envKey) throw invalid('choose the variable name to write to .env')
    return { key: opts.envKey, value }
  },
  render: (existing, entry, file) => renderDotenv(existing, entry, file),
  read: (body) => Object.entries(parseDotenv(body)).filter(([, v]) => v.length > 0).map(([key, v]) => ({ entry: key, secret: v, identifiers: {} })),
  // Every assignment of the variable.
  remove: (text, entry, file) => removeDotenvKey(text, entry, file),
  entryKey: (e) => e.key,
  // A reference (tokendesk://NAME) is no secret: shown in the preview as it is.
  secrets: (e) => (isReference(e.value) ? [] : [e.value]),
  classify: (c, sameFile) => {
    // One table of variable names per platform (env-names.ts), shared with env and the writers.
    const known = platformOfSecretVariable(c.entry)
    if (!known) return null
    const fields: Record<string, string> = {}
    for (const [variable, field] of Object.entries(PLATFORM_ENV[known.platform]?.fields ?? {})) {
      if (field === 'aws_session_token') continue // a session token is short-lived: not a field to keep
      const v = sameFile.find((x) => x.entry === variable)?.secret
      if (v) fields[field] = v
    }
    if (known.platform === 'aws-braket' && !fields.aws_access_key_id) return { ...known, fields, problem: 'has no AWS_ACCESS_KEY_ID beside it; not imported' }
    return { ...known, fields }
  },
}
