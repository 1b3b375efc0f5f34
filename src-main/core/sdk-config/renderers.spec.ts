import { parse as parseYaml } from 'yaml'
import { describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { renderAwsCredentials } from './aws-credentials-ini'
import { dotenvQuote, renderDotenv } from './dotenv'
import { renderPlanqkConfig } from './planqk-json'
import { renderQiskitIbmConfig } from './qiskit-ibm-json'
import { renderQualyticsConfig } from './qualytics-yaml'

const SECRET = 'pat_9f8e7d6c5b4a39281706f5e4d3c2b1a0'

/** Asserts `after` is `before` with exactly one occurrence of `owned` replaced: all else byte-equal. */
function expectOnlyReplaced(before: string, after: string, owned: string, replacement: string) {
  expect(before.split(owned).length - 1, 'owned text occurs once').toBe(1)
  expect(after).toBe(before.replace(owned, () => replacement))
}

/** Asserts the file was only appended to (nothing before `at` moved). */
function expectOnlyInserted(before: string, after: string, at: number, inserted: string) {
  expect(after).toBe(before.slice(0, at) + inserted + before.slice(at))
}

function expectBroken(fn: () => unknown, file: RegExp, secret?: string) {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(TokenDeskError)
    expect((e as TokenDeskError).code).toBe('invalid_input')
    expect((e as Error).message).toMatch(file)
    if (secret) expect((e as Error).message).not.toContain(secret)
    return
  }
  throw new Error('expected a TokenDeskError')
}

describe('planqk-json', () => {
  const sample = `{
    "auth": {
        "type": "API_KEY",
        "value": "old-old-old"
    },
    "context": {
        "id": "f7b1c2d3",
        "displayName": "My Org",
        "isOrganization": true
    },
    "endpoint": "https://platform.planqk.de"
}
`
  it('replaces only auth, keeping other keys, their order and the 4-space indentation', () => {
    const { text } = renderPlanqkConfig(sample, { token: SECRET })
    expectOnlyReplaced(
      sample,
      text,
      `{
        "type": "API_KEY",
        "value": "old-old-old"
    }`,
      `{
        "type": "API_KEY",
        "value": "${SECRET}"
    }`,
    )
    expect(JSON.parse(text).auth).toEqual({ type: 'API_KEY', value: SECRET })
  })

  it('adds auth after the last key, in the file\'s style, and creates a fresh file', () => {
    const noAuth = '{\n\t"endpoint": "https://x"\n}'
    expect(renderPlanqkConfig(noAuth, { token: 'a' }).text).toBe('{\n\t"endpoint": "https://x",\n\t"auth": {\n\t\t"type": "API_KEY",\n\t\t"value": "a"\n\t}\n}')
    expect(renderPlanqkConfig(null, { token: 'a' }).text).toBe('{\n  "auth": {\n    "type": "API_KEY",\n    "value": "a"\n  }\n}\n')
    expect(renderPlanqkConfig('{}\n', { token: 'a' }).text).toBe('{\n  "auth": {\n    "type": "API_KEY",\n    "value": "a"\n  }\n}\n')
    expect(renderPlanqkConfig('{"context": {"id": "x"}}', { token: 'a' }).text).toBe('{"context": {"id": "x"}, "auth": {"type":"API_KEY","value":"a"}}')
  })

  it('keeps CRLF line endings', () => {
    const crlf = sample.replace(/\n/g, '\r\n')
    const { text } = renderPlanqkConfig(crlf, { token: SECRET })
    expect(text).toBe(renderPlanqkConfig(sample, { token: SECRET }).text.replace(/\n/g, '\r\n'))
  })

  it.each([
    ['{"auth": {"value": "sk-live-ABC"', /line 1, column 33: unexpected end of file/],
    ['{"auth": "sk-live-ABC",}', /expected a string/],
    ['["sk-live-ABC"]', /top level must be an object/],
    ['{"a": 1} trailing sk-live-ABC', /unexpected content/],
    ['{"a": 01}', /expected "," or "}"/],
    ['{\n  "a": tru\n}', /line 2, column 8: unexpected character/],
  ])('reports broken JSON %j by file and position, never quoting it', (broken, why) => {
    expectBroken(() => renderPlanqkConfig(broken, { token: SECRET }, '/home/u/.config/planqk/config.json'), /config\.json is not valid JSON/, 'sk-live-ABC')
    expectBroken(() => renderPlanqkConfig(broken, { token: SECRET }), why)
  })

  it('refuses a duplicated owned key and control characters in the secret', () => {
    expectBroken(() => renderPlanqkConfig('{"auth": 1, "auth": 2}', { token: SECRET }), /contains "auth" twice/)
    expect(() => renderPlanqkConfig(null, { token: 'a\nb' })).toThrow(/line breaks/)
  })
})

describe('qiskit-ibm-json', () => {
  // As qiskit-ibm-runtime's save_account writes it (sort_keys, indent=4), plus a hand-added account.
  const sample = `{
    "default-ibm-quantum-platform": {
        "channel": "ibm_quantum_platform",
        "instance": "crn:v1:bluemix:public:quantum-computing:us-east:a/abc::",
        "private_endpoint": false,
        "token": "OLD-IBM-TOKEN-1"
    },
    "lab-cloud": {
        "channel": "ibm_cloud",
        "token": "OTHER-ACCOUNT-TOKEN",
        "url": "https://cloud.ibm.com",
        "verify": true
    }
}`
  const labCloud = sample.slice(sample.indexOf('"lab-cloud"'))

  it('replaces only the named account and keeps the other account byte for byte', () => {
    const { text } = renderQiskitIbmConfig(sample, { token: SECRET, instance: 'crn:new' })
    expect(text.endsWith(labCloud)).toBe(true)
    expect(text).toBe(`{
    "default-ibm-quantum-platform": {
        "channel": "ibm_quantum_platform",
        "instance": "crn:new",
        "token": "${SECRET}"
    },
    ${labCloud}`)
  })

  it('writes a --profile account after the others and keeps their order', () => {
    const { text } = renderQiskitIbmConfig(sample, { name: 'work', channel: 'ibm_cloud', token: SECRET, url: 'https://cloud.ibm.com' })
    const at = sample.lastIndexOf('\n}')
    expectOnlyInserted(sample, text, at, `,\n    "work": {\n        "channel": "ibm_cloud",\n        "token": "${SECRET}",\n        "url": "https://cloud.ibm.com"\n    }`)
    expect(Object.keys(JSON.parse(text))).toEqual(['default-ibm-quantum-platform', 'lab-cloud', 'work'])
    expect(JSON.parse(text)['lab-cloud'].token).toBe('OTHER-ACCOUNT-TOKEN')
  })

  it('creates a new file in save_account style', () => {
    expect(JSON.parse(renderQiskitIbmConfig(null, { token: SECRET }).text)).toEqual({
      'default-ibm-quantum-platform': { channel: 'ibm_quantum_platform', token: SECRET },
    })
    expect(renderQiskitIbmConfig(null, { token: 'x' }).text).toContain('\n        "channel"')
  })

  it('validates channel and url without echoing input, and refuses broken files', () => {
    expect(() => renderQiskitIbmConfig(null, { token: SECRET, channel: 'nope' as never })).toThrow(/channel must be one of/)
    expect(() => renderQiskitIbmConfig(null, { token: SECRET, url: 'not a url' })).toThrow(TokenDeskError)
    expectBroken(() => renderQiskitIbmConfig('{"default-ibm-quantum-platform": "x"}', { token: SECRET }), /is not an object/)
    expectBroken(() => renderQiskitIbmConfig(sample.slice(0, -3), { token: SECRET }, '/h/.qiskit/qiskit-ibm.json'), /qiskit-ibm\.json is not valid JSON/, 'OTHER-ACCOUNT')
  })
})

describe('qualytics-yaml', () => {
  const sample = `# Qualytics CLI configuration
# managed by hand and by TokenDesk

url: https://acme.qualytics.io/   # production
token: 'old-qualytics-token'
ssl_verify: true
extras:
  - a
  -   b    # odd spacing kept

# trailing comment
`
  it('replaces url and token values only, keeping comments, spacing and other keys', () => {
    const { text } = renderQualyticsConfig(sample, { url: 'https://new.qualytics.io/', token: SECRET })
    expect(text).toBe(sample.replace('https://acme.qualytics.io/', '"https://new.qualytics.io/"').replace("'old-qualytics-token'", `"${SECRET}"`))
    expect(parseYaml(text)).toMatchObject({ url: 'https://new.qualytics.io/', token: SECRET, ssl_verify: true })
  })

  it('keeps the existing url when the token has none, and leaves an equal value untouched', () => {
    expectOnlyReplaced(sample, renderQualyticsConfig(sample, { token: SECRET }).text, "'old-qualytics-token'", `"${SECRET}"`)
  })

  it('appends missing keys after the mapping, before trailing comments, and keeps CRLF', () => {
    const noToken = 'url: https://a.io/\nssl_verify: false\n\n# end\n'
    expect(renderQualyticsConfig(noToken, { token: 'T' }).text).toBe('url: https://a.io/\nssl_verify: false\ntoken: "T"\n\n# end\n')
    const crlf = 'url: https://a.io/\r\nssl_verify: false\r\n'
    expect(renderQualyticsConfig(crlf, { token: 'T' }).text).toBe('url: https://a.io/\r\nssl_verify: false\r\ntoken: "T"\r\n')
    expect(renderQualyticsConfig('url: https://a.io/', { token: 'T' }).text).toBe('url: https://a.io/\ntoken: "T"')
    expect(renderQualyticsConfig('url: https://a.io/\ntoken:\n', { token: 'T' }).text).toBe('url: https://a.io/\ntoken: "T"\n')
    expect(renderQualyticsConfig('# only a comment\n', { url: 'https://a.io/', token: 'T' }).text).toBe('# only a comment\nurl: "https://a.io/"\ntoken: "T"\n')
    expect(renderQualyticsConfig(null, { url: 'https://a.io/', token: 'T' }).text).toBe('url: "https://a.io/"\ntoken: "T"\n')
  })

  it('falls back to the Document API for flow mappings and still round-trips', () => {
    const { text } = renderQualyticsConfig('{url: "https://a.io/"}\n', { token: 'T' })
    expect(parseYaml(text)).toEqual({ url: 'https://a.io/', token: 'T' })
  })

  it('requires a url and refuses broken YAML without quoting it', () => {
    expect(() => renderQualyticsConfig('ssl_verify: true\n', { token: SECRET })).toThrow(/Qualytics URL is needed/)
    expectBroken(() => renderQualyticsConfig('url: [unclosed\ntoken: sk-live-ABC\n', { token: SECRET }, '/h/.qualytics/config.yaml'), /config\.yaml is not valid YAML \(line/, 'sk-live-ABC')
    expectBroken(() => renderQualyticsConfig('token: a\ntoken: sk-live-ABC\n', { token: SECRET }), /not valid YAML/, 'sk-live-ABC')
    expectBroken(() => renderQualyticsConfig('- a\n- b\n', { token: SECRET }), /expected a mapping/)
  })
})

describe('aws-credentials-ini', () => {
  const sample = `# AWS credentials — edited by hand
[default]
aws_access_key_id = AKIADEFAULT000000000
aws_secret_access_key = defaultSecretKeyValue/AAAAAAAAAAAAAAAAAAAA
; a comment inside default

[braket]
# the lab account
aws_access_key_id=AKIAOLDBRAKET0000000
aws_secret_access_key=oldBraketSecret/BBBBBBBBBBBBBBBBBBBBBB
aws_session_token = OLDSESSION
region = us-east-1

[other]
aws_access_key_id: AKIAOTHER00000000000
aws_secret_access_key: otherSecret
`
  const entry = { profile: 'braket', accessKeyId: 'AKIANEWBRAKET0000000', secretAccessKey: SECRET }

  it('replaces the profile\'s keys in place, drops a stale session token, keeps all else', () => {
    const { text } = renderAwsCredentials(sample, entry)
    expectOnlyReplaced(
      sample,
      text,
      'aws_access_key_id=AKIAOLDBRAKET0000000\naws_secret_access_key=oldBraketSecret/BBBBBBBBBBBBBBBBBBBBBB\naws_session_token = OLDSESSION\n',
      `aws_access_key_id=AKIANEWBRAKET0000000\naws_secret_access_key=${SECRET}\n`,
    )
  })

  it('replaces the session token when one is given and adds missing keys after the last key', () => {
    const withToken = renderAwsCredentials(sample, { ...entry, sessionToken: 'NEWSESSION' }).text
    expect(withToken).toContain('aws_session_token = NEWSESSION\nregion = us-east-1\n')
    const partial = '[p]\nregion = eu-west-1\n\n# next\n[q]\nx = 1\n'
    expect(renderAwsCredentials(partial, { profile: 'p', accessKeyId: 'AKIA1', secretAccessKey: 'S' }).text).toBe(
      '[p]\nregion = eu-west-1\naws_access_key_id = AKIA1\naws_secret_access_key = S\n\n# next\n[q]\nx = 1\n',
    )
  })

  it('appends an absent profile and creates a new file with [default]', () => {
    const { text } = renderAwsCredentials(sample, { ...entry, profile: 'new' })
    expectOnlyInserted(sample, text, sample.length, `\n[new]\naws_access_key_id = AKIANEWBRAKET0000000\naws_secret_access_key = ${SECRET}\n`)
    expect(renderAwsCredentials(null, { accessKeyId: 'AKIA1', secretAccessKey: 'S' }).text).toBe('[default]\naws_access_key_id = AKIA1\naws_secret_access_key = S\n')
  })

  it('keeps CRLF endings and a missing trailing newline', () => {
    const crlf = sample.replace(/\n/g, '\r\n')
    expect(renderAwsCredentials(crlf, entry).text).toBe(renderAwsCredentials(sample, entry).text.replace(/\n/g, '\r\n'))
    const noNl = sample.slice(0, -1)
    expect(renderAwsCredentials(noNl, { ...entry, profile: 'other' }).text).toBe(renderAwsCredentials(sample, { ...entry, profile: 'other' }).text.slice(0, -1))
    expect(renderAwsCredentials('[a]\r\nx = 1', { ...entry, profile: 'b' }).text).toBe(`[a]\r\nx = 1\r\n\r\n[b]\r\naws_access_key_id = AKIANEWBRAKET0000000\r\naws_secret_access_key = ${SECRET}`)
  })

  it('treats key names case-insensitively, keeps their spelling and drops old continuation lines', () => {
    const odd = '[default]\nAWS_Access_Key_ID   :   AKIAOLD\naws_secret_access_key =\n    continued-old-secret\nregion = x\n'
    expect(renderAwsCredentials(odd, { accessKeyId: 'AKIANEW', secretAccessKey: 'S' }).text).toBe(
      '[default]\nAWS_Access_Key_ID   :   AKIANEW\naws_secret_access_key =S\nregion = x\n',
    )
  })

  it.each([
    ['[default\naws_access_key_id = AKIA-sk-live-ABC\n', /line 1: a \[section\] header is missing/],
    ['aws_access_key_id = sk-live-ABC\n[default]\n', /line 1: a key appears before any \[section\]/],
    ['[default]\njust some words sk-live-ABC\n', /line 2: expected a \[section\], a comment or key = value/],
    ['[a]\nx=1\n[a]\ny=sk-live-ABC\n', /line 3: section \[a\] appears twice/],
    ['[braket]\naws_secret_access_key=sk-live-ABC\naws_secret_access_key=2\n', /line 3: aws_secret_access_key appears twice/],
  ])('reports malformed INI %j by line, without content', (broken, why) => {
    expectBroken(() => renderAwsCredentials(broken, entry, '/h/.aws/credentials'), /\/h\/\.aws\/credentials is not valid INI/, 'sk-live-ABC')
    expectBroken(() => renderAwsCredentials(broken, entry), why)
  })

  it('validates the profile name and key material', () => {
    expect(() => renderAwsCredentials(null, { ...entry, profile: 'a]b' })).toThrow(/profile name/)
    expect(() => renderAwsCredentials(null, { ...entry, secretAccessKey: 'has space' })).toThrow(/printable ASCII/)
  })
})

describe('dotenv', () => {
  const sample = `# project settings
APP_ENV=dev
export IBM_TOKEN = "old-ibm"   # inline note
MULTI="line one
IBM_TOKEN=inside-a-multiline-value
line three"

QUOTED='x # not a comment'
IBM_TOKEN=duplicate-later
`
  it('replaces only that key (first occurrence in place, later duplicates removed)', () => {
    const { text } = renderDotenv(sample, { key: 'IBM_TOKEN', value: SECRET })
    expect(text).toBe(sample.replace('export IBM_TOKEN = "old-ibm"   # inline note', `export IBM_TOKEN = '${SECRET}'`).replace('IBM_TOKEN=duplicate-later\n', ''))
    expect(text).toContain('IBM_TOKEN=inside-a-multiline-value') // inside another value: not ours
  })

  it('appends an absent key, keeping CRLF and the trailing newline state', () => {
    expect(renderDotenv('A=1\r\n', { key: 'B', value: 'v' }).text).toBe("A=1\r\nB='v'\r\n")
    expect(renderDotenv('A=1', { key: 'B', value: 'v' }).text).toBe("A=1\nB='v'")
    expect(renderDotenv(null, { key: 'B', value: 'v' }).text).toBe("B='v'\n")
  })

  it('quotes values safely or refuses them', () => {
    expect(dotenvQuote('abc$def')).toBe("'abc$def'")
    expect(dotenvQuote("it's")).toBe('"it\'s"')
    expect(() => dotenvQuote('it\'s $HOME')).toThrow(/export snippet/)
    expect(dotenvQuote('a\\b')).toBe("'a\\b'")
    expect(() => dotenvQuote('a\\\\b')).toThrow(/export snippet/)
    expect(() => dotenvQuote('ab\\')).toThrow(/export snippet/)
    expect(() => dotenvQuote('a\nb')).toThrow(/line breaks/)
  })

  it('validates the key and reports an unterminated quote', () => {
    for (const bad of ['1ABC', 'A-B', 'A B', '']) expect(() => renderDotenv(null, { key: bad, value: 'v' })).toThrow(TokenDeskError)
    expectBroken(() => renderDotenv('A="open\nB=sk-live-ABC\n', { key: 'B', value: 'v' }, '/p/.env'), /\/p\/\.env is not valid \.env \(line 1/, 'sk-live-ABC')
  })
})
