import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { renderAwsCredentials } from './aws-credentials-ini'
import { entryForToken, resolveConfigPath, type ConfigEntry } from './formats'
import { atomicWrite, maskLine, MASK, previewConfigWrite, writeConfig } from './write'
import { backupFolder, FileBackups, KEEP_BACKUPS, listBackups, SIDE_BACKUP_SUFFIX } from './file-backups'
import { BackupSealer } from './backup-sealer'
import { MemorySecretStore } from '../secrets/memory-store'
import { AWS_CREDENTIALS_SAMPLE } from '../../../test/helpers/sdk-samples'

const SECRET = 'NEWsecretKEY/abcdefghijklmnopqrstuvwxyz0123'
const posix = process.platform !== 'win32'
const mode = (p: string) => fs.statSync(p).mode & 0o777

const awsEntry: ConfigEntry = { format: 'aws-credentials-ini', profile: 'braket', accessKeyId: 'AKIANEWBRAKET0000000', secretAccessKey: SECRET }

let home: string
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-sdkcfg-'))
})
afterEach(() => {
  fs.rmSync(home, { recursive: true, force: true })
})
const ctx = (extra: object = {}) => ({ home, env: {}, ...extra })
const awsFile = () => path.join(home, '.aws', 'credentials')
const seed = (file: string, text: string, fileMode = 0o644) => {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text, { mode: fileMode })
  fs.chmodSync(file, fileMode)
}
const listDir = (dir: string) => fs.readdirSync(dir).sort()
/** The data folder's file-backups/ of this test (never beside the file), sealed to a key in a test keychain. */
const backupRoot = () => path.join(home, 'data', 'file-backups')
let kept: FileBackups
beforeEach(() => {
  kept = new FileBackups(backupRoot(), new BackupSealer(new MemorySecretStore()))
})
const backups = () => kept
/** A kept version's bytes, opened with the test keychain's key. */
const opened = async (p: string) => Buffer.from(await kept.open(p))

describe('resolveConfigPath', () => {
  it('uses documented defaults under the given home, never the real one', async () => {
    expect(resolveConfigPath('planqk-json', ctx())).toBe(path.join(home, '.config/planqk/config.json'))
    expect(resolveConfigPath('qualytics-yaml', ctx())).toBe(path.join(home, '.qualytics/config.yaml'))
    expect(resolveConfigPath('qiskit-ibm-json', ctx())).toBe(path.join(home, '.qiskit/qiskit-ibm.json'))
    expect(resolveConfigPath('aws-credentials-ini', ctx())).toBe(path.join(home, '.aws/credentials'))
  })
  it('honours the SDKs\' env overrides and explicit paths; dotenv needs a path', async () => {
    expect(resolveConfigPath('planqk-json', ctx({ env: { PLANQK_CONFIG_FILE_PATH: '/etc/pq.json' } }))).toBe('/etc/pq.json')
    // Kipu Quantum Hub's SDK reads KQH_CONFIG_FILE_PATH, before the legacy name.
    expect(resolveConfigPath('planqk-json', ctx({ env: { KQH_CONFIG_FILE_PATH: '/etc/kqh.json', PLANQK_CONFIG_FILE_PATH: '/etc/pq.json' } }))).toBe('/etc/kqh.json')
    expect(resolveConfigPath('aws-credentials-ini', ctx({ env: { AWS_SHARED_CREDENTIALS_FILE: '~/creds' } }))).toBe(path.join(home, 'creds'))
    expect(resolveConfigPath('dotenv', ctx({ path: '/proj/.env' }))).toBe('/proj/.env')
    expect(() => resolveConfigPath('dotenv', ctx())).toThrow(/choose the \.env file/)
    expect(() => resolveConfigPath('qiskit-ibm-json', ctx({ path: 'relative.json' }))).toThrow(/must be absolute/)
  })
})

describe('entryForToken', () => {
  it('builds entries from token fields', async () => {
    const tok = { name: 'ibm-main', fields: { channel: 'ibm_cloud', instance: 'crn:x' } }
    expect(entryForToken('qiskit-ibm-json', tok, SECRET, { profile: 'lab' })).toEqual({ format: 'qiskit-ibm-json', token: SECRET, name: 'lab', channel: 'ibm_cloud', instance: 'crn:x' })
    expect(entryForToken('aws-credentials-ini', { name: 'b', fields: { aws_access_key_id: 'AKIA1' } }, SECRET)).toEqual({ format: 'aws-credentials-ini', accessKeyId: 'AKIA1', secretAccessKey: SECRET })
    expect(() => entryForToken('aws-credentials-ini', { name: 'b', fields: {} }, SECRET)).toThrow(/aws_access_key_id/)
    expect(() => entryForToken('dotenv', tok, SECRET)).toThrow(/variable name/)
  })
})

describe.skipIf(!posix)('writeConfig', () => {
  it('creates the parent dir 0700 and the file 0600, without a backup or temp files', async () => {
    const res = await writeConfig({ ...ctx(), entry: { format: 'qiskit-ibm-json', token: SECRET } }, backups())
    const file = path.join(home, '.qiskit', 'qiskit-ibm.json')
    expect(res).toEqual({ path: file, created: true, changed: true, backupPath: null })
    expect(mode(path.dirname(file))).toBe(0o700)
    expect(mode(file)).toBe(0o600)
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))['default-ibm-quantum-platform'].token).toBe(SECRET)
    expect(listDir(path.dirname(file))).toEqual(['qiskit-ibm.json'])
  })

  it('replaces an existing file atomically, tightens it to 0600 and keeps a 0600 backup of the old bytes in the data folder', async () => {
    const file = awsFile()
    seed(file, AWS_CREDENTIALS_SAMPLE, 0o644)
    const inodeBefore = fs.statSync(file).ino
    const res = await writeConfig({ ...ctx(), entry: awsEntry }, backups())
    expect(res).toEqual({ path: file, created: false, changed: true, backupPath: expect.stringContaining(backupFolder(backupRoot(), file)) })
    expect(fs.readFileSync(file, 'utf8')).toBe(renderAwsCredentials(AWS_CREDENTIALS_SAMPLE, awsEntry as never).text)
    expect(fs.readFileSync(file, 'utf8')).toBe(AWS_CREDENTIALS_SAMPLE.replace('AKIAOLDBRAKET0000000', 'AKIANEWBRAKET0000000').replace('oldBraketSecretDoNotLeak222', SECRET))
    expect((await opened(res.backupPath!)).toString('utf8')).toBe(AWS_CREDENTIALS_SAMPLE)
    // Sealed on disk: the old secret is not in the file's bytes.
    expect(fs.readFileSync(res.backupPath!).includes('oldBraketSecretDoNotLeak222')).toBe(false)
    expect(mode(file)).toBe(0o600)
    expect(mode(res.backupPath!)).toBe(0o600)
    expect(mode(path.dirname(res.backupPath!))).toBe(0o700)
    // A new inode: the old file was never opened for writing, it was replaced by rename.
    expect(fs.statSync(file).ino).not.toBe(inodeBefore)
    // Nothing beside the file: a backup there would hold the old secret where a .gitignore may not reach.
    expect(listDir(path.dirname(file))).toEqual(['credentials'])
  })

  it('keeps CRLF bytes of the file and skips writing when nothing changes', async () => {
    const file = awsFile()
    const crlf = AWS_CREDENTIALS_SAMPLE.replace(/\n/g, '\r\n')
    seed(file, crlf, 0o600)
    await writeConfig({ ...ctx(), entry: awsEntry }, backups())
    expect(fs.readFileSync(file, 'utf8')).toBe(crlf.replace('AKIAOLDBRAKET0000000', 'AKIANEWBRAKET0000000').replace('oldBraketSecretDoNotLeak222', SECRET))
    const again = await writeConfig({ ...ctx(), entry: awsEntry }, backups())
    expect(again).toMatchObject({ changed: false, backupPath: null })
    expect(listBackups(backupRoot(), file)).toHaveLength(1)
  })

  it.each([
    ['aws-credentials-ini', '.aws/credentials', '[other]\r\naws_access_key_id = AKIAOTHER\r\n'],
    ['qiskit-ibm-json', '.qiskit/qiskit-ibm.json', '{\r\n  "other": {"channel": "ibm_cloud", "token": "x"}\r\n}\r\n'],
    ['planqk-json', '.config/planqk/config.json', '{\n  "auth": {"type": "API_KEY", "value": "old"}\n}\n'],
    ['qualytics-yaml', '.qualytics/config.yaml', 'url: https://a.io/\r\ntoken: old\r\n'],
    ['dotenv', 'proj/.env', '# keep me\r\nOTHER=1\r\n'],
  ] as const)('keeps a UTF-8 byte order mark and the line endings of a %s file', async (format, rel, text) => {
    const file = path.join(home, rel)
    const BOM = Buffer.from([0xef, 0xbb, 0xbf])
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(text)]))
    const entry = { format, token: SECRET, url: 'https://a.io/', accessKeyId: 'AKIA1', secretAccessKey: SECRET, key: 'TOKEN', value: SECRET } as unknown as ConfigEntry
    const res = await writeConfig({ ...ctx(), entry, ...(format === 'dotenv' ? { path: file } : {}) }, backups())
    expect(res.changed).toBe(true)
    const written = fs.readFileSync(file)
    expect(written.subarray(0, 3)).toEqual(BOM) // the mark is still there, once
    expect(written.subarray(3, 6)).not.toEqual(BOM)
    const body = written.subarray(3).toString('utf8')
    expect(body).toContain(SECRET)
    if (text.includes('\r\n')) expect(body.replace(/\r\n/g, '')).not.toMatch(/\n/) // every newline stayed CRLF
    // The backup is the old file byte for byte, mark included.
    expect(await opened(res.backupPath!)).toEqual(Buffer.concat([BOM, Buffer.from(text)]))
  })

  it(`keeps the newest ${KEEP_BACKUPS} backups of a file, and moves one an older version left beside it into the data folder`, async () => {
    const file = path.join(home, 'proj', '.env')
    seed(file, 'A=0\n', 0o600)
    fs.writeFileSync(file + SIDE_BACKUP_SUFFIX, 'A=old-side\n')
    for (let i = 1; i <= KEEP_BACKUPS + 2; i++) {
      await writeConfig({ ...ctx(), path: file, entry: { format: 'dotenv', key: 'A', value: `v${i}` } }, backups(), 1_800_000_000_000 + i * 1000)
    }
    expect(listDir(path.dirname(file))).toEqual(['.env'])
    const versions = listBackups(backupRoot(), file)
    expect(versions).toHaveLength(KEEP_BACKUPS)
    expect((await opened(versions[0]!)).toString('utf8')).toBe(`A='v${KEEP_BACKUPS + 1}'\n`) // newest first: the file before the last write
    expect(fs.readFileSync(path.join(backupFolder(backupRoot(), file), 'source'), 'utf8')).toBe(file)
  })

  it.each([
    ['aws-credentials-ini', '.aws/credentials', '[braket\naws_secret_access_key = stillSecret999\n', /credentials is not valid INI \(line 1/],
    ['qiskit-ibm-json', '.qiskit/qiskit-ibm.json', '{"default-ibm-quantum-platform": {"token": "stillSecret999"', /qiskit-ibm\.json is not valid JSON/],
    ['planqk-json', '.config/planqk/config.json', '{"auth": {"value": "stillSecret999"},,}', /config\.json is not valid JSON/],
    ['qualytics-yaml', '.qualytics/config.yaml', 'url: https://a.io/\ntoken: "stillSecret999\n', /config\.yaml is not valid YAML/],
  ] as const)('leaves a broken %s file untouched (bytes and mtime) and says which file', async (format, rel, broken, why) => {
    const file = path.join(home, rel)
    seed(file, broken, 0o600)
    const past = new Date(Date.UTC(2025, 0, 1))
    fs.utimesSync(file, past, past)
    const before = fs.statSync(file)
    const entry = { format, token: SECRET, url: 'https://a.io/', accessKeyId: 'AKIA1', secretAccessKey: SECRET } as unknown as ConfigEntry
    for (const run of [() => writeConfig({ ...ctx(), entry }, backups()), async () => previewConfigWrite({ ...ctx(), entry })]) {
      let err: unknown
      try {
        await run()
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(TokenDeskError)
      expect((err as TokenDeskError).code).toBe('invalid_input')
      expect((err as Error).message).toContain(file)
      expect((err as Error).message).toMatch(why)
      expect((err as Error).message).not.toMatch(/stillSecret999|NEWsecret/)
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(broken)
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs)
    expect(listDir(path.dirname(file))).toEqual([path.basename(file)])
  })

  it('refuses to write through a symlink and leaves both ends alone', async () => {
    const real = path.join(home, 'elsewhere.ini')
    seed(real, AWS_CREDENTIALS_SAMPLE)
    fs.mkdirSync(path.join(home, '.aws'))
    fs.symlinkSync(real, awsFile())
    await expect(writeConfig({ ...ctx(), entry: awsEntry }, backups())).rejects.toThrow(/symbolic link/)
    expect(fs.lstatSync(awsFile()).isSymbolicLink()).toBe(true)
    expect(fs.readFileSync(real, 'utf8')).toBe(AWS_CREDENTIALS_SAMPLE)
  })

  it('refuses a world-writable directory without the sticky bit and non-UTF-8 files', async () => {
    const dir = path.join(home, 'open')
    fs.mkdirSync(dir)
    fs.chmodSync(dir, 0o777)
    await expect(writeConfig({ ...ctx({ path: path.join(dir, '.env') }), entry: { format: 'dotenv', key: 'K', value: SECRET } }, backups())).rejects.toThrow(/writable by everyone/)
    const bin = path.join(home, 'bin.env')
    fs.writeFileSync(bin, Buffer.from([0x4b, 0x3d, 0xff, 0xfe, 0x0a]))
    await expect(writeConfig({ ...ctx({ path: bin }), entry: { format: 'dotenv', key: 'K', value: SECRET } }, backups())).rejects.toThrow(/not UTF-8/)
  })

  it('atomicWrite cleans its temp file when the rename fails', async () => {
    const target = path.join(home, 'a-dir')
    fs.mkdirSync(target)
    fs.writeFileSync(path.join(target, 'x'), '')
    expect(() => atomicWrite(target, 'data')).toThrow(TokenDeskError)
    expect(listDir(home)).toEqual(['a-dir'])
  })
})

describe('previewConfigWrite', () => {
  it('shows a masked diff with the access key ids in clear (which account is replaced), writes nothing, and never contains a secret', async () => {
    const file = awsFile()
    seed(file, AWS_CREDENTIALS_SAMPLE, 0o600)
    const p = previewConfigWrite({ ...ctx(), entry: awsEntry })
    expect(p).toMatchObject({ path: file, exists: true, changed: true })
    expect(p.diff).toBe(`--- ${file}
+++ ${file}
@@ -6,6 +6,6 @@
 
 [braket]
-aws_access_key_id = AKIAOLDBRAKET0000000
-aws_secret_access_key = ${MASK}k222
+aws_access_key_id = AKIANEWBRAKET0000000
+aws_secret_access_key = ${MASK}0123
 region = us-east-1
 
`)
    for (const s of [SECRET, 'DoNotLeak']) expect(p.diff).not.toContain(s)
    expect(fs.readFileSync(file, 'utf8')).toBe(AWS_CREDENTIALS_SAMPLE)
    expect(listDir(path.dirname(file))).toEqual(['credentials'])
  })

  it('masks other accounts\' tokens in context, also in one-line JSON', async () => {
    const file = path.join(home, '.qiskit', 'qiskit-ibm.json')
    seed(file, '{"a": {"channel": "ibm_cloud", "token": "otherTokenDoNotLeak"}}')
    const p = previewConfigWrite({ ...ctx(), entry: { format: 'qiskit-ibm-json', name: 'b', token: SECRET } })
    expect(p.diff).not.toMatch(/DoNotLeak|NEWsecret/)
    expect(p.diff).toContain('"channel": "ibm_cloud"')
    // •••• and the last 4 of a value of 12 characters or more, as import shows one (never more).
    expect(p.diff).toContain(`"token": "${MASK}Leak"`)
    expect(p.diff).toContain(`"token":"${MASK}0123"`)
  })

  it('reports a missing file and an unchanged one', async () => {
    const p = previewConfigWrite({ ...ctx(), entry: { format: 'planqk-json', token: SECRET } })
    expect(p.exists).toBe(false)
    expect(p.diff).toContain(`+    "value": "${MASK}0123"`)
    expect(p.diff).not.toContain(SECRET)
    await writeConfig({ ...ctx(), entry: { format: 'planqk-json', token: SECRET } }, backups())
    expect(previewConfigWrite({ ...ctx(), entry: { format: 'planqk-json', token: SECRET } })).toMatchObject({ exists: true, changed: false, diff: '' })
  })

  it('masks values of sensitive keys and of every removed line', async () => {
    expect(maskLine('QUALYTICS_TOKEN="abc"', ' ', [])).toBe(`QUALYTICS_TOKEN=${MASK}`)
    expect(maskLine('region = us-east-1', ' ', [])).toBe('region = us-east-1')
    expect(maskLine('MY_VAR=old', '-', [])).toBe(`MY_VAR=${MASK}`)
    expect(maskLine('x abcSECRETdef', '+', ['SECRET'])).toBe(`x abc${MASK}def`)
    // A diff's old and new secrets tell apart by their last 4 characters (12 or more long).
    expect(maskLine('-TOKEN=oldsecret-ol01', '-', [])).toBe(`-TOKEN=${MASK}ol01`)
    expect(maskLine("TOKEN='newsecret-0001'", '+', ['newsecret-0001'])).toBe(`TOKEN='${MASK}0001'`)
  })
})
