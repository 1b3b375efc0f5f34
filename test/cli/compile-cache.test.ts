import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'
import { buildTestCli, canary, cliEnv, packageCopy, runCli } from './harness'

// Where bin/tokendesk.cjs keeps V8's compiled code: a cache is code the CLI runs, in the process
// that reads secrets, so it lives beside the bundles (docs/security.md, "The code the CLI runs").
requireSecretService()

describe('bin/tokendesk.cjs', () => {
  let cli: Awaited<ReturnType<typeof buildTestCli>>
  let tmp: ReturnType<typeof tempDir>
  beforeAll(async () => {
    cli = await buildTestCli('compile-cache')
    tmp = tempDir()
  }, 60_000)
  afterAll(() => {
    cli.cleanup()
    tmp.cleanup()
  })

  it('keeps its compile cache beside the bundles, none in the shared temp folder', async () => {
    const pkg = packageCopy(path.join(tmp.dir, 'pkg'))
    pkg.addBundles(cli.bundle)
    const shared = path.join(tmp.dir, 'shared-tmp')
    fs.mkdirSync(shared)
    const env = cliEnv(path.join(tmp.dir, 'data'), testKeychainService('compile-cache'), { TMPDIR: shared, TMP: shared, TEMP: shared })
    const td = (args: string[], input?: string) => runCli(pkg.bin, args, { env, input })

    const secret = canary('compile-cache')
    expect(await td(['add', '--platform', 'planqk', '--name', 'cached'], secret)).toMatchObject({ code: 0, stderr: '' })
    expect(await td(['list', '--json'])).toMatchObject({ code: 0, stderr: '' })
    expect(await td(['get', 'cached'])).toMatchObject({ code: 0, stdout: secret, stderr: '' })
    const cache = path.join(pkg.out, 'node-compile-cache')
    const entries = fs.readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    expect(entries.length).toBeGreaterThan(0)
    // Code, not data: the secret the runs read is in none of it.
    for (const e of entries) expect(fs.readFileSync(path.join(e.parentPath, e.name)).includes(secret), e.name).toBe(false)
    // Node's default would have been TMPDIR/node-compile-cache, which any local user can create first.
    expect(fs.readdirSync(shared)).toEqual([])
  })
})
