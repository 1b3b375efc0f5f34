import { COMMANDS, helpText } from './commands'
import { EXIT, UsageError, describeFailure } from './exit'
import { type Io, out, processIo } from './io'
import { VERSION } from './version'

/**
 * Entry point of the `tokendesk` CLI. Kept small on purpose: it imports no vault code, so each
 * command pays only for what it loads (see commands.ts).
 */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
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
  } catch (e) {
    const { message, exitCode } = describeFailure(e)
    io.stderr.write(`tokendesk: ${message}\n`)
    return exitCode
  }
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

/** Runs, then exits once both streams are flushed: a hung keychain call must not keep the process alive. */
export function run(argv: string[]): void {
  const io = processIo()
  void main(argv, io).then((code) => {
    process.exitCode = code
    const streams = io.touched()
    let pending = streams.length
    if (pending === 0) process.exit(code)
    for (const s of streams) s.write('', () => --pending === 0 && process.exit(code))
  })
}

if (require.main === module) run(process.argv.slice(2))
