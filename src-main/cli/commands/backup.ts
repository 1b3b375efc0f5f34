import { parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out, printJson, readSecret } from '../io'
import { withCore } from '../core-open'
import { checkBackupTarget, readBackupFile } from '../../core/backup/backup-file'
import { checkPassphrase } from '../../core/backup/age-crypt'

export async function run(args: string[], io: Io): Promise<number> {
  if (args[0] === 'create') return create(args.slice(1), io)
  if (args[0] === 'restore') return restore(args.slice(1), io)
  throw new UsageError(args[0] === undefined ? 'say create or restore' : 'unknown subcommand; use create or restore', 'backup')
}

/** From a terminal: typed twice, hidden. From a pipe: the first line. Never from the command line. */
async function passphrase(io: Io, confirm: boolean): Promise<string> {
  const first = await readSecret(io, 'Passphrase for the backup: ')
  if (confirm) {
    checkPassphrase(first)
    if (io.stdin.isTTY && (await readSecret(io, 'The same passphrase again: ')) !== first) {
      throw new UsageError('the two passphrases differ; nothing was written', 'backup')
    }
  }
  return first
}

async function create(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('backup', args, { force: { type: 'boolean' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'FILE' })
  checkBackupTarget(positionals[0]!, { overwrite: values.force === true })
  const pass = await passphrase(io, true)
  return withCore(io, async ({ backup }) => {
    const report = await backup.writeTo(positionals[0]!, pass, { overwrite: values.force === true })
    if (values.json) printJson(io, report)
    else {
      out(io, `wrote ${report.tokens} token${report.tokens === 1 ? '' : 's'} with their secrets and history to ${positionals[0]} (age-encrypted, readable only by you)`)
      if (report.missingSecrets.length > 0) {
        out(io, `left out ${report.missingSecrets.length}, whose secret is not in the keychain: ${report.missingSecrets.join(', ')}`)
      }
      out(io, 'Keep the passphrase somewhere else: without it the file cannot be opened.')
    }
    return 0
  })
}

async function restore(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('backup', args, { rename: { type: 'boolean' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'FILE' })
  // Read first: a missing or oversized file is reported before the passphrase is asked for.
  const sealed = readBackupFile(positionals[0]!)
  const pass = await passphrase(io, false)
  return withCore(io, async ({ backup }) => {
    const report = await backup.restore(sealed, pass, { rename: values.rename === true })
    if (values.json) {
      printJson(io, report)
      return report.failed.length > 0 ? 1 : 0
    }
    out(io, `restored ${report.restored.length} token${report.restored.length === 1 ? '' : 's'} from a backup made ${new Date(report.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`)
    for (const r of report.restored) if (!r.name.startsWith(`${r.from} `)) out(io, `  ${r.from} → ${r.name}`)
    if (report.skipped.length > 0) {
      out(io, `skipped ${report.skipped.length} already in this vault (pass --rename to restore them under new names):`)
      for (const s of report.skipped) out(io, `  ${s.name}: ${s.reason}`)
    }
    for (const f of report.failed) io.stderr.write(`tokendesk: could not restore ${f.name}: ${f.reason}\n`)
    return report.failed.length > 0 ? 1 : 0
  })
}
