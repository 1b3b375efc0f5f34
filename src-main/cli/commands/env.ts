import { exportLines } from '../../core/sdk-config/env'
import { envForTokens } from '../../core/sdk-config/token-env'
import { UsageError } from '../exit'
import type { Io } from '../io'
import { withVault } from '../open'

/**
 * `tokendesk env REF...`: shell-quoted `export` lines for the SDK variables of those tokens, for
 * `eval "$(tokendesk env my-token)"`. Each token's use is recorded.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const refs = args[0] === '--' ? args.slice(1) : args
  if (refs.length === 0) throw new UsageError('missing REF (a token id or name)', 'env')
  const bad = refs.find((r) => r.startsWith('-'))
  if (bad !== undefined) throw new UsageError('env takes only token ids or names', 'env')
  return withVault(io, async ({ vault }) => {
    io.stdout.write(exportLines(await envForTokens(vault, refs)))
    return 0
  })
}
