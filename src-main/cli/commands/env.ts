import { exportLines } from '../../core/sdk-config/env'
import { envForTokens } from '../../core/sdk-config/token-env'
import { UsageError } from '../exit'
import type { Io } from '../io'
import { withVault } from '../open'
import { checkUsable } from '../usable'

/**
 * `tokendesk env REF...`: shell-quoted `export` lines for the SDK variables of those tokens, for
 * `eval "$(tokendesk env my-token)"`. Each token's use is recorded.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const force = args.includes('--force')
  const given = args.filter((a) => a !== '--force')
  const refs = given[0] === '--' ? given.slice(1) : given
  if (refs.length === 0) throw new UsageError('missing REF (a token id or name)', 'env')
  const bad = refs.find((r) => r.startsWith('-'))
  if (bad !== undefined) throw new UsageError('env takes only token ids or names (and --force)', 'env')
  return withVault(io, async ({ vault }) => {
    io.stdout.write(exportLines(await envForTokens(vault, refs, (row) => checkUsable(row, force))))
    return 0
  })
}
