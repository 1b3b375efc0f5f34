import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { envForTokens } from '../../core/sdk-config/token-env'
import { UsageError } from '../exit'
import type { Io } from '../io'
import { withVault } from '../open'
import { checkUsable } from '../usable'

/** Signals a user or a supervisor sends to stop a command; forwarded to the child. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/**
 * `tokendesk exec REF... -- COMMAND [ARGS...]`, like `aws-vault exec` / `op run`: runs COMMAND
 * with the tokens' SDK variables added to its environment only, so the secrets never land in the
 * shell, its history or a file. The child inherits stdio; its exit code is ours, and if it dies of
 * a signal we die of the same signal, so the calling shell sees 128+n as if it ran COMMAND itself.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const sep = args.indexOf('--')
  if (sep === -1) throw new UsageError('put -- before the command, e.g. tokendesk exec my-token -- python job.py', 'exec')
  const force = args.slice(0, sep).includes('--force')
  const refs = args.slice(0, sep).filter((a) => a !== '--force')
  const [command, ...commandArgs] = args.slice(sep + 1)
  if (refs.length === 0) throw new UsageError('missing REF (a token id or name) before --', 'exec')
  if (refs.some((r) => r.startsWith('-'))) throw new UsageError('exec takes only token ids or names (and --force) before --', 'exec')
  if (command === undefined || command === '') throw new UsageError('missing the command after --', 'exec')

  // The database is closed before the child starts: a long job must not hold it open.
  const vars = await withVault(io, ({ vault }) => envForTokens(vault, refs, (row) => checkUsable(row, force)))
  return runChild(command, commandArgs, { ...io.env, ...vars }, io)
}

function runChild(command: string, args: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env })
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
}
