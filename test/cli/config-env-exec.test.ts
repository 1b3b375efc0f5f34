import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { type CliResult, buildTestCli, canary, cliEnv, runCli } from './harness'
import { AWS_CREDENTIALS_SAMPLE } from '../helpers/sdk-samples'

// `tokendesk config`, `env` and `exec` of the BUILT CLI against the real Secret Service.
requireSecretService()

let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
let home: string
const service = testKeychainService('cfgenv')
let env: NodeJS.ProcessEnv

const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input })
const ok = (r: CliResult) => {
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return r
}
/** Runs a POSIX shell script with the built CLI available as the function `td`. */
function sh(script: string): Promise<CliResult> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `td() { "$TD_NODE" "$TD_BUNDLE" "$@"; }\n${script}`], {
      env: { ...env, TD_NODE: process.execPath, TD_BUNDLE: cli.bundle },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started }))
  })
}
interface Audit {
  action: string
  actor: string
}
const show = async (ref: string) => JSON.parse(ok(await td(['show', ref, '--json'])).stdout) as { token: { lastUsedAt: number | null }; audit: Audit[] }
const uses = async (ref: string) => (await show(ref)).audit.filter((a) => a.action === 'used').length

// Quotes, $, backslash, backquotes, spaces and a newline: everything a naive export would break.
const PLANQK_SECRET = `pq'"$HOME\\x \`id\` line1\nline2 ${canary('pq')}`
const IBM_SECRET = canary('ibm')
const AWS_SECRET = `aws/${canary('aws')}+Zz`

/** The text of one [profile] section, header included, up to the next header. */
const section = (text: string, name: string) => {
  const start = text.indexOf(`[${name}]`)
  if (start === -1) return null
  const next = text.indexOf('\n[', start + 1)
  return text.slice(start, next === -1 ? undefined : next + 1)
}

beforeAll(async () => {
  cli = await buildTestCli('cfgenv')
  tmp = tempDir()
  home = path.join(tmp.dir, 'home')
  fs.mkdirSync(home)
  env = cliEnv(path.join(tmp.dir, 'data'), service, { HOME: home })
  for (const k of ['AWS_SHARED_CREDENTIALS_FILE', 'PLANQK_CONFIG_FILE_PATH', 'PLANQK_PERSONAL_ACCESS_TOKEN', 'QISKIT_IBM_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
    delete env[k]
  }
  ok(await td(['add', '--platform', 'planqk', '--name', 'pq'], PLANQK_SECRET))
  ok(await td(['add', '--platform', 'planqk', '--name', 'pq-two'], canary('pq2')))
  ok(await td(['add', '--provider', 'ibm-quantum', '--name', 'ibm', '--expires', 'never', '--field', 'channel=ibm_quantum_platform', '--field', 'instance=crn:v1:x'], IBM_SECRET))
  ok(await td(['add', '--provider', 'aws-braket', '--name', 'braket', '--expires', 'never', '--field', 'aws_access_key_id=AKIANEWBRAKET0000000'], AWS_SECRET))
}, 60_000)
afterAll(() => {
  cli.cleanup()
  tmp.cleanup()
})

describe('tokendesk env', () => {
  it('prints export lines a real shell evaluates back to the exact secret, and records the use', async () => {
    const before = await uses('pq')
    const r = await sh(`eval "$(td env pq)"; printf %s "$PLANQK_PERSONAL_ACCESS_TOKEN"`)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(PLANQK_SECRET)
    expect(await uses('pq')).toBe(before + 1)
    expect((await show('pq')).token.lastUsedAt).not.toBeNull()
  })
  it('merges several tokens and includes their non-secret fields', async () => {
    const r = await sh(`eval "$(td env ibm braket)"; printf '%s|%s|%s|%s|%s' "$QISKIT_IBM_TOKEN" "$QISKIT_IBM_CHANNEL" "$QISKIT_IBM_INSTANCE" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`${IBM_SECRET}|ibm_quantum_platform|crn:v1:x|AKIANEWBRAKET0000000|${AWS_SECRET}`)
  })
  it('refuses two tokens that set the same variable, before reading either secret', async () => {
    const before = await uses('pq')
    const r = await td(['env', 'pq', 'pq-two'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/pq and pq-two both set PLANQK_PERSONAL_ACCESS_TOKEN/)
    expect(await uses('pq')).toBe(before)
  })
  it('an unknown token is exit 3; no REF is a usage error', async () => {
    expect((await td(['env', 'nope'])).code).toBe(3)
    expect((await td(['env'])).code).toBe(2)
  })
})

describe('tokendesk exec', () => {
  it('runs the command with the variables in its environment only', async () => {
    const r = await sh(`td exec pq -- sh -c 'printf %s "$PLANQK_PERSONAL_ACCESS_TOKEN"'; printf '|%s' "\${PLANQK_PERSONAL_ACCESS_TOKEN-unset}"`)
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(`${PLANQK_SECRET}|unset`)
    expect(process.env.PLANQK_PERSONAL_ACCESS_TOKEN).toBeUndefined()
  })
  it('passes the exit code through and records the use', async () => {
    const before = await uses('ibm')
    const r = await td(['exec', 'ibm', '--', 'sh', '-c', 'exit 7'])
    expect(r.code).toBe(7)
    expect(r.signal).toBeNull()
    expect(await uses('ibm')).toBe(before + 1)
  })
  it('options after -- belong to the command, not to tokendesk', async () => {
    const r = await td(['exec', 'ibm', '--', 'sh', '-c', 'printf "%s" "$1"', 'sh', '--help'])
    expect(r.stdout).toBe('--help')
    expect(r.code).toBe(0)
  })
  it('dies of the signal the child died of; a shell sees 143 for SIGTERM', async () => {
    const r = await td(['exec', 'ibm', '--', 'sh', '-c', 'kill -TERM $$'])
    expect(r.signal).toBe('SIGTERM')
    expect(r.code).toBeNull()
    const s = await sh(`td exec ibm -- sh -c 'kill -TERM $$'; printf %s "$?"`)
    expect(s.stdout).toBe('143')
  })
  it('forwards SIGTERM to the child and reports how it ended', async () => {
    const script = "process.on('SIGTERM', () => process.exit(42)); process.stdout.write('ready'); setInterval(() => {}, 1000)"
    const child = spawn(process.execPath, [cli.bundle, 'exec', 'ibm', '--', process.execPath, '-e', script], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
    await new Promise<void>((resolve) =>
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d
        if (stdout.includes('ready')) resolve()
      }),
    )
    child.kill('SIGTERM')
    expect(await done).toEqual({ code: 42, signal: null })
  })
  it('a missing command is 127; no -- is a usage error', async () => {
    const r = await td(['exec', 'ibm', '--', 'tokendesk-no-such-command-xyz'])
    expect(r.code).toBe(127)
    expect(r.stderr).toMatch(/command not found/)
    expect((await td(['exec', 'ibm', 'true'])).code).toBe(2)
  })
})

describe('tokendesk config', () => {
  it('formats lists every format and its default path', async () => {
    const r = ok(await td(['config', 'formats']))
    for (const f of ['planqk-json', 'qualytics-yaml', 'qiskit-ibm-json', 'aws-credentials-ini', 'dotenv']) expect(r.stdout).toContain(f)
    expect(r.stdout).toContain('~/.aws/credentials')
  })

  it('write: masked preview first, nothing written without --yes; then only the profile changes, 0600, with a backup', async () => {
    const file = path.join(home, '.aws', 'credentials')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, AWS_CREDENTIALS_SAMPLE, { mode: 0o644 })
    const usesBefore = await uses('braket')

    // The braket profile holds keys TokenDesk did not write: refused unless --replace (issue "where tokens live").
    const foreign = await td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'braket', '--yes'])
    expect(foreign.code).toBe(4)
    expect(foreign.stderr).toMatch(/already holds the entry "braket" with another secret \(aws_access_key_id AKIAOLDBRAKET0000000\).*Pass --replace/)
    expect(fs.readFileSync(file, 'utf8')).toBe(AWS_CREDENTIALS_SAMPLE)

    const dry = await td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'braket', '--replace'])
    expect(dry.code).toBe(0)
    // Masked to •••• and the last 4 characters: the old and the new secret tell apart, neither shows.
    expect(dry.stdout).toMatch(/^-aws_secret_access_key = ••••k222$/m)
    expect(dry.stdout).toContain(`\n+aws_secret_access_key = ••••${AWS_SECRET.slice(-4)}\n`)
    expect(dry.stderr).toMatch(/nothing written; run again with --yes/)
    for (const leak of [AWS_SECRET, 'oldBraketSecretDoNotLeak222']) {
      expect(dry.stdout).not.toContain(leak)
      expect(dry.stderr).not.toContain(leak)
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(AWS_CREDENTIALS_SAMPLE)
    expect(await uses('braket')).toBe(usesBefore) // a preview is not a use

    const r = await td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'braket', '--yes', '--replace'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain(AWS_SECRET)
    expect(r.stdout).toMatch(/updated .*credentials .*the previous file is in .*file-backups/)
    const after = fs.readFileSync(file, 'utf8')
    expect(section(after, 'default')).toBe(section(AWS_CREDENTIALS_SAMPLE, 'default'))
    expect(section(after, 'other')).toBe(section(AWS_CREDENTIALS_SAMPLE, 'other'))
    expect(after.slice(0, after.indexOf('[default]'))).toBe('# shared credentials\n')
    expect(section(after, 'braket')).toContain(`aws_secret_access_key = ${AWS_SECRET}`)
    expect(section(after, 'braket')).toContain('aws_access_key_id = AKIANEWBRAKET0000000')
    expect(section(after, 'braket')).toContain('region = us-east-1')
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    // The backup is in the data folder, never beside the file, sealed (no secret on disk); TokenDesk opens it.
    const kept = /the previous file is in (\S+)/.exec(r.stdout)![1]!
    expect(fs.readFileSync(kept, 'utf8')).not.toContain('oldBraketSecretDoNotLeak222')
    expect((await td(['where', 'braket', '--print-version', kept])).stdout).toBe(AWS_CREDENTIALS_SAMPLE)
    expect(fs.existsSync(`${file}.tokendesk-backup`)).toBe(false)
    expect(await uses('braket')).toBe(usesBefore + 1)

    const again = ok(await td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'braket', '--yes']))
    expect(again.stdout).toMatch(/already holds this token; nothing to change/)
  })

  it('a broken existing JSON file is exit 2 and stays byte-identical', async () => {
    const file = path.join(home, '.config', 'planqk', 'config.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const broken = '{"auth": {"value": "old",\n'
    fs.writeFileSync(file, broken)
    const usesBefore = await uses('pq')
    const r = await td(['config', 'write', 'pq', '--format', 'planqk-json', '--yes'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^tokendesk: /)
    expect(r.stderr).not.toContain(PLANQK_SECRET.trim())
    expect(fs.readFileSync(file, 'utf8')).toBe(broken)
    expect(fs.existsSync(`${file}.tokendesk-backup`)).toBe(false)
    expect(await uses('pq')).toBe(usesBefore)
  })

  it('refuses a format that does not fit the token, and --format is required', async () => {
    const r = await td(['config', 'write', 'ibm', '--format', 'aws-credentials-ini', '--yes'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/ibm-quantum token cannot be written as aws-credentials-ini/)
    expect((await td(['config', 'write', 'ibm'])).code).toBe(2)
  })

  it('writes a new qiskit file with the account name and mode 0600', async () => {
    const r = ok(await td(['config', 'write', 'ibm', '--format', 'qiskit-ibm-json', '--profile', 'work', '--yes']))
    expect(r.stdout).not.toContain(IBM_SECRET)
    const file = path.join(home, '.qiskit', 'qiskit-ibm.json')
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { token: string }>
    expect(json.work?.token).toBe(IBM_SECRET)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
  })
})
