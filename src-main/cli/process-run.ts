import { describeFailure } from './exit'
import { type Io, processIo } from './io'

/** Runs a command body; any failure becomes one line on stderr and its documented exit code. */
export async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body()
  } catch (e) {
    const { message, exitCode } = describeFailure(e)
    io.stderr.write(`tokendesk: ${message}\n`)
    return exitCode
  }
}

/** Runs, then exits once both streams are flushed: a hung keychain call must not keep the process alive. */
export function runToExit(body: (io: Io) => Promise<number>): void {
  const io = processIo()
  void body(io).then((code) => {
    process.exitCode = code
    const streams = io.touched()
    let pending = streams.length
    if (pending === 0) process.exit(code)
    for (const s of streams) s.write('', () => --pending === 0 && process.exit(code))
  })
}
