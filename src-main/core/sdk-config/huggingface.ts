import path from 'node:path'
import { invalid } from '../errors'
import { removeIniSection, setIniSection } from './ini-edit'
import { assertPrintable } from './text'

/**
 * Hugging Face tokens as huggingface_hub keeps them (source: huggingface_hub `constants.py` and
 * `utils/_auth.py`, read from the 2.0.0 wheel on the machine's Python index):
 *  - `stored_tokens`: every token `hf auth login` saved, an INI file read with
 *    `configparser.ConfigParser(interpolation=None)`, one `[token name]` section holding
 *    `hf_token` (OAuth logins add `refresh_token` and `expires_at`). `_save_token` replaces a
 *    section whole, so TokenDesk owns all three keys of the section it writes.
 *  - `token`: the active token, the whole file (read with `.strip()`); `hf auth switch` copies a
 *    stored token there.
 * Where: `$HF_TOKEN_PATH`, else `$HF_HOME/token`, with `HF_HOME` defaulting to
 * `$XDG_CACHE_HOME/huggingface` and that to `~/.cache/huggingface`; `stored_tokens` sits beside
 * the token file.
 */
export const HF_TOKEN_DEFAULT = '~/.cache/huggingface/token'
export const HF_STORED_TOKENS_DEFAULT = '~/.cache/huggingface/stored_tokens'

const OWNED = ['hf_token', 'refresh_token', 'expires_at'] as const
/** configparser refuses `]` and line breaks in a section name; DEFAULT is its special section. */
const TOKEN_NAME = /^[^\[\]\r\n]{1,64}$/

export interface HfStoredEntry {
  /** The token's name in stored_tokens (`hf auth switch --token-name`). */
  name: string
  token: string
}

export interface HfTokenFileEntry {
  token: string
}

/** The active-token file for an environment, as huggingface_hub resolves it (still with "~/"). */
export function hfTokenPath(env: Readonly<Record<string, string | undefined>>): string {
  if (env.HF_TOKEN_PATH) return env.HF_TOKEN_PATH
  const hfHome = env.HF_HOME ?? (env.XDG_CACHE_HOME ? path.join(env.XDG_CACHE_HOME, 'huggingface') : '~/.cache/huggingface')
  return path.join(hfHome, 'token')
}

export const hfStoredTokensPath = (env: Readonly<Record<string, string | undefined>>): string => path.join(path.dirname(hfTokenPath(env)), 'stored_tokens')

function checkName(name: string): string {
  const n = name.trim()
  if (!TOKEN_NAME.test(n) || n !== name) throw invalid('a Hugging Face token name has 1 to 64 characters, no [ ] or line breaks, and no spaces around it')
  if (n.toUpperCase() === 'DEFAULT') throw invalid('"DEFAULT" is configparser\'s own section; choose another Hugging Face token name')
  return n
}

export function renderHfStoredTokens(existing: string | null, entry: HfStoredEntry, file = HF_STORED_TOKENS_DEFAULT): { text: string } {
  const name = checkName(entry.name)
  assertPrintable(entry.token, 'the Hugging Face token')
  return { text: setIniSection(existing, name, { hf_token: entry.token, refresh_token: undefined, expires_at: undefined }, OWNED, file) }
}

/** Removes a stored token's section (every key in it is huggingface_hub's); null when it is not there. */
export function removeHfStoredToken(existing: string, name: string, file = HF_STORED_TOKENS_DEFAULT): string | null {
  return removeIniSection(existing, name, OWNED, file)
}

/** The active token file holds the token and nothing else, without a newline (as huggingface_hub writes it). */
export function renderHfTokenFile(_existing: string | null, entry: HfTokenFileEntry): { text: string } {
  assertPrintable(entry.token, 'the Hugging Face token')
  return { text: entry.token }
}
