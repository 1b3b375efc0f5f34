import { describe, expect, it } from 'vitest'
import { readCredentials } from './read-entries'
import { removeEntryText } from './remove-entry'

// Removing a token's entry from a file cuts only that entry's bytes: every other line, comment,
// member and newline stays as it was, and the file's own parser reads the rest unchanged.
describe('removeEntryText', () => {
  it('AWS credentials: a profile with only credentials goes whole; one with settings keeps them', () => {
    const text = [
      '# my keys',
      '[default]',
      'aws_access_key_id = AKIADEFAULT000000000',
      'aws_secret_access_key = keep-me',
      '',
      '[braket]',
      'aws_access_key_id = AKIABRAKET000000000',
      'aws_secret_access_key = remove-me',
      'aws_session_token = sess',
      '    continued',
      '',
      '[lab]',
      'region = eu-west-2',
      'aws_secret_access_key = lab-secret',
      '',
    ].join('\r\n')
    const out = removeEntryText('aws-credentials-ini', text, 'braket', '/f')!
    expect(out).toBe(['# my keys', '[default]', 'aws_access_key_id = AKIADEFAULT000000000', 'aws_secret_access_key = keep-me', '', '[lab]', 'region = eu-west-2', 'aws_secret_access_key = lab-secret', ''].join('\r\n'))
    const lab = removeEntryText('aws-credentials-ini', out, 'lab', '/f')!
    expect(lab).toBe(['# my keys', '[default]', 'aws_access_key_id = AKIADEFAULT000000000', 'aws_secret_access_key = keep-me', '', '[lab]', 'region = eu-west-2', ''].join('\r\n'))
    expect(readCredentials('aws-credentials-ini', lab, '/f').map((c) => c.entry)).toEqual(['default'])
    // The last section goes with the blank line that set it apart; the file keeps its final newline.
    expect(removeEntryText('aws-credentials-ini', '[a]\naws_secret_access_key = x\n\n[b]\naws_secret_access_key = y\n', 'b', '/f')).toBe('[a]\naws_secret_access_key = x\n')
    expect(removeEntryText('aws-credentials-ini', text, 'nope', '/f')).toBeNull()
  })

  it('qiskit: the saved account goes with its comma, wherever it sits', () => {
    const accounts = '{\n    "a": {\n        "token": "ta"\n    },\n    "b": {\n        "token": "tb"\n    },\n    "c": {\n        "token": "tc"\n    }\n}\n'
    expect(removeEntryText('qiskit-ibm-json', accounts, 'a', '/f')).toBe('{\n    "b": {\n        "token": "tb"\n    },\n    "c": {\n        "token": "tc"\n    }\n}\n')
    expect(removeEntryText('qiskit-ibm-json', accounts, 'b', '/f')).toBe('{\n    "a": {\n        "token": "ta"\n    },\n    "c": {\n        "token": "tc"\n    }\n}\n')
    expect(removeEntryText('qiskit-ibm-json', accounts, 'c', '/f')).toBe('{\n    "a": {\n        "token": "ta"\n    },\n    "b": {\n        "token": "tb"\n    }\n}\n')
    expect(removeEntryText('qiskit-ibm-json', '{"only": {"token": "t"}}', 'only', '/f')).toBe('{}')
    for (const k of ['a', 'b', 'c']) expect(Object.keys(JSON.parse(removeEntryText('qiskit-ibm-json', accounts, k, '/f')!) as object)).toEqual(['a', 'b', 'c'].filter((x) => x !== k))
  })

  it('PlanQK/Kipu: only the auth member; the CLI context stays', () => {
    const text = '{\n  "auth": {\n    "type": "API_KEY",\n    "value": "pq-secret"\n  },\n  "context": {\n    "id": "org-1"\n  }\n}\n'
    expect(removeEntryText('planqk-json', text, 'default', '/f')).toBe('{\n  "context": {\n    "id": "org-1"\n  }\n}\n')
    expect(removeEntryText('planqk-json', '{"context": {}}', 'default', '/f')).toBeNull()
  })

  it('Qualytics: the token line goes, the url and comments stay', () => {
    const text = '# instance\nurl: https://acme.qualytics.io/\ntoken: "qt-secret"  # from the UI\nssl_verify: true\n'
    expect(removeEntryText('qualytics-yaml', text, 'default', '/f')).toBe('# instance\nurl: https://acme.qualytics.io/\nssl_verify: true\n')
    // A flow mapping has no line of its own to cut: the parser's own edit, then checked.
    const flow = removeEntryText('qualytics-yaml', '{url: "https://q.io/", token: "t"}\n', 'default', '/f')!
    expect(readCredentials('qualytics-yaml', flow, '/f')).toEqual([])
    expect(flow).toContain('https://q.io/')
  })

  it('.env: every assignment of the variable, a value spanning lines whole; other lines untouched', () => {
    const text = '# project\nA=1\nTOKEN="multi\nline"\nexport B=2\nTOKEN=again\n'
    expect(removeEntryText('dotenv', text, 'TOKEN', '/f')).toBe('# project\nA=1\nexport B=2\n')
    expect(removeEntryText('dotenv', 'A=1', 'A', '/f')).toBe('')
    expect(removeEntryText('dotenv', text, 'NOPE', '/f')).toBeNull()
  })

  it('a file that does not parse is refused, naming the place and never its content', () => {
    expect(() => removeEntryText('qiskit-ibm-json', '{"a": {"token": "leak-me"', 'a', '/f')).toThrow(/\/f is not valid JSON \(line 1, column \d+: .*\); fix it by hand/)
    try {
      removeEntryText('qiskit-ibm-json', '{"a": {"token": "leak-me"', 'a', '/f')
    } catch (e) {
      expect((e as Error).message).not.toContain('leak-me')
    }
    expect(() => removeEntryText('aws-credentials-ini', '[a]\n[a]\n', 'a', '/f')).toThrow(/section \[a\] appears twice/)
  })
})
