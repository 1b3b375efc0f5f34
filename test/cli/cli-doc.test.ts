import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS, helpText } from '../../src-main/cli/commands'
import { cliReferenceDoc } from '../../src-main/cli/reference-doc'
import { ROOT, runCli, useBuiltCli } from './harness'

// docs/cli.md is generated from the CLI's help (issue #28) and cannot drift from it: the committed
// file is what `npm run docs:cli` writes now, and each help text the built CLI prints stands in it
// verbatim. Help needs no vault and no keychain.
const cli = useBuiltCli('cli-doc')
const doc = () => fs.readFileSync(path.join(ROOT, 'docs', 'cli.md'), 'utf8')

describe('docs/cli.md', () => {
  it('is what `npm run docs:cli` writes from the help text now', () => {
    expect(doc(), 'the help changed: run `npm run docs:cli` and commit docs/cli.md').toBe(cliReferenceDoc(COMMANDS, helpText()))
  })

  it("holds, verbatim, what the built CLI prints for --help and for help COMMAND of every command", async () => {
    const env = { ...process.env, TOKENDESK_HOME: path.join(cli.dir, 'no-vault') }
    const text = doc()
    const top = await runCli(cli.bundle, ['--help'], { env })
    expect(top.code).toBe(0)
    expect(text).toContain(top.stdout.trimEnd())
    const names = Object.keys(COMMANDS).filter((n) => !n.startsWith('__'))
    expect(names.length).toBeGreaterThan(20)
    const runs = await Promise.all(names.map((name) => runCli(cli.bundle, ['help', name], { env })))
    runs.forEach((r, i) => {
      expect(r.code, names[i]).toBe(0)
      expect(r.stdout.startsWith('Usage: tokendesk ')).toBe(true)
      expect(text, names[i]).toContain(`## ${names[i]}\n`)
      expect(text, names[i]).toContain(r.stdout.trimEnd())
    })
    expect(fs.existsSync(path.join(cli.dir, 'no-vault')), 'help made no data folder').toBe(false)
  })
})
