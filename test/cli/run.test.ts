import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, filesContaining, runCli, useBuiltCli } from './harness'

// `tokendesk run`: references resolved into a child's environment only, from env files and the
// inherited environment, with the exact secret (quotes, $, backslashes, spaces, #), masked in
// its output, and the contract of exec (issue #23).
requireSecretService()
const cli = useBuiltCli('run')

/** A secret with every character a shell or a .env parser could trip on. */
const NASTY = `q"uo'te $HOME \\back\\slash sp ace #hash-${Math.random().toString(36).slice(2, 8)}`
const node = process.execPath
/** A child that writes its environment's values of `names` as JSON into `out` (not to stdout, which is masked). */
const dumpEnv = (out: string, names: string[]) => [node, '-e', `require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.fromEntries(${JSON.stringify(names)}.map((n) => [n, process.env[n] ?? null]))))`]

async function setup(label: string) {
  const h = cliHome(cli, label)
  expect((await h.td(['add', '--provider', 'ibm-quantum', '--name', 'ibm-main', '--expires', 'never', '--field', 'channel=ibm_cloud', '--field', 'instance=crn:v1:x'], NASTY)).code).toBe(0)
  const project = path.join(h.home, 'proj')
  fs.mkdirSync(project, { recursive: true })
  return { ...h, project }
}

describe('tokendesk run', () => {
  it('a child sees the exact secret from an env-file reference and from an inherited one, fields too; plain values pass', async () => {
    const h = await setup('run-exact')
    const envFile = path.join(h.project, '.env')
    fs.writeFileSync(envFile, '# safe to commit\nQISKIT_IBM_TOKEN=tokendesk://ibm-main\nQISKIT_IBM_INSTANCE=tokendesk://ibm-main/instance\nPLAIN=hello\n')
    const out = path.join(h.project, 'seen.json')
    const r = await runCli(cli.bundle, ['run', '--env-file', envFile, '--', ...dumpEnv(out, ['QISKIT_IBM_TOKEN', 'QISKIT_IBM_INSTANCE', 'PLAIN', 'FROM_SHELL'])], {
      env: { ...h.env, FROM_SHELL: 'tokendesk://ibm-quantum/ibm-main' },
    })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({ QISKIT_IBM_TOKEN: NASTY, QISKIT_IBM_INSTANCE: 'crn:v1:x', PLAIN: 'hello', FROM_SHELL: NASTY })
    fs.rmSync(out)
    // One use recorded for the token, however many references named it.
    const shown = JSON.parse((await h.td(['show', 'ibm-main', '--json'])).stdout) as { audit: { action: string }[] }
    expect(shown.audit.filter((e) => e.action === 'used')).toHaveLength(1)
    // Nothing under the home, the project or the data folder holds the secret.
    expect(filesContaining(path.dirname(h.home), NASTY)).toEqual([])
  }, 60_000)

  it('later env files override earlier ones and the environment', async () => {
    const h = await setup('run-order')
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'other'], 'other-secret-0123456789')).code).toBe(0)
    const a = path.join(h.project, 'a.env')
    const b = path.join(h.project, 'b.env')
    fs.writeFileSync(a, 'T=tokendesk://ibm-main\nU=from-a\n')
    fs.writeFileSync(b, 'T=tokendesk://other\n')
    const out = path.join(h.project, 'seen.json')
    const r = await runCli(cli.bundle, ['run', '--env-file', a, `--env-file=${b}`, '--', ...dumpEnv(out, ['T', 'U'])], { env: { ...h.env, U: 'from-shell' } })
    expect(r.code, r.stderr).toBe(0)
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({ T: 'other-secret-0123456789', U: 'from-a' })
  }, 60_000)

  it('masks every resolved secret in stdout and stderr, also written in two pieces; --no-masking does not', async () => {
    const h = await setup('run-mask')
    const envFile = path.join(h.project, '.env')
    fs.writeFileSync(envFile, 'T=tokendesk://ibm-main\nI=tokendesk://ibm-main/instance\n')
    const script = `const t = process.env.T; process.stdout.write('a=' + t.slice(0, 7)); setTimeout(() => { process.stdout.write(t.slice(7) + ' i=' + process.env.I + '\\n'); process.stderr.write('err ' + t + '\\n') }, 150)`
    const r = await runCli(cli.bundle, ['run', '--env-file', envFile, '--', node, '-e', script], { env: h.env })
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('a=<concealed by tokendesk> i=crn:v1:x\n')
    expect(r.stderr).toBe('err <concealed by tokendesk>\n')
    const plain = await runCli(cli.bundle, ['run', '--no-masking', '--env-file', envFile, '--', node, '-e', script], { env: h.env })
    expect(plain.stdout).toBe(`a=${NASTY} i=crn:v1:x\n`)
  }, 60_000)

  it('starts nothing unless every reference resolves: unknown (3, naming variable, file and line), revoked (4, --force), malformed (2)', async () => {
    const h = await setup('run-refuse')
    const marker = path.join(h.project, 'started')
    const touch = [node, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]
    const envFile = path.join(h.project, '.env')
    fs.writeFileSync(envFile, 'OK=tokendesk://ibm-main\n\nMISSING=tokendesk://nope\n')
    const unknown = await runCli(cli.bundle, ['run', '--env-file', envFile, '--', ...touch], { env: h.env })
    expect(unknown.code).toBe(3)
    expect(unknown.stderr).toBe(`tokendesk: MISSING (${envFile}:3): no token "nope"\n`)
    fs.writeFileSync(envFile, 'F=tokendesk://ibm-main/nofield\n')
    const field = await runCli(cli.bundle, ['run', '--env-file', envFile, '--', ...touch], { env: h.env })
    expect(field.code).toBe(3)
    expect(field.stderr).toMatch(/F \(.*:1\): "ibm-main" has no field nofield \(it has channel, instance\)/)
    const bad = await runCli(cli.bundle, ['run', '--', ...touch], { env: { ...h.env, X: 'tokendesk://a b' } })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/X \(from the environment\): "tokendesk:\/\/a b" is not a TokenDesk reference: it has white space in it/)
    expect(fs.existsSync(marker)).toBe(false)
    expect((await h.td(['revoke', 'ibm-main'])).code).toBe(0)
    const revoked = await runCli(cli.bundle, ['run', '--', ...touch], { env: { ...h.env, T: 'tokendesk://ibm-main' } })
    expect(revoked.code).toBe(4)
    expect(revoked.stderr).toMatch(/T \(from the environment\): "ibm-main" is revoked/)
    expect(fs.existsSync(marker)).toBe(false)
    const forced = await runCli(cli.bundle, ['run', '--force', '--', ...touch], { env: { ...h.env, T: 'tokendesk://ibm-main' } })
    expect(forced.code, forced.stderr).toBe(0)
    expect(fs.existsSync(marker)).toBe(true)
  }, 60_000)

  it('passes the exit code through, needs no vault when nothing is referenced, and refuses bad usage', async () => {
    const h = await setup('run-exit')
    expect((await runCli(cli.bundle, ['run', '--', node, '-e', 'process.exit(7)'], { env: h.env })).code).toBe(7)
    expect((await runCli(cli.bundle, ['run', '--', 'no-such-command-xyz'], { env: h.env })).code).toBe(127)
    expect((await runCli(cli.bundle, ['run', node], { env: h.env })).code).toBe(2)
    expect((await runCli(cli.bundle, ['run', '--bogus', '--', 'true'], { env: h.env })).code).toBe(2)
    const missing = await runCli(cli.bundle, ['run', '--env-file', path.join(h.project, 'none.env'), '--', 'true'], { env: h.env })
    // Node itself (22–24) reads an --env-file argument even after the script path when the file is
    // missing, and exits 9 ("node: FILE: not found") before TokenDesk runs (nodejs/node#54232);
    // either way the command does not start and the file is named.
    expect([2, 9]).toContain(missing.code)
    expect(missing.stderr).toMatch(/none\.env: (no such file|not found)/)
  }, 60_000)
})

describe('references instead of copies', () => {
  it('config write --reference writes tokendesk://NAME (no secret), where shows it, rotate leaves it, run resolves it, a rename rewrites it, delete removes the line', async () => {
    const h = await setup('ref-write')
    const envFile = path.join(h.project, '.env')
    fs.writeFileSync(envFile, '# project\nDEBUG=1\n')
    const w = await h.td(['config', 'write', 'ibm-main', '--format', 'dotenv', '--path', envFile, '--env-key', 'QISKIT_IBM_TOKEN', '--reference', '--yes'])
    expect(w.code, w.stderr).toBe(0)
    expect(fs.readFileSync(envFile, 'utf8')).toBe("# project\nDEBUG=1\nQISKIT_IBM_TOKEN='tokendesk://ibm-main'\n")
    const states = async () => (JSON.parse((await h.td(['where', 'ibm-main', '--json'])).stdout) as { placements: { state: string; holds: string }[] }).placements.map((p) => [p.state, p.holds])
    expect(await states()).toEqual([['reference', 'reference']])
    expect((await h.td(['where', 'ibm-main'])).stdout).toMatch(/QISKIT_IBM_TOKEN\s+reference/)
    // A rotation has nothing to rewrite there, and says nothing about it.
    const rot = await h.td(['rotate', 'ibm-main'], `${NASTY}-rotated`)
    expect(rot.code, rot.stderr).toBe(0)
    expect(rot.stderr).not.toMatch(/still hold/)
    expect(fs.readFileSync(envFile, 'utf8')).toBe("# project\nDEBUG=1\nQISKIT_IBM_TOKEN='tokendesk://ibm-main'\n")
    const out = path.join(h.project, 'seen.json')
    expect((await runCli(cli.bundle, ['run', '--env-file', envFile, '--', ...dumpEnv(out, ['QISKIT_IBM_TOKEN'])], { env: h.env })).code).toBe(0)
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toEqual({ QISKIT_IBM_TOKEN: `${NASTY}-rotated` })
    fs.rmSync(out)
    // A rename rewrites the reference.
    const ren = await h.td(['edit', 'ibm-main', '--name', 'ibm-lab'])
    expect(ren.code, ren.stderr).toBe(0)
    expect(ren.stderr).toContain(`${envFile} (QISKIT_IBM_TOKEN) now refers to ibm-lab`)
    expect(fs.readFileSync(envFile, 'utf8')).toBe("# project\nDEBUG=1\nQISKIT_IBM_TOKEN='tokendesk://ibm-lab'\n")
    // Delete with --remove-from-configs takes the line out.
    expect((await h.td(['revoke', 'ibm-lab'])).code).toBe(0)
    const del = await h.td(['delete', 'ibm-lab', '--yes', '--remove-from-configs'])
    expect(del.code, del.stderr).toBe(0)
    expect(fs.readFileSync(envFile, 'utf8')).toBe('# project\nDEBUG=1\n')
    expect(filesContaining(path.dirname(h.home), NASTY)).toEqual([])
  }, 90_000)

  it('where --to-references turns plaintext .env copies into references, masked diff first, the rest of the file byte for byte', async () => {
    const h = await setup('ref-convert')
    const plain = `pq-${Math.random().toString(36).slice(2, 10)}-0123456789`
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'pq'], plain)).code).toBe(0)
    const envFile = path.join(h.project, '.env')
    fs.writeFileSync(envFile, '# keep\r\nA=1\r\n')
    expect((await h.td(['config', 'write', 'pq', '--format', 'dotenv', '--path', envFile, '--env-key', 'PLANQK_TOKEN', '--yes'])).code).toBe(0)
    expect(fs.readFileSync(envFile, 'utf8')).toContain(plain)
    const dry = await h.td(['where', 'pq', '--to-references'])
    expect(dry.code).toBe(1)
    expect(dry.stdout).toContain("+PLANQK_TOKEN='tokendesk://pq'")
    expect(dry.stdout + dry.stderr).not.toContain(plain)
    const r = await h.td(['where', 'pq', '--to-references', '--yes'])
    expect(r.code, r.stderr).toBe(0)
    expect(fs.readFileSync(envFile, 'utf8')).toBe("# keep\r\nA=1\r\nPLANQK_TOKEN='tokendesk://pq'\r\n")
    expect(filesContaining(path.dirname(h.home), plain)).toEqual([])
    const again = await h.td(['where', 'pq', '--to-references', '--yes'])
    expect(again.stdout).toMatch(/no plaintext \.env copy of pq/)
  }, 60_000)
})
