import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { buildTestCli, cliEnv, runCli } from './harness'

// better-sqlite3 13 needs Node-API 10; on Node 22.12/22.13 (Node-API 9) it segfaults instead of
// failing. Every way into the database — `get`'s fast path included — checks first. The child
// reports Node-API 9 the way those Node versions do (process.versions.napi), so the test needs
// no second Node.
let cli: Awaited<ReturnType<typeof buildTestCli>>
let tmp: ReturnType<typeof tempDir>
beforeAll(async () => {
  cli = await buildTestCli('runtime')
  tmp = tempDir()
}, 60_000)
afterAll(() => {
  cli.cleanup()
  tmp.cleanup()
})

describe('an older Node-API', () => {
  it.each([['list'], ['get', 'some-token']])('tokendesk %s says which Node is needed instead of crashing', async (...args) => {
    const env = cliEnv(tmp.dir, 'unused')
    expect((await runCli(cli.bundle, ['list'], { env })).code).toBe(0) // an existing vault: get takes its fast path
    const r = spawnSync(
      process.execPath,
      ['-e', `Object.defineProperty(process.versions, 'napi', { value: '9' }); require(${JSON.stringify(cli.bundle)}).run(${JSON.stringify(args)})`],
      { env, encoding: 'utf8', timeout: 15_000 },
    )
    expect(r.signal).toBeNull()
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/needs Node-API 10 \(Node\.js 22\.14 or newer, 24 LTS recommended\); this is Node\.js \S+ with Node-API 9/)
  })
})
