import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { exportLines, renderExport, sdkEnv, shellQuote } from './env'

const SECRET = 's3cr3t-value'
const t = (platform: string, fields: Record<string, string> = {}, name = 'my-token-1') => ({ platform, name, fields })

describe('sdkEnv', () => {
  it('maps each known platform to the variables its SDK reads', () => {
    expect(sdkEnv(t('planqk'), SECRET)).toEqual({ PLANQK_PERSONAL_ACCESS_TOKEN: SECRET })
    expect(sdkEnv(t('kipu-hub'), SECRET)).toEqual({ KQH_PERSONAL_ACCESS_TOKEN: SECRET, PLANQK_PERSONAL_ACCESS_TOKEN: SECRET })
    expect(sdkEnv({ ...t('kipu-hub'), fields: { organization_id: 'org-7' } }, SECRET)).toMatchObject({ KQH_ORGANIZATION_ID: 'org-7', PLANQK_ORGANIZATION_ID: 'org-7' })
    expect(sdkEnv(t('qualytics', { url: 'https://a.qualytics.io/' }), SECRET)).toEqual({ QUALYTICS_URL: 'https://a.qualytics.io/', QUALYTICS_TOKEN: SECRET })
    expect(sdkEnv(t('qualytics'), SECRET)).toEqual({ QUALYTICS_TOKEN: SECRET })
    expect(sdkEnv(t('ibm-quantum'), SECRET)).toEqual({ QISKIT_IBM_TOKEN: SECRET })
    expect(sdkEnv(t('ibm-quantum', { channel: 'ibm_cloud', instance: 'crn:x' }), SECRET)).toEqual({
      QISKIT_IBM_TOKEN: SECRET,
      QISKIT_IBM_CHANNEL: 'ibm_cloud',
      QISKIT_IBM_INSTANCE: 'crn:x',
    })
    expect(sdkEnv(t('ionq'), SECRET)).toEqual({ IONQ_API_KEY: SECRET, QISKIT_IONQ_API_TOKEN: SECRET })
    expect(sdkEnv(t('aws-braket', { aws_access_key_id: 'AKIA1' }), SECRET)).toEqual({ AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: SECRET })
    expect(sdkEnv(t('aws-braket', { aws_access_key_id: 'AKIA1', aws_session_token: 'ST' }), SECRET)).toMatchObject({ AWS_SESSION_TOKEN: 'ST' })
    expect(sdkEnv(t('azure-quantum'), SECRET)).toEqual({ AZURE_QUANTUM_CONNECTION_STRING: SECRET })
    expect(sdkEnv(t('rigetti', {}, 'lab-qpu-2'), SECRET)).toEqual({ TOKENDESK_LAB_QPU_2: SECRET })
  })

  it('names the missing AWS field without leaking the secret', () => {
    expect(() => sdkEnv(t('aws-braket'), SECRET)).toThrow(/aws_access_key_id/)
    try {
      sdkEnv(t('aws-braket'), SECRET)
    } catch (e) {
      expect(e).toBeInstanceOf(TokenDeskError)
      expect((e as Error).message).not.toContain(SECRET)
    }
  })
})

describe('shellQuote / exportLines', () => {
  const nasty = ["plain", "it's", "a'b'c", '$(rm -rf ~)', '`id`', 'back\\slash', 'multi\nline', '"dq"', "'", '', '!bang', ' spaced ']

  it('single-quotes and escapes single quotes the POSIX way', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`)
    expect(shellQuote('$HOME')).toBe(`'$HOME'`)
    expect(() => shellQuote('a\u0000b')).toThrow(TokenDeskError)
  })

  it.each(nasty)('round-trips %j through a real sh', (value) => {
    const out = execFileSync('sh', ['-c', `${exportLines({ V: value })}printf %s "$V"`], { encoding: 'utf8', env: {} })
    expect(out).toBe(value)
  })

  it('writes one export line per variable and validates names', () => {
    expect(exportLines({ A: '1', B_2: "x'y" })).toBe(`export A='1'\nexport B_2='x'\\''y'\n`)
    expect(renderExport(null, { env: { A: '1' } })).toEqual({ text: "export A='1'\n" })
    expect(() => exportLines({ 'BAD-NAME': 'x' })).toThrow(/not a valid environment variable name/)
  })
})
