import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { cliEnv, runCli, useBuiltCli } from './harness'

// better-sqlite3 13 needs Node-API 10; on Node 22.12/22.13 (Node-API 9) it segfaults instead of
// failing. Every way into the database — `get`'s fast path included — checks first. The child
// reports itself as those Node versions do (process.versions.node 22.12.0, napi 9), so the test
// needs no second Node. (On Node 24 `get` reads through node:sqlite and loads no addon at all.)
const cli = useBuiltCli('runtime')

describe('an older Node-API', () => {
  it.each([['list'], ['get', 'some-token']])('tokendesk %s says which Node is needed instead of crashing', async (...args) => {
    const env = cliEnv(cli.dir, 'unused')
    expect((await runCli(cli.bundle, ['list'], { env })).code).toBe(0) // an existing vault: get takes its fast path
    const r = spawnSync(
      process.execPath,
      ['-e', `Object.defineProperty(process.versions, 'napi', { value: '9' }); Object.defineProperty(process.versions, 'node', { value: '22.12.0' }); require(${JSON.stringify(cli.bundle)}).run(${JSON.stringify(args)})`],
      { env, encoding: 'utf8', timeout: 15_000 },
    )
    expect(r.signal).toBeNull()
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/needs Node-API 10 \(Node\.js 22\.14 or newer, 24 LTS recommended\); this is Node\.js \S+ with Node-API 9/)
  })
})
