import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCore, type Core } from '../../src-main/core/core'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// Every file format TokenDesk writes, read back by the library the user's tools read it with:
// boto3 (AWS credentials), python-dotenv (.env), PyYAML (the Qualytics CLI's config), the json
// module as the PlanQK SDK and qiskit-ibm-runtime load their files, plus qiskit-ibm-runtime's own
// account rules. Files start with other entries, which must survive. `.ci/run` installs the
// Python packages from the machine's configured index.
requireSecretService()

let tmp: ReturnType<typeof tempDir>
let core: Core
let home: string

beforeAll(() => {
  tmp = tempDir()
  home = path.join(tmp.dir, 'home')
  fs.mkdirSync(home)
  core = createCore({ dataDir: path.join(tmp.dir, 'data'), actor: 'test', secrets: new KeyringSecretStore({ service: testKeychainService('readers') }), home, env: {} })
})
afterAll(async () => {
  for (const t of core.vault.allReady()) {
    if (t.revokedAt === null) core.vault.revoke(t.id)
    await core.vault.delete(t.id)
  }
  core.close()
  tmp.cleanup()
})

/** Runs a Python snippet that prints JSON; the file paths go in through the environment. */
function python(code: string, env: Record<string, string>): unknown {
  const out = execFileSync('python3', ['-c', code], { env: { PATH: process.env.PATH ?? '', HOME: home, ...env }, encoding: 'utf8' })
  return JSON.parse(out)
}

function seed(rel: string, text: string): string {
  const file = path.join(home, rel)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
  return file
}

describe('what TokenDesk writes, read by the real readers', () => {
  it('AWS credentials: boto3 sees the new key pair in its profile, and the other profile unchanged', async () => {
    const file = seed('.aws/credentials', '# my keys\r\n[default]\r\naws_access_key_id = AKIADEFAULT000000000\r\naws_secret_access_key = defaultSecret/abc+def\r\nregion = eu-west-1\r\n')
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLE+Key='
    const t = await core.vault.add({ kind: 'provider', platform: 'aws-braket', name: 'braket', expires: 'never', fields: { aws_access_key_id: 'AKIABRAKET0000000001' } }, secret)
    await core.sdkConfig.write({ id: t.id, format: 'aws-credentials-ini', profile: 'braket' })
    const got = python(
      `import boto3, json, os
out = {}
for p in ("braket", "default"):
    c = boto3.Session(profile_name=p).get_credentials()
    out[p] = [c.access_key, c.secret_key]
print(json.dumps(out))`,
      { AWS_SHARED_CREDENTIALS_FILE: file, AWS_CONFIG_FILE: path.join(home, 'no-config') },
    )
    expect(got).toEqual({ braket: ['AKIABRAKET0000000001', secret], default: ['AKIADEFAULT000000000', 'defaultSecret/abc+def'] })
  })

  it.each([
    ['plain', 'pq_live_0123456789abcdef'],
    ['with # and $ and double quotes', 'a#b$c"d=e'],
    ['with a single quote and a #', "it's#x"],
  ])('.env (%s): python-dotenv reads the value exactly, and the other variables', async (label, secret) => {
    const file = seed(`proj-${label.replace(/\W+/g, '-')}/.env`, '# project\nOTHER="keep me"\nexport EXPORTED=yes\n')
    const t = await core.vault.add({ kind: 'personal', platform: 'planqk', name: `env-${label.toLowerCase().replace(/\W+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40)}` }, secret)
    await core.sdkConfig.write({ id: t.id, format: 'dotenv', path: file, envKey: 'PLANQK_TOKEN' })
    const got = python(`import json, os
from dotenv import dotenv_values
print(json.dumps(dotenv_values(os.environ["FILE"])))`, { FILE: file })
    expect(got).toEqual({ OTHER: 'keep me', EXPORTED: 'yes', PLANQK_TOKEN: secret })
  })

  it('Qualytics config: PyYAML loads the token and url, and keeps the other keys', async () => {
    const file = seed('.qualytics/config.yaml', '# qualytics CLI\nurl: https://acme.qualytics.io/\nssl_verify: true\ntoken: old-token\n')
    const secret = 'qualytics-tok-0123456789'
    const t = await core.vault.add({ kind: 'personal', platform: 'qualytics', name: 'qual', fields: { url: 'https://acme.qualytics.io/' } }, secret)
    await core.sdkConfig.write({ id: t.id, format: 'qualytics-yaml', replace: true })
    const got = python(`import json, os, yaml
print(json.dumps(yaml.safe_load(open(os.environ["FILE"]))))`, { FILE: file })
    expect(got).toEqual({ url: 'https://acme.qualytics.io/', ssl_verify: true, token: secret })
  })

  it("PlanQK config: the SDK's JSON read finds auth.value, the CLI's other keys stay", async () => {
    const file = seed('.config/planqk/config.json', '{\n  "context": {"id": "ctx-1"}\n}\n')
    const secret = 'planqk-abcdef0123456789'
    const t = await core.vault.add({ kind: 'personal', platform: 'planqk', name: 'pq-json' }, secret)
    await core.sdkConfig.write({ id: t.id, format: 'planqk-json' })
    const got = python(`import json, os
print(json.dumps(json.load(open(os.environ["FILE"]))))`, { FILE: file })
    expect(got).toEqual({ context: { id: 'ctx-1' }, auth: { type: 'API_KEY', value: secret } })
  })

  it("qiskit saved accounts: each account passes qiskit-ibm-runtime's account rules; an old ibm_quantum account is left as it was", async () => {
    const old = { channel: 'ibm_quantum', token: 'legacy-token', url: 'https://auth.quantum.ibm.com/api' }
    const file = seed('.qiskit/qiskit-ibm.json', JSON.stringify({ 'old-account': old }, null, 4) + '\n')
    const secret = 'ibm-api-key-0123456789abcdef'
    const t = await core.vault.add({ kind: 'provider', platform: 'ibm-quantum', name: 'ibm', expires: 'never', fields: { channel: 'ibm_cloud', instance: 'crn:v1:bluemix:public:quantum-computing:us-east:a/1::' } }, secret)
    await core.sdkConfig.write({ id: t.id, format: 'qiskit-ibm-json', profile: 'lab' })
    // The rules of qiskit-ibm-runtime's accounts module (qiskit_ibm_runtime/accounts/account.py,
    // Account.from_saved_format and its _assert_valid_* checks): channel one of ibm_cloud /
    // ibm_quantum_platform, token a non-empty string, url parsable, instance a non-empty string
    // when given. management.py reads the file with json.load and picks the account by name.
    const got = python(
      `import json, os
from urllib.parse import urlparse
accounts = json.load(open(os.environ["FILE"]))
def problems(a):
    p = []
    if a.get("channel") not in ["ibm_cloud", "ibm_quantum_platform"]:
        p.append("Invalid \`channel\` value. Expected one of ['ibm_cloud', 'ibm_quantum_platform'], got '%s'." % a.get("channel"))
    if not (isinstance(a.get("token"), str) and len(a["token"]) > 0):
        p.append("Invalid \`token\` value.")
    if a.get("url") is not None:
        urlparse(a["url"])
    if a.get("instance") is not None and not (isinstance(a["instance"], str) and a["instance"]):
        p.append("Invalid \`instance\` value.")
    return p
print(json.dumps({name: {"problems": problems(a), "account": a} for name, a in accounts.items()}))`,
      { FILE: file },
    )
    expect(got).toEqual({
      'old-account': { problems: ["Invalid `channel` value. Expected one of ['ibm_cloud', 'ibm_quantum_platform'], got 'ibm_quantum'."], account: old },
      lab: { problems: [], account: { channel: 'ibm_cloud', instance: 'crn:v1:bluemix:public:quantum-computing:us-east:a/1::', token: secret } },
    })
  })

  it('removing the copies (delete --remove-from-configs): each reader no longer finds the token, and still finds everything else', async () => {
    const aws = seed('rm/.aws/credentials', '[default]\naws_access_key_id = AKIADEFAULT000000000\naws_secret_access_key = keep/this+one\n')
    const dotenv = seed('rm/proj/.env', '# project\nOTHER="keep me"\n')
    const yml = seed('rm/.qualytics/config.yaml', '# qualytics CLI\nurl: https://acme.qualytics.io/\nssl_verify: true\n')
    const env = { AWS_SHARED_CREDENTIALS_FILE: aws, AWS_CONFIG_FILE: path.join(home, 'no-config') }
    const braket = await core.vault.add({ kind: 'provider', platform: 'aws-braket', name: 'rm-braket', expires: 'never', fields: { aws_access_key_id: 'AKIARMRMRMRMRM000001' } }, 'rm-aws-secret/0123456789')
    await core.sdkConfig.write({ id: braket.id, format: 'aws-credentials-ini', path: aws, profile: 'braket' })
    await core.sdkConfig.write({ id: braket.id, format: 'dotenv', path: dotenv, envKey: 'BRAKET_KEY' })
    const qual = await core.vault.add({ kind: 'personal', platform: 'qualytics', name: 'rm-qual', fields: { url: 'https://acme.qualytics.io/' } }, 'rm-qualytics-0123')
    await core.sdkConfig.write({ id: qual.id, format: 'qualytics-yaml', path: yml })
    const read = () =>
      python(
        `import boto3, json, os, yaml
from botocore.exceptions import ProfileNotFound
from dotenv import dotenv_values
def creds(p):
    try:
      c = boto3.Session(profile_name=p).get_credentials()
      return [c.access_key, c.secret_key]
    except ProfileNotFound:
      return None
print(json.dumps({"braket": creds("braket"), "default": creds("default"), "env": dotenv_values(os.environ["ENVFILE"]), "yaml": yaml.safe_load(open(os.environ["YML"]))}))`,
        { ...env, ENVFILE: dotenv, YML: yml },
      )
    expect(read()).toEqual({
      braket: ['AKIARMRMRMRMRM000001', 'rm-aws-secret/0123456789'],
      default: ['AKIADEFAULT000000000', 'keep/this+one'],
      env: { OTHER: 'keep me', BRAKET_KEY: 'rm-aws-secret/0123456789' },
      yaml: { url: 'https://acme.qualytics.io/', ssl_verify: true, token: 'rm-qualytics-0123' },
    })
    expect((await core.copies.remove(braket.id)).removed.map((p) => p.entry).sort()).toEqual(['BRAKET_KEY', 'braket'])
    expect((await core.copies.remove(qual.id)).removed.map((p) => p.path)).toEqual([yml])
    expect(read()).toEqual({ braket: null, default: ['AKIADEFAULT000000000', 'keep/this+one'], env: { OTHER: 'keep me' }, yaml: { url: 'https://acme.qualytics.io/', ssl_verify: true } })
    expect((await core.placements.list(braket.id)).placements).toEqual([])
  })

  it("Hugging Face: huggingface_hub's get_stored_tokens and get_token read what TokenDesk writes; import takes the pair in as one token with two copies", async () => {
    const stored = seed('.cache/huggingface/stored_tokens', '[colleague]\nhf_token = hf_colleague_0000000000\n')
    const secret = 'hf_TokenDeskWritesThis0123456789'
    const t = await core.vault.add({ kind: 'personal', platform: 'huggingface', name: 'hf-research' }, secret)
    await core.sdkConfig.write({ id: t.id, format: 'hf-stored-tokens' })
    await core.sdkConfig.write({ id: t.id, format: 'hf-token-file' })
    const read = () =>
      python(
        `import json
from huggingface_hub import get_token
from huggingface_hub.utils import get_stored_tokens
print(json.dumps({"active": get_token(), "stored": get_stored_tokens()}))`,
        {},
      )
    expect(read()).toEqual({ active: secret, stored: { colleague: 'hf_colleague_0000000000', 'hf-research': secret } })
    expect(fs.statSync(stored).mode & 0o777).toBe(0o600)

    // A fresh vault scanning this home finds the pair as one token (plus the colleague's).
    const other = createCore({ dataDir: path.join(tmp.dir, 'data-hf'), actor: 'test', secrets: new KeyringSecretStore({ service: testKeychainService('readers-hf') }), home, env: {} })
    try {
      const scan = await other.imports.scan()
      const hf = scan.found.filter((f) => f.platform === 'huggingface')
      expect(hf.map((f) => [f.format, f.entry, f.name, f.sameAs ? 'copy' : 'new'])).toEqual([
        ['hf-stored-tokens', 'colleague', 'colleague', 'new'],
        ['hf-stored-tokens', 'hf-research', 'hf-research', 'new'],
        ['hf-token-file', 'default', 'hf-research', 'copy'],
      ])
      const r = await other.imports.importFound(scan.found.filter((f) => f.platform === 'huggingface'))
      expect(r.imported.map((x) => x.name)).toEqual(['colleague', 'hf-research'])
      const research = other.vault.resolve('hf-research')
      expect((await other.placements.list(research.id)).placements.map((p) => [p.format, p.state])).toEqual([
        ['hf-stored-tokens', 'current'],
        ['hf-token-file', 'current'],
      ])
      for (const x of other.vault.allReady()) {
        other.vault.revoke(x.id)
        await other.vault.delete(x.id)
      }
    } finally {
      other.close()
    }

    // Removing the copies: the stored token's section goes, the colleague's stays; logged out.
    expect((await core.copies.remove(t.id)).removed.map((p) => p.format)).toEqual(['hf-stored-tokens', 'hf-token-file'])
    expect(read()).toEqual({ active: null, stored: { colleague: 'hf_colleague_0000000000' } })
  })
})
