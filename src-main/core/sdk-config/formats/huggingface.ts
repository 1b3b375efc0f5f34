import { parse as parseIni } from 'ini'
import { isObject, SINGLE_ENTRY, str, type FormatModule } from '../format-module'
import { hfStoredTokensPath, hfTokenPath, removeHfStoredToken, renderHfStoredTokens, renderHfTokenFile, type HfStoredEntry, type HfTokenFileEntry } from '../huggingface'

/** huggingface_hub's named tokens (`stored_tokens`, INI with `hf_token`). */
export const hfStoredTokens: FormatModule<HfStoredEntry> = {
  format: 'hf-stored-tokens',
  defaultPath: (env) => hfStoredTokensPath(env),
  pathOverrides: [],
  knownLocation: true,
  // Stored under the token's own name unless the user names another (hf auth switch picks by it).
  fromToken: (t, value, opts) => ({ name: opts.profile ?? t.name, token: value }),
  render: (existing, entry, file) => renderHfStoredTokens(existing, entry, file),
  // huggingface_hub reads it with configparser; `ini` reads sections and key = value pairs alike.
  read: (body) => Object.entries(parseIni(body) as Record<string, unknown>).flatMap(([name, s]) => (isObject(s) && str(s.hf_token) ? [{ entry: name, secret: s.hf_token.trim(), identifiers: {} }] : [])),
  remove: (text, entry, file) => removeHfStoredToken(text, entry, file),
  entryKey: (e) => e.name,
  secrets: (e) => [e.token],
  classify: () => ({ kind: 'personal', platform: 'huggingface', fields: {} }),
}

/** huggingface_hub's active token file (`$HF_HOME/token`, `HF_TOKEN_PATH`): the token alone. */
export const hfTokenFile: FormatModule<HfTokenFileEntry> = {
  format: 'hf-token-file',
  defaultPath: (env) => hfTokenPath(env),
  pathOverrides: [],
  knownLocation: true,
  fromToken: (_t, value) => ({ token: value }),
  render: (existing, entry) => renderHfTokenFile(existing, entry),
  read: (body) => {
    const token = body.trim()
    return token ? [{ entry: SINGLE_ENTRY, secret: token, identifiers: {} }] : []
  },
  // The file is the token: emptied, huggingface_hub reads "not logged in".
  remove: (text, entry) => (entry === SINGLE_ENTRY && text.trim() !== '' ? '' : null),
  entryKey: () => SINGLE_ENTRY,
  secrets: (e) => [e.token],
  classify: () => ({ kind: 'personal', platform: 'huggingface', fields: {} }),
}
