import { resolveRef } from '../../core/resolve-ref'
import { UsageError } from '../exit'
import { type Io, stdoutIsTTY, writeStdoutFast } from '../io'
import { openLeanVault } from '../lean-vault'
import { checkUsable } from '../usable'

/**
 * `tokendesk get REF`: the hot path of scripts (`export X="$(tokendesk get ...)"`), so it must
 * start about as fast as bare node. It therefore skips reconcile and the vault module (which
 * pulls in zod) and repeats the two rules it needs from Vault.resolve/Vault.reveal; a test keeps
 * them in step with the vault.
 */
export async function run(args: string[], io: Io): Promise<number> {
  // Hand-parsed (no parseArgs) to keep this path lean: REF and an optional --force, in any order.
  const force = args.includes('--force')
  const rest = args.filter((a) => a !== '--force')
  if (rest.length !== 1 || rest[0]!.startsWith('-')) {
    if (rest[0] === '--') return run([...rest.slice(1), ...(force ? ['--force'] : [])], io)
    throw new UsageError(rest.length === 0 ? 'missing REF (a token id or name)' : 'get takes exactly one REF', 'get')
  }
  const ref = rest[0]!
  const vault = await openLeanVault(io.env)
  try {
    const row = resolveRef(vault.repo, ref)
    checkUsable(row, force)
    const secret = await vault.secretOf(row)
    vault.recordUse([row])
    writeStdoutFast(stdoutIsTTY() ? `${secret}\n` : secret)
    return 0
  } finally {
    vault.close()
  }
}
