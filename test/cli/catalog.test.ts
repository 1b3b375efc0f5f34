import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, okJson, useBuiltCli } from './harness'

// The catalog from the command line: `tokendesk platforms` lists the known names and fields; a
// typo in a slug or field name is refused with the nearest known one before the secret is asked
// for, and --custom keeps a platform or field TokenDesk does not know.
requireSecretService()
const cli = useBuiltCli('catalog')
const SECRET = 'catalog-secret-0123456789\n'

describe('the catalog in the CLI', () => {
  it('platforms lists every known platform and provider with its name, secret and fields', async () => {
    const h = cliHome(cli, 'platforms')
    const text = await h.td(['platforms'])
    expect(text.code).toBe(0)
    expect(text.stdout).toMatch(/^Personal access tokens \(tokendesk add --platform SLUG\):\n {2}kipu-hub +Kipu Quantum Hub — /)
    expect(text.stdout).toMatch(/\n {2}aws-braket +AWS Braket — .*; secret: Secret access key; default expiry never\n +--field aws_access_key_id=… {2}required: /)
    expect(text.stdout).toMatch(/--field channel=… {2}optional: how qiskit-ibm-runtime connects; one of ibm_quantum_platform, ibm_cloud\n/)
    const json = okJson<{ slug: string; kind: string; name: string; fields: { key: string; required: boolean }[] }[]>(await h.td(['platforms', '--json']))
    expect(json.map((e) => e.name)).toEqual(
      expect.arrayContaining(['Kipu Quantum Hub', 'PLANQK', 'Qualytics', 'AceCloud AI Hub', 'IBM Quantum', 'AWS Braket', 'IonQ', 'Azure Quantum', 'Quantinuum', 'Rigetti', 'Hugging Face']),
    )
    expect(json.find((e) => e.slug === 'qualytics')?.fields).toEqual([expect.objectContaining({ key: 'url', required: true })])
    expect((await h.td(['help', 'add'])).stdout).toContain('`tokendesk platforms`')
  })

  it('refuses a typo in a slug or a field with the nearest name, stores nothing; --custom keeps it', async () => {
    const h = cliHome(cli, 'typos')
    const typo = await h.td(['add', '--platform', 'plankq', '--name', 'x'], SECRET)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe('tokendesk: unknown platform "plankq"; did you mean planqk (PLANQK)? `tokendesk platforms` lists the known ones; add --custom to keep a platform TokenDesk does not know\n')
    const wrongKind = await h.td(['add', '--platform', 'ibm-quantum', '--name', 'x'], SECRET)
    expect(wrongKind.code).toBe(2)
    expect(wrongKind.stderr).toBe('tokendesk: ibm-quantum is a provider (IBM Quantum); use --provider ibm-quantum\n')
    const field = await h.td(['add', '--provider', 'aws-braket', '--name', 'braket', '--field', 'aws_acess_key_id=AKIAEXAMPLE123456789'], SECRET)
    expect(field.code).toBe(2)
    expect(field.stderr).toMatch(/AWS Braket has no field "aws_acess_key_id"; did you mean aws_access_key_id\?/)
    expect(okJson<{ total: number }>(await h.td(['list', '--json'])).total).toBe(0)

    expect((await h.td(['add', '--platform', 'plankq', '--name', 'lab', '--custom'], SECRET)).code).toBe(0)
    expect((await h.td(['add', '--provider', 'aws-braket', '--name', 'braket', '--custom', '--field', 'region=eu-west-2', '--field', 'aws_access_key_id=AKIAEXAMPLE123456789'], SECRET)).code).toBe(0)
    expect(okJson<{ items: { platform: string }[] }>(await h.td(['list', '--json'])).items.map((t) => t.platform).sort()).toEqual(['aws-braket', 'plankq'])
  })

  it('a missing required field is a note, not a refusal; edit checks field names too', async () => {
    const h = cliHome(cli, 'required')
    const added = await h.td(['add', '--platform', 'qualytics', '--name', 'dq'], SECRET)
    expect(added.code).toBe(0)
    expect(added.stderr).toBe('tokendesk: note: dq has no field url (your Qualytics API, e.g. https://acme.qualytics.io/api); SDK configs need it: tokendesk edit dq --field url=…\n')
    const typo = await h.td(['edit', 'dq', '--field', 'urll=https://acme.qualytics.io/api'])
    expect(typo.code).toBe(2)
    expect(typo.stderr).toMatch(/Qualytics has no field "urll"; did you mean url\?/)
    expect((await h.td(['edit', 'dq', '--field', 'url=https://acme.qualytics.io/api'])).code).toBe(0)
  })
})
