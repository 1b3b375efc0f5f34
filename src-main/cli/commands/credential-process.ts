import { invalid } from '../../core/errors'
import { resolveRef } from '../../core/resolve-ref'
import { UsageError } from '../exit'
import { type Io, writeStdoutFast } from '../io'
import { openLeanVault } from '../lean-vault'
import { checkUsable } from '../usable'

/**
 * `tokendesk credential-process aws REF [--force]`: what AWS SDKs and the AWS CLI run from a
 * profile's `credential_process` line in ~/.aws/config ("Sourcing credentials with an external
 * process", AWS CLI user guide). It prints exactly
 *   {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …[, "SessionToken": …][, "Expiration": …]}
 * on stdout — the key pair of an AWS key token, so no key is on disk — and on failure exits
 * non-zero with a message on stderr that never holds a secret (the guide: stderr is shown to the
 * user). It runs before every AWS command and every new SDK session, so it takes the lean path.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const force = args.includes('--force')
  const rest = args.filter((a) => a !== '--force')
  if (rest[0] !== 'aws' || rest.length !== 2 || rest[1]!.startsWith('-')) {
    throw new UsageError('use: tokendesk credential-process aws REF (the only credential process TokenDesk speaks is AWS\'s)', 'credential-process')
  }
  const vault = await openLeanVault(io.env)
  try {
    const row = resolveRef(vault.repo, rest[1]!)
    const keyId = row.fields.aws_access_key_id
    if (!keyId) throw invalid(`"${row.name}" has no field aws_access_key_id, so it is not an AWS access key; add it with: tokendesk edit ${row.name} --field aws_access_key_id=AKIA…`)
    checkUsable(row, force)
    const secret = await vault.secretOf(row)
    vault.recordUse([row])
    const out: Record<string, string | number> = { Version: 1, AccessKeyId: keyId, SecretAccessKey: secret }
    if (row.fields.aws_session_token) out.SessionToken = row.fields.aws_session_token
    // Only a key TokenDesk knows to end: the SDKs refresh before Expiration, and a long-term key has none.
    if (row.expiresAt !== null) out.Expiration = new Date(row.expiresAt).toISOString()
    writeStdoutFast(JSON.stringify(out))
    return 0
  } finally {
    vault.close()
  }
}
