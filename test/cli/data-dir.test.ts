import { describe, expect, it } from 'vitest'
import { cliEnv, runCli, useBuiltCli } from './harness'

// TOKENDESK_HOME where no database can live: a clear message within seconds, never a hang
// (a folder under /proc made the recursive mkdir spin forever).
const cli = useBuiltCli('data-dir')

describe('an unusable TOKENDESK_HOME', () => {
  it.each([
    ['/proc/self/tokendesk', /\/proc\/self is on proc, a kernel file system, not a disk/],
    ['/proc/1', /\/proc\/1 is on proc/],
    ['/sys/kernel/tokendesk', /\/sys\/kernel is on sysfs/],
    ['/dev/null/tokendesk', /\/dev\/null is not a folder/],
  ])('%s', async (home, why) => {
    const r = await runCli(cli.bundle, ['list'], { env: cliEnv(home, 'unused'), timeoutMs: 10_000 })
    expect(r.signal, 'still running after 10 s').toBeNull()
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(why)
    expect(r.stderr).toMatch(/Choose a folder on a disk you can write \(TOKENDESK_HOME\)/)
    expect(r.ms).toBeLessThan(5_000)
  })

  it('a file where the folder should be', async () => {
    const file = `${cli.dir}/a-file`
    await import('node:fs').then((fs) => fs.writeFileSync(file, 'x'))
    const r = await runCli(cli.bundle, ['list'], { env: cliEnv(file, 'unused'), timeoutMs: 10_000 })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/a-file is not a folder/)
  })
})
