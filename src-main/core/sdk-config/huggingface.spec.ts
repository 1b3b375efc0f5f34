import { describe, expect, it } from 'vitest'
import { resolveConfigPath } from './formats'
import { readCredentials } from './read-entries'
import { removeEntryText } from './remove-entry'
import { renderHfStoredTokens, renderHfTokenFile } from './huggingface'

// Hugging Face's two files, as huggingface_hub reads them: stored_tokens (configparser INI, one
// section per token name) and the active token file (the token, whole).
describe('Hugging Face formats', () => {
  const stored = '[research]\nhf_token = hf_research_0001\n\n[oauth-login]\nhf_token = hf_oauth_0002\nrefresh_token = r-0002\nexpires_at = 1900000000\n'

  it('stored_tokens: adds a section, and replaces one whole (an OAuth refresh token of the old login goes)', () => {
    const added = renderHfStoredTokens(stored, { name: 'lab', token: 'hf_lab_0003' }).text
    expect(added).toBe(`${stored}\n[lab]\nhf_token = hf_lab_0003\n`)
    const replaced = renderHfStoredTokens(stored, { name: 'oauth-login', token: 'hf_new_0004' }).text
    expect(replaced).toBe('[research]\nhf_token = hf_research_0001\n\n[oauth-login]\nhf_token = hf_new_0004\n')
    expect(readCredentials('hf-stored-tokens', replaced, '/f').map((c) => [c.entry, c.secret])).toEqual([
      ['research', 'hf_research_0001'],
      ['oauth-login', 'hf_new_0004'],
    ])
    expect(renderHfStoredTokens(null, { name: 'first', token: 'hf_first_0005' }).text).toBe('[first]\nhf_token = hf_first_0005\n')
  })

  it('stored_tokens: names configparser cannot hold are refused, with what is allowed', () => {
    expect(() => renderHfStoredTokens(stored, { name: 'a]b', token: 'hf_x' })).toThrow(/1 to 64 characters, no \[ \] or line breaks/)
    expect(() => renderHfStoredTokens(stored, { name: 'DEFAULT', token: 'hf_x' })).toThrow(/configparser's own section/)
    expect(() => renderHfStoredTokens(stored, { name: 'ok', token: 'hf with space' })).toThrow(/printable ASCII without spaces/)
  })

  it('the active token file is the token alone; removing empties it', () => {
    expect(renderHfTokenFile('hf_old\n', { token: 'hf_new_0006' }).text).toBe('hf_new_0006')
    expect(readCredentials('hf-token-file', 'hf_new_0006\n', '/f')).toEqual([{ entry: 'default', secret: 'hf_new_0006', identifiers: {} }])
    expect(removeEntryText('hf-token-file', 'hf_new_0006', 'default', '/f')).toBe('')
    expect(removeEntryText('hf-token-file', '', 'default', '/f')).toBeNull()
    expect(removeEntryText('hf-stored-tokens', stored, 'oauth-login', '/f')).toBe('[research]\nhf_token = hf_research_0001\n')
  })

  it('lives where huggingface_hub looks: HF_TOKEN_PATH, else HF_HOME, else XDG_CACHE_HOME, else ~/.cache', () => {
    const at = (format: 'hf-token-file' | 'hf-stored-tokens', env: Record<string, string>) => resolveConfigPath(format, { home: '/home/r', env })
    expect(at('hf-token-file', {})).toBe('/home/r/.cache/huggingface/token')
    expect(at('hf-stored-tokens', {})).toBe('/home/r/.cache/huggingface/stored_tokens')
    expect(at('hf-token-file', { XDG_CACHE_HOME: '/xdg' })).toBe('/xdg/huggingface/token')
    expect(at('hf-stored-tokens', { HF_HOME: '/hf', XDG_CACHE_HOME: '/xdg' })).toBe('/hf/stored_tokens')
    expect(at('hf-stored-tokens', { HF_TOKEN_PATH: '/secrets/hf/tok', HF_HOME: '/hf' })).toBe('/secrets/hf/stored_tokens')
  })
})
