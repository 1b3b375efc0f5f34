import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { canary, cliHome, filesContaining, runCli, useBuiltCli } from './harness'

// Where tokens live, through the built CLI on real files and the real keychain: config write never
// replaces a credential TokenDesk did not write (unless --replace) and shows which account it
// replaces; every write is a placement whose state `where` reads from the file; rotate lists (or
// rewrites) the copies left stale; backups go into the data folder, never beside the file.
requireSecretService()

const cli = useBuiltCli('placements')

const setup = (label: string) => cliHome(cli, `pl-${label}`)

type Where = { placements: { path: string; format: string; entry: string; state: string }[] }
const states = async (td: ReturnType<typeof setup>['td'], ref: string) =>
  (JSON.parse((await td(['where', ref, '--json'])).stdout) as Where).placements.map((p) => [p.entry, p.state])

describe('placements and config write', () => {
  it('refuses to replace a qiskit account TokenDesk did not write (exit 4, names --replace); --replace does, keeping the backup in the data folder', async () => {
    const { home, data, td } = setup('qiskit')
    const file = path.join(home, '.qiskit', 'qiskit-ibm.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const theirs = '{\n    "default-ibm-quantum-platform": {\n        "channel": "ibm_quantum_platform",\n        "private_endpoint": false,\n        "token": "their-token-DoNotLose",\n        "url": "https://quantum.cloud.ibm.com"\n    }\n}\n'
    fs.writeFileSync(file, theirs)
    const secret = canary('ibm')
    expect((await td(['add', '--provider', 'ibm-quantum', '--name', 'ibm-main', '--expires', 'never', '--field', 'channel=ibm_cloud'], secret)).code).toBe(0)
    const refused = await td(['config', 'write', 'ibm-main', '--format', 'qiskit-ibm-json', '--yes'])
    expect(refused.code, refused.stderr).toBe(4)
    expect(refused.stderr).toMatch(/already holds the entry "default-ibm-quantum-platform" with another secret \(channel ibm_quantum_platform, url https:\/\/quantum\.cloud\.ibm\.com\) that TokenDesk did not write for ibm-main; nothing was written\. Pass --replace/)
    expect(refused.stderr + refused.stdout).not.toContain('their-token-DoNotLose')
    expect(fs.readFileSync(file, 'utf8')).toBe(theirs)

    const replaced = await td(['config', 'write', 'ibm-main', '--format', 'qiskit-ibm-json', '--yes', '--replace'])
    expect(replaced.code, replaced.stderr).toBe(0)
    expect(replaced.stdout).toMatch(/secret different \(masked\); it holds channel ibm_quantum_platform, url https:\/\/quantum\.cloud\.ibm\.com now; replacing a credential TokenDesk did not write/)
    expect(replaced.stdout).not.toContain(secret)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))['default-ibm-quantum-platform'].token).toBe(secret)
    // The backup is in the data folder (0600), nothing beside the file.
    expect(fs.readdirSync(path.dirname(file))).toEqual(['qiskit-ibm.json'])
    const backupPath = /the previous file is in (\S+)/.exec(replaced.stdout)![1]!
    expect(backupPath.startsWith(path.join(data, 'file-backups'))).toBe(true)
    expect(fs.readFileSync(backupPath, 'utf8')).toMatch(/^age-encryption\.org\/v1\n/) // sealed: no secret on disk
    expect((await td(['where', 'ibm-main', '--print-version', backupPath])).stdout).toBe(theirs)
    expect(fs.statSync(backupPath).mode & 0o777).toBe(0o600)
    // TokenDesk's own entry now: a later write of the same token needs no --replace.
    expect(await states(td, 'ibm-main')).toEqual([['default-ibm-quantum-platform', 'current']])
  })

  it('an AWS profile: the diff shows the old and new access key ids, the secret only masked', async () => {
    const { home, td } = setup('aws')
    const file = path.join(home, '.aws', 'credentials')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '[braket]\naws_access_key_id = AKIAOLDOLDOLDOLD0000\naws_secret_access_key = oldSecretDoNotLeak\n')
    const secret = canary('aws')
    await td(['add', '--provider', 'aws-braket', '--name', 'braket', '--expires', 'never', '--field', 'aws_access_key_id=AKIANEWNEWNEWNEW0000'], secret)
    const r = await td(['config', 'write', 'braket', '--format', 'aws-credentials-ini', '--profile', 'braket', '--yes', '--replace'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('-aws_access_key_id = AKIAOLDOLDOLDOLD0000')
    expect(r.stdout).toContain('+aws_access_key_id = AKIANEWNEWNEWNEW0000')
    // Masked, with the last 4 characters, so the old and the new secret tell apart (as import shows them).
    expect(r.stdout).toContain('-aws_secret_access_key = ••••Leak')
    expect(r.stdout).toContain(`+aws_secret_access_key = ••••${secret.slice(-4)}`)
    for (const s of [secret, 'oldSecretDoNotLeak']) expect(r.stdout + r.stderr).not.toContain(s)
  })

  it('where reads each placement from its file: current, stale after rotate, changed by hand, missing; --update rewrites stale ones only; rotate --update-configs in one go', async () => {
    const { dir, env, data, td } = setup('where')
    const project = path.join(dir, 'project')
    fs.mkdirSync(project)
    const env1 = path.join(project, '.env')
    const env2 = path.join(project, '.env.ci')
    fs.writeFileSync(env1, '# mine\nOTHER=1\n')
    const first = canary('pq1')
    await td(['add', '--platform', 'planqk', '--name', 'pq'], first)
    for (const [f, key] of [[env1, 'PLANQK_TOKEN'], [env2, 'PQ'], [env2, 'PQ_COPY']] as const) {
      const w = await runCli(cli.bundle, ['config', 'write', 'pq', '--format', 'dotenv', '--path', path.basename(f), '--env-key', key, '--yes'], { env, cwd: project })
      expect(w.code, w.stderr).toBe(0)
    }
    expect(await states(td, 'pq')).toEqual([['PLANQK_TOKEN', 'current'], ['PQ', 'current'], ['PQ_COPY', 'current']])

    const second = canary('pq2')
    const rot = await td(['rotate', 'pq'], second)
    expect(rot.code).toBe(0)
    expect(rot.stderr).toMatch(/file entries that still hold the old secret of pq; rewrite them with `tokendesk where pq --update` \(3\)/)
    expect(await states(td, 'pq')).toEqual([['PLANQK_TOKEN', 'stale'], ['PQ', 'stale'], ['PQ_COPY', 'stale']])

    // Someone edits one entry and deletes another.
    fs.writeFileSync(env2, fs.readFileSync(env2, 'utf8').replace(/^PQ=.*$/m, 'PQ=hand-edited-value').replace(/^PQ_COPY=.*\n/m, ''))
    expect(await states(td, 'pq')).toEqual([['PLANQK_TOKEN', 'stale'], ['PQ', 'changed'], ['PQ_COPY', 'missing']])

    const upd = await td(['where', 'pq', '--update', '--yes'])
    expect(upd.code, upd.stderr).toBe(0)
    expect(upd.stdout).toContain(`updated ${env1} (PLANQK_TOKEN)`)
    expect(upd.stdout).toContain(`left ${env2} (PQ): holds something else now; pass --replace to overwrite it`)
    expect(upd.stdout).toContain(`left ${env2} (PQ_COPY): is gone; not recreated`)
    for (const s of [first, second]) expect(upd.stdout + upd.stderr).not.toContain(s)
    expect(fs.readFileSync(env1, 'utf8')).toMatch(/^# mine\nOTHER=1\n/)
    expect(fs.readFileSync(env2, 'utf8')).toContain('PQ=hand-edited-value')
    expect(await states(td, 'pq')).toEqual([['PLANQK_TOKEN', 'current'], ['PQ', 'changed'], ['PQ_COPY', 'missing']])
    expect((await td(['where', 'pq', '--update', '--yes', '--replace'])).code).toBe(0)
    expect(await states(td, 'pq')).toEqual([['PLANQK_TOKEN', 'current'], ['PQ', 'current'], ['PQ_COPY', 'missing']])

    const third = canary('pq3')
    const rot2 = await td(['rotate', 'pq', '--update-configs'], third)
    expect(rot2.code, rot2.stderr).toBe(0)
    expect(await states(td, 'pq')).toEqual([['PLANQK_TOKEN', 'current'], ['PQ', 'current'], ['PQ_COPY', 'missing']])
    expect(fs.readFileSync(env1, 'utf8')).toContain(third)
    // where lists the earlier versions kept of each file (in the data folder), and --json each path.
    const listed = await td(['where', 'pq'])
    expect(listed.stdout).toMatch(new RegExp(`  ${env1.replace(/[.]/g, '\\.')}: 3 earlier versions kept \\(sealed; --print-version PATH opens one\\), newest ${path.join(data, 'file-backups').replace(/[.]/g, '\\.')}/`))
    const json = JSON.parse((await td(['where', 'pq', '--json'])).stdout) as { placements: { path: string; backups: string[] }[] }
    const backups = json.placements.find((p) => p.path === env1)!.backups
    expect(backups).toHaveLength(3)
    // Sealed on disk (age, to a key in the keychain); TokenDesk opens one for the user to take back.
    expect(fs.readFileSync(backups[backups.length - 1]!, 'utf8')).toMatch(/^age-encryption\.org\/v1\n/)
    expect((await td(['where', 'pq', '--print-version', backups[backups.length - 1]!])).stdout).toBe('# mine\nOTHER=1\n')
    expect((await td(['where', 'pq', '--print-version', path.join(data, 'tokendesk.db')])).code).toBe(2)
    // No secret anywhere in the data folder: placements hold keyed fingerprints, earlier versions are sealed.
    for (const s of [first, second, third]) expect(filesContaining(data, s)).toEqual([])
    // Backups of the project's files live in the data folder only.
    expect(fs.readdirSync(project).sort()).toEqual(['.env', '.env.ci'])
  })

  it('moves a *.tokendesk-backup an older version left beside a file into the data folder on the next write, or the next where', async () => {
    const { dir, data, td } = setup('side')
    const file = path.join(dir, '.env')
    fs.writeFileSync(file, 'A=1\n')
    fs.writeFileSync(`${file}.tokendesk-backup`, 'A=0\nOLD_SECRET=xyz\n')
    await td(['add', '--platform', 'planqk', '--name', 'side'], canary('side'))
    expect((await td(['config', 'write', 'side', '--format', 'dotenv', '--path', file, '--env-key', 'PQ', '--yes'])).code).toBe(0)
    expect(fs.existsSync(`${file}.tokendesk-backup`)).toBe(false)
    // Moved in sealed: the old secret is in no file of the data folder, and TokenDesk opens it.
    expect(filesContaining(path.join(data, 'file-backups'), 'OLD_SECRET=xyz')).toEqual([])
    const versions = async () => (JSON.parse((await td(['where', 'side', '--json'])).stdout) as { placements: { backups: string[] }[] }).placements[0]!.backups
    const opened = async () => Promise.all((await versions()).map(async (v) => (await td(['where', 'side', '--print-version', v])).stdout))
    expect(await opened()).toContain('A=0\nOLD_SECRET=xyz\n')
    // One that appears later (an older TokenDesk run on the same files) moves on the next `where`.
    fs.writeFileSync(`${file}.tokendesk-backup`, 'A=0\nOLDER_SECRET=abc\n')
    expect((await td(['where', 'side'])).code).toBe(0)
    expect(fs.existsSync(`${file}.tokendesk-backup`)).toBe(false)
    expect(filesContaining(path.join(data, 'file-backups'), 'OLDER_SECRET=abc')).toEqual([])
    expect(await opened()).toContain('A=0\nOLDER_SECRET=abc\n')
    // A plaintext version an older TokenDesk kept in the data folder is sealed on the next look.
    const folder = path.dirname((await versions())[0]!)
    fs.writeFileSync(path.join(folder, '2020-01-01T00-00-00-000Z-.env'), 'A=0\nLEGACY_SECRET=def\n')
    expect((await td(['where', 'side'])).code).toBe(0)
    expect(filesContaining(path.join(data, 'file-backups'), 'LEGACY_SECRET=def')).toEqual([])
    expect(await opened()).toContain('A=0\nLEGACY_SECRET=def\n')
  })
})

describe('copies of a token whose secret is gone from the keychain', () => {
  it('where still lists them (none current), and revoke and delete still work, warning about the copies', async () => {
    const { dir, env, td } = setup('lost')
    const file = path.join(dir, '.env')
    await td(['add', '--platform', 'planqk', '--name', 'lost'], canary('lost'))
    expect((await td(['config', 'write', 'lost', '--format', 'dotenv', '--path', file, '--env-key', 'PQ', '--yes'])).code).toBe(0)
    const id = JSON.parse((await td(['list', '--json'])).stdout).items[0].id as string
    // Someone removes the secret from the keychain by hand.
    execFileSync('secret-tool', ['clear', 'service', env.TOKENDESK_KEYCHAIN_SERVICE!, 'username', `${id}.1`])
    expect(await states(td, 'lost')).toEqual([['PQ', 'stale']])
    const revoked = await td(['revoke', 'lost'])
    expect(revoked.code, revoked.stderr).toBe(0)
    expect(revoked.stderr).toMatch(/file entries that still hold the secret of lost \(1\)/)
    const deleted = await td(['delete', 'lost', '--yes'])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stderr).toContain(file)
  })
})

describe('delete --remove-from-configs', () => {
  it('takes the token out of every file holding its secret (current or old), only its entry; a changed entry is left; a live token is refused before any file is touched', async () => {
    const { dir, home, data, td } = setup('remove')
    const aws = path.join(home, '.aws', 'credentials')
    fs.mkdirSync(path.dirname(aws), { recursive: true })
    const awsTheirs = '# shared machine\n[default]\naws_access_key_id = AKIATHEIRS0000000000\naws_secret_access_key = theirs-DoNotLose\n'
    fs.writeFileSync(aws, awsTheirs)
    const dotenv = path.join(dir, '.env')
    fs.writeFileSync(dotenv, '# project\nDEBUG=1\n')
    const other = path.join(dir, '.env.other')

    const old = canary('br-old')
    await td(['add', '--provider', 'aws-braket', '--name', 'braket', '--expires', 'never', '--field', 'aws_access_key_id=AKIABRAKET0000000000'], old)
    for (const args of [
      ['--format', 'aws-credentials-ini', '--profile', 'braket'],
      ['--format', 'dotenv', '--path', dotenv, '--env-key', 'BRAKET_SECRET'],
      ['--format', 'dotenv', '--path', other, '--env-key', 'EDITED'],
    ]) {
      const w = await td(['config', 'write', 'braket', ...args, '--yes'])
      expect(w.code, w.stderr).toBe(0)
    }
    const fresh = canary('br-new')
    expect((await td(['rotate', 'braket'], fresh)).code).toBe(0)
    // The .env gets the new secret; the AWS file keeps the old one (stale); .env.other is edited by hand.
    expect((await td(['config', 'write', 'braket', '--format', 'dotenv', '--path', dotenv, '--env-key', 'BRAKET_SECRET', '--yes'])).code).toBe(0)
    fs.writeFileSync(other, 'EDITED=someone-else\n')
    expect(await states(td, 'braket')).toEqual([['BRAKET_SECRET', 'current'], ['EDITED', 'changed'], ['braket', 'stale']])

    const live = await td(['delete', 'braket', '--yes', '--remove-from-configs'])
    expect(live.code).toBe(4)
    expect(live.stderr).toMatch(/"braket" is not revoked; revoke it first, then delete it/)
    expect(await states(td, 'braket')).toEqual([['BRAKET_SECRET', 'current'], ['EDITED', 'changed'], ['braket', 'stale']])

    expect((await td(['revoke', 'braket'])).code).toBe(0)
    const del = await td(['delete', 'braket', '--yes', '--remove-from-configs'])
    expect(del.code, del.stderr).toBe(0)
    expect(del.stdout).toContain(`removed braket from ${aws}`)
    expect(del.stdout).toContain(`removed BRAKET_SECRET from ${dotenv}`)
    expect(del.stderr).toContain(`left ${other} (EDITED): holds something else now; left as it is`)
    expect(del.stdout).toMatch(/deleted braket \(/)
    // The masked diffs name the access key id in clear, never a secret.
    expect(del.stdout).toContain('-aws_access_key_id = AKIABRAKET0000000000')
    for (const s of [old, fresh]) expect(del.stdout + del.stderr).not.toContain(s)
    // Only the token's entries went; the rest is byte for byte.
    expect(fs.readFileSync(aws, 'utf8')).toBe(awsTheirs)
    expect(fs.readFileSync(dotenv, 'utf8')).toBe('# project\nDEBUG=1\n')
    expect(fs.readFileSync(other, 'utf8')).toBe('EDITED=someone-else\n')
    // The earlier versions that held the deleted token's entries went with it (sealed or not, its
    // secret must not outlive it on disk); none was ever beside the files.
    for (const s of [old, fresh]) expect(filesContaining(data, s)).toEqual([])
    expect(filesContaining(path.join(data, 'file-backups'), 'age-encryption.org')).toEqual([])
    expect(fs.readdirSync(dir).filter((f) => f.includes('tokendesk'))).toEqual([])
    expect((await td(['list', '--json'])).stdout).not.toContain('braket')
  })

  it('without the flag, delete lists the copies left behind and names the flag', async () => {
    const { dir, td } = setup('remove-warn')
    const file = path.join(dir, '.env')
    await td(['add', '--platform', 'planqk', '--name', 'warn'], canary('warn'))
    expect((await td(['config', 'write', 'warn', '--format', 'dotenv', '--path', file, '--env-key', 'PQ', '--yes'])).code).toBe(0)
    expect((await td(['revoke', 'warn'])).code).toBe(0)
    const del = await td(['delete', 'warn', '--yes'])
    expect(del.code, del.stderr).toBe(0)
    expect(del.stderr).toMatch(/file entries that still hold the secret of warn, which TokenDesk no longer knows; remove them by hand, or next time delete with --remove-from-configs \(1\)/)
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^PQ=/)
  })
})

describe('the config write prompt at a terminal', () => {
  // `script` gives the CLI a real pseudo-terminal, so it asks; the answer comes on its input.
  const atTerminal = (env: NodeJS.ProcessEnv, args: string[], answer: string) =>
    new Promise<{ code: number | null; out: string }>((resolve, reject) => {
      const cmd = [process.execPath, cli.bundle, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')
      const child = spawn('script', ['-qec', cmd, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d
        if (out.includes('[y/N]') && !child.stdin.writableEnded) child.stdin.end(answer)
      })
      child.on('error', reject)
      child.on('close', (code) => resolve({ code, out }))
    })

  it('answering n writes nothing and exits 1; y writes', async () => {
    const { dir, env, td } = setup('prompt')
    const file = path.join(dir, '.env')
    fs.writeFileSync(file, 'KEEP=1\n')
    await td(['add', '--platform', 'planqk', '--name', 'prompted'], canary('prompted'))
    const args = ['config', 'write', 'prompted', '--format', 'dotenv', '--path', file, '--env-key', 'PQ']
    const no = await atTerminal(env, args, 'n\n')
    expect(no.out).toContain(`Write this change to ${file}? [y/N]`)
    expect(no.out).toContain('tokendesk: nothing written')
    expect(no.code).toBe(1)
    expect(fs.readFileSync(file, 'utf8')).toBe('KEEP=1\n')
    const yes = await atTerminal(env, args, 'y\n')
    expect(yes.code, yes.out).toBe(0)
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^KEEP=1\nPQ='/)
  })
})
