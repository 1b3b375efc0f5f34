import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { StreamMasker } from '../core/references/mask'
import type { Io } from './io'

/** Signals a user or a supervisor sends to stop a command; forwarded to the child. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * Runs COMMAND for `exec` and `run` (one contract for both): the child inherits stdin (and
 * stdout/stderr unless they are masked); its exit code is ours; SIGINT, SIGTERM and SIGHUP are
 * forwarded; if it dies of a signal we die of the same signal, so the calling shell sees 128+n
 * as if it ran COMMAND itself; a command not found is 127, one that cannot run 126.
 */
export function runChild(command: string, args: string[], env: NodeJS.ProcessEnv, io: Io, opts: { mask?: readonly string[] } = {}): Promise<number> {
  return new Promise((resolve) => {
    const masking = opts.mask !== undefined && opts.mask.length > 0
    const child = spawn(command, args, { stdio: masking ? ['inherit', 'pipe', 'pipe'] : 'inherit', env })
    // Each stream through its own masker; the exit is reported once both have ended, so the last
    // bytes (and whatever a masker held back) are written before we exit.
    const drained = masking ? Promise.all([pipeMasked(child.stdout!, process.stdout, opts.mask!), pipeMasked(child.stderr!, process.stderr, opts.mask!)]) : Promise.resolve()
    const forward = (sig: NodeJS.Signals) => () => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig)
    }
    const handlers = FORWARDED.map((sig) => [sig, forward(sig)] as const)
    for (const [sig, h] of handlers) process.on(sig, h)
    const detach = () => {
      for (const [sig, h] of handlers) process.off(sig, h)
    }
    child.on('error', (e: NodeJS.ErrnoException) => {
      detach()
      // As a shell would: 127 when the command is not found, 126 when it cannot be run.
      const notFound = e.code === 'ENOENT'
      io.stderr.write(`tokendesk: ${notFound ? 'command not found' : `cannot run the command (${e.code ?? 'error'})`}: ${command.slice(0, 200)}\n`)
      resolve(notFound ? 127 : 126)
    })
    child.on('exit', (code, signal) => {
      detach()
      void drained.then(() => {
        if (signal === null) return resolve(code ?? 1)
        const n = constants.signals[signal] ?? 0
        // Our own handlers are gone, so the default action ends us with that signal. Node ignores a
        // few signals (SIGPIPE); then exiting with 128+n is the closest the shell can tell.
        try {
          process.kill(process.pid, signal)
        } catch {
          // fall through to the exit code
        }
        resolve(128 + n)
      })
    })
  })
}

/** Copies a child's stream to ours with every secret concealed (references/mask.ts); resolves when it ended. */
function pipeMasked(from: NodeJS.ReadableStream, to: NodeJS.WritableStream, secrets: readonly string[]): Promise<void> {
  const masker = new StreamMasker(secrets)
  return new Promise((resolve) => {
    from.on('data', (chunk: Buffer) => {
      const out = masker.push(chunk)
      if (out.length > 0) to.write(out)
    })
    // Resolved once what we wrote has been handed to the OS: a death by signal that follows must not lose it.
    from.on('end', () => to.write(masker.end(), () => resolve()))
    from.on('error', () => resolve())
  })
}
