import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, filesContaining, useBuiltCli } from './harness'

// `tokendesk import` on a home full of real SDK files and project .env files, through the built
// CLI and the real keychain: what it finds, what it masks, that it imports each credential once,
// remembers where it came from, skips what it must, and copes with a 10,000-profile file.
requireSecretService()

const cli = useBuiltCli('import')

const setup = (label: string) => cliHome(cli, `imp-${label}`)

type Found = { file: string; entry: string; kind: string; platform: string; name: string; masked: string; heldBy: string | null; problem?: string; fields: Record<string, string> }

const SECRETS = {
  awsDefault: 'defaultSecretKey/0123456789abcdefABCDEF',
  awsBraket: 'braketSecretKey/0123456789abcdefABCDEF',
  ibm: 'ibmCloudApiKey-0123456789abcdef',
  legacy: 'legacyIbmQuantumToken-0123456789',
  planqk: 'planqk-pat-0123456789abcdef',
  qualytics: 'qualytics-tok-0123456789abcdef',
}

describe('tokendesk import', () => {
  it('finds every credential in the SDK files, masked; --yes imports the new ones once, each a placement; a retired qiskit channel is reported', async () => {
    const { td, write, data } = setup('home')
    write('.aws/credentials', `[default]\naws_access_key_id = AKIADEFAULT000000001\naws_secret_access_key = ${SECRETS.awsDefault}\n\n[braket]\naws_access_key_id = AKIABRAKET0000000002\naws_secret_access_key = ${SECRETS.awsBraket}\nregion = us-east-1\n`)
    write('.qiskit/qiskit-ibm.json', JSON.stringify({ lab: { channel: 'ibm_cloud', token: SECRETS.ibm, instance: 'crn:v1:abc' }, old: { channel: 'ibm_quantum', token: SECRETS.legacy } }, null, 4))
    write('.config/planqk/config.json', JSON.stringify({ auth: { type: 'API_KEY', value: SECRETS.planqk } }))
    write('.qualytics/config.yaml', `url: https://acme.qualytics.io/\ntoken: ${SECRETS.qualytics}\n`)

    const listed = await td(['import', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    for (const s of Object.values(SECRETS)) expect(listed.stdout + listed.stderr, 'a secret in the listing').not.toContain(s)
    const found = (JSON.parse(listed.stdout) as { found: Found[] }).found
    expect(found.map((f) => [f.entry, f.kind, f.platform, f.name, f.heldBy, f.problem ?? null])).toEqual([
      ['default', 'provider', 'aws-braket', 'aws-braket', null, null], // a profile called default is named after its platform
      ['braket', 'provider', 'aws-braket', 'braket', null, null],
      ['lab', 'provider', 'ibm-quantum', 'lab', null, null],
      ['old', 'provider', 'ibm-quantum', 'old', null, expect.stringMatching(/retired channel ibm_quantum/)],
      ['default', 'personal', 'planqk', 'planqk', null, null],
      ['default', 'personal', 'qualytics', 'qualytics', null, null],
    ])
    expect(found[1]!.fields).toEqual({ aws_access_key_id: 'AKIABRAKET0000000002' })
    expect(found[1]!.masked).toBe('••••CDEF')
    expect(found[2]!.fields).toEqual({ channel: 'ibm_cloud', instance: 'crn:v1:abc' })
    expect(found[5]!.fields).toEqual({ url: 'https://acme.qualytics.io/' })

    const done = await td(['import', '--yes'])
    expect(done.code, done.stderr).toBe(0)
    expect(done.stdout.match(/^imported /gm)).toHaveLength(5)
    expect(done.stdout).toMatch(/not imported: .*qiskit-ibm\.json \(old\) uses the retired channel/)
    expect((await td(['get', 'braket'])).stdout.trim()).toBe(SECRETS.awsBraket)
    expect((await td(['get', 'qualytics'])).stdout.trim()).toBe(SECRETS.qualytics)
    expect(JSON.parse((await td(['where', 'lab', '--json'])).stdout).placements.map((p: { entry: string; state: string }) => [p.entry, p.state])).toEqual([['lab', 'current']])

    // Twice: everything is held now, nothing new.
    const again = await td(['import', '--yes'])
    expect(again.stdout).not.toMatch(/^imported /m)
    expect(again.stdout).toMatch(/5 already held by TokenDesk/)
    const relisted = (JSON.parse((await td(['import', '--json'])).stdout) as { found: Found[] }).found
    expect(relisted.filter((f) => !f.problem).map((f) => f.heldBy)).toEqual(['aws-braket', 'braket', 'lab', 'planqk', 'qualytics'])
    expect(JSON.parse((await td(['list', '--json'])).stdout).total).toBe(5)
    // No secret in the database; the source files untouched.
    for (const s of Object.values(SECRETS)) expect(filesContaining(data, s)).toEqual([])
  })

  it("reads a folder's .env files (not inside .git, node_modules or a virtualenv), reports a broken file and leaves it as it was", async () => {
    const { dir, td } = setup('folder')
    const proj = path.join(dir, 'proj')
    const put = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(proj, rel)), { recursive: true })
      fs.writeFileSync(path.join(proj, rel), text)
    }
    put('.env', 'PLANQK_PERSONAL_ACCESS_TOKEN=pq-from-root-env-0001\nDEBUG=1\n')
    put('svc/.env.production', 'AWS_ACCESS_KEY_ID=AKIASVC0000000000001\nAWS_SECRET_ACCESS_KEY=svcSecret/0123456789abcdef\nIONQ_API_KEY=ionq-key-0123456789\n')
    put('node_modules/pkg/.env', 'IONQ_API_KEY=from-node-modules-0000\n')
    put('.git/.env', 'IONQ_API_KEY=from-git-000000000000\n')
    put('.venv/.env', 'IONQ_API_KEY=from-venv-00000000000\n')
    const broken = path.join(dir, 'broken.json')
    fs.writeFileSync(broken, '{"auth": {"value": "x"},,}')
    const r = await td(['import', proj, broken, '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toMatch(/skipped .*broken\.json: .*not valid JSON/)
    const found = (JSON.parse(r.stdout) as { found: Found[] }).found
    expect(found.map((f) => [path.relative(proj, f.file), f.entry, f.platform])).toEqual([
      ['.env', 'PLANQK_PERSONAL_ACCESS_TOKEN', 'planqk'],
      ['svc/.env.production', 'AWS_SECRET_ACCESS_KEY', 'aws-braket'],
      ['svc/.env.production', 'IONQ_API_KEY', 'ionq'],
    ])
    expect(found[1]!.fields).toEqual({ aws_access_key_id: 'AKIASVC0000000000001' })
    expect(fs.readFileSync(broken, 'utf8')).toBe('{"auth": {"value": "x"},,}')
  })

  it('lists a file with 10,000 profiles', async () => {
    const { write, td } = setup('big')
    const lines: string[] = []
    for (let i = 0; i < 10_000; i++) lines.push(`[p${i}]`, `aws_access_key_id = AKIA${String(i).padStart(16, '0')}`, `aws_secret_access_key = secret${i}/0123456789abcdefXYZ`)
    const file = write('creds/credentials', lines.join('\n') + '\n')
    const r = await td(['import', file, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const found = (JSON.parse(r.stdout) as { found: Found[] }).found
    expect(found).toHaveLength(10_000)
    expect(new Set(found.map((f) => f.name)).size).toBe(10_000)
    expect(r.stdout).not.toContain('secret9999/0123456789abcdefXYZ')
  }, 120_000)
})
