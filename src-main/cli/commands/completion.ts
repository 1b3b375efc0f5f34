import { CATALOG } from '../../core/platform-catalog'
import { COMMANDS } from '../commands'
import { bashScript, completionPlan, fishScript, zshScript } from '../completion-plan'
import { UsageError } from '../exit'
import type { Io } from '../io'

/** `tokendesk completion bash|zsh|fish`: prints the completion script for that shell. */
export async function run(args: string[], io: Io): Promise<number> {
  const shell = args[0]
  if (args.length !== 1 || !shell || !['bash', 'zsh', 'fish'].includes(shell)) throw new UsageError('name the shell: bash, zsh or fish', 'completion')
  const plan = completionPlan(COMMANDS, CATALOG)
  io.stdout.write(shell === 'bash' ? bashScript(plan) : shell === 'zsh' ? zshScript(plan) : fishScript(plan))
  return 0
}
