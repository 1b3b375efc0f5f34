import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, filesContaining, useBuiltCli } from './harness'

// AWS without a key on disk (issue #23): `config write --format aws-credential-process` writes a
// profile whose credential_process runs this TokenDesk, and the real readers — boto3 and the AWS
// CLI (Debian's awscli, which .ci/run installs) — get the key pair through it.
requireSecretService()
const cli = useBuiltCli('aws-process')
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE+Proc='
const KEY_ID = 'AKIAPROCESS000000001'
/** Debian's AWS CLI v2 (/usr/bin/aws); the pyenv one on PATH may be another version. */
const AWS = fs.existsSync('/usr/bin/aws') ? '/usr/bin/aws' : 'aws'

async function setup(label: string) {
  const h = cliHome(cli, label)
  expect((await h.td(['add', '--provider', 'aws-braket', '--name', 'braket', '--expires', 'never', '--field', `aws_access_key_id=${KEY_ID}`], SECRET)).code).toBe(0)
  const awsEnv = { ...h.env, AWS_CONFIG_FILE: path.join(h.home, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(h.home, '.aws', 'credentials'), AWS_EC2_METADATA_DISABLED: 'true' }
  const boto = (profile: string) => {
    const out = execFileSync('python3', ['-c', `import boto3, json\nc = boto3.Session(profile_name=${JSON.stringify(profile)}).get_credentials()\nprint(json.dumps([c.access_key, c.secret_key, c.method]))`], { env: awsEnv, encoding: 'utf8' })
    return JSON.parse(out) as [string, string, string]
  }
  return { ...h, awsEnv, boto }
}

describe('AWS credential_process', () => {
  it('credential-process prints exactly the JSON the AWS guide asks for; a revoked key is exit 4 with no secret on stderr', async () => {
    const h = await setup('proc-json')
    const r = await h.td(['credential-process', 'aws', 'braket'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual({ Version: 1, AccessKeyId: KEY_ID, SecretAccessKey: SECRET })
    expect((await h.td(['credential-process', 'gcp', 'braket'])).code).toBe(2)
    expect((await h.td(['revoke', 'braket'])).code).toBe(0)
    const revoked = await h.td(['credential-process', 'aws', 'braket'])
    expect(revoked.code).toBe(4)
    expect(revoked.stdout).toBe('')
    expect(revoked.stderr).toMatch(/"braket" is revoked/)
    expect(revoked.stderr).not.toContain(SECRET)
  }, 60_000)

  it('a credential_process profile: boto3 and the AWS CLI get the key pair through TokenDesk; the static keys TokenDesk wrote for it are removed; nothing on disk holds the secret', async () => {
    const h = await setup('proc-profile')
    const config = h.write('.aws/config', '# mine\n[default]\nregion = eu-west-1\n\n[profile other]\nregion = us-east-1\n')
    // Static keys TokenDesk wrote earlier for the same profile: they would win over credential_process.
    expect((await h.td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'lab', '--yes'])).code).toBe(0)
    const w = await h.td(['config', 'write', 'braket', '--format', 'aws-credential-process', '--profile', 'lab', '--yes'])
    expect(w.code, w.stderr).toBe(0)
    expect(w.stdout).toMatch(/also removes the static keys of the profile "lab" from .*credentials \(TokenDesk wrote them\)/)
    const text = fs.readFileSync(config, 'utf8')
    expect(text.startsWith('# mine\n[default]\nregion = eu-west-1\n\n[profile other]\nregion = us-east-1\n')).toBe(true)
    const line = /^\[profile lab\]\ncredential_process = (.*)$/m.exec(text)?.[1]
    expect(line).toBe(`${process.execPath} ${fs.realpathSync(cli.bundle)} credential-process aws braket`)
    expect(fs.readFileSync(path.join(h.home, '.aws', 'credentials'), 'utf8')).not.toContain('[lab]')

    expect(h.boto('lab')).toEqual([KEY_ID, SECRET, 'custom-process'])
    const listed = spawnSync(AWS, ['configure', 'list', '--profile', 'lab'], { env: h.awsEnv, encoding: 'utf8' })
    expect(listed.status, listed.stderr).toBe(0)
    expect(listed.stdout).toMatch(/access_key\s+\*+0001\s+custom-process/)
    const exported = spawnSync(AWS, ['configure', 'export-credentials', '--profile', 'lab', '--format', 'process'], { env: h.awsEnv, encoding: 'utf8' })
    expect(exported.status, exported.stderr).toBe(0)
    expect(JSON.parse(exported.stdout)).toMatchObject({ Version: 1, AccessKeyId: KEY_ID, SecretAccessKey: SECRET })

    // Where shows it as a reference; import knows the profile as held.
    const where = JSON.parse((await h.td(['where', 'braket', '--json'])).stdout) as { placements: { format: string; state: string }[] }
    expect(where.placements).toContainEqual(expect.objectContaining({ format: 'aws-credential-process', state: 'reference' }))
    const found = JSON.parse((await h.td(['import', '--json'])).stdout) as { found: { format: string; entry: string; heldBy: string | null }[] }
    expect(found.found.filter((f) => f.format === 'aws-credential-process')).toEqual([expect.objectContaining({ entry: 'lab', heldBy: 'braket' })])
    expect(filesContaining(path.dirname(h.home), SECRET)).toEqual([])
  }, 90_000)

  it('refuses to leave static keys someone else wrote in front of the profile, unless --replace', async () => {
    const h = await setup('proc-foreign')
    const creds = h.write('.aws/credentials', '[lab]\naws_access_key_id = AKIATHEIRS0000000000\naws_secret_access_key = theirs/secret\n[keep]\naws_access_key_id = AKIAKEEP00000000000\naws_secret_access_key = keep/secret\n')
    const refused = await h.td(['config', 'write', 'braket', '--format', 'aws-credential-process', '--profile', 'lab', '--yes'])
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(/holds static keys for the profile "lab" that TokenDesk did not write .* Pass --replace/)
    expect(fs.existsSync(path.join(h.home, '.aws', 'config'))).toBe(false)
    const replaced = await h.td(['config', 'write', 'braket', '--format', 'aws-credential-process', '--profile', 'lab', '--yes', '--replace'])
    expect(replaced.code, replaced.stderr).toBe(0)
    expect(fs.readFileSync(creds, 'utf8')).toBe('[keep]\naws_access_key_id = AKIAKEEP00000000000\naws_secret_access_key = keep/secret\n')
    expect(h.boto('lab')).toEqual([KEY_ID, SECRET, 'custom-process'])
  }, 60_000)
})
