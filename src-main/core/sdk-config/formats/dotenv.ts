import { parse as parseDotenv } from 'dotenv'
import { invalid } from '../../errors'
import { isReference } from '../../references/grammar'
import { removeDotenvKey, renderDotenv, type DotenvEntry } from '../dotenv'
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
}
