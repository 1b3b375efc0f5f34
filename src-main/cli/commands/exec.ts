import { runChild } from '../child'
import { envForTokens } from '../../core/sdk-config/token-env'
import { UsageError } from '../exit'
import type { Io } from '../io'
import { withVault } from '../open'
import { checkUsable } from '../usable'

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
