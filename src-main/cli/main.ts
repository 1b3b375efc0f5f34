import { COMMANDS, helpText } from './commands'
import { EXIT, UsageError } from './exit'
import { type Io, out } from './io'
import { guarded, runToExit } from './process-run'
import { VERSION } from './version'

/**
 * The whole `tokendesk` CLI (out/cli/tokendesk-main.cjs; entry.ts runs first and hands it every
 * call but the hot commands'). Kept small on purpose: it imports no vault code, so each command
 * pays only for what it loads (see commands.ts).
 */
export async function main(argv: string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const [first, ...rest] = argv
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout.write(helpText())
      return first === undefined ? EXIT.usage : EXIT.ok
    }
    if (first === '--version' || first === '-v') {
      out(io, VERSION)
      return EXIT.ok
    }
    if (first === 'help') return help(rest, io)
    const spec = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined
    if (!spec) throw new UsageError(`unknown command "${first.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"`)
    // Only options before `--` are ours: `tokendesk exec t -- ls -h` runs ls -h.
    const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest
    if (own.includes('--help') || own.includes('-h')) {
      out(io, `Usage: ${spec.usage}`)
      return EXIT.ok
    }
    const mod = await spec.load()
    return await mod.run(rest, io)
  })
}

function help(args: string[], io: Io): number {
  const name = args[0]
  if (name === undefined) {
    io.stdout.write(helpText())
    return EXIT.ok
  }
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (!spec) throw new UsageError(`no command "${name.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}"`)
  out(io, `Usage: ${spec.usage}`)
  return EXIT.ok
}

/** Runs the whole CLI for one call, then exits (process-run.ts). */
export function run(argv: string[]): void {
  runToExit((io) => main(argv, io))
}

if (require.main === module) run(process.argv.slice(2))
