import path from 'node:path'
import { FILE_FORMATS, FORMAT_INFO } from '../../core/sdk-config/catalog'
import { type EntryChange, foreignEntry, homeDir, staticKeysRefusal } from '../../core/sdk-config/service'
import { selfCommand } from '../self'
import { placementService, sdkConfigService } from '../../core/services'
import { oneOf, parse } from '../args'
import { confirm } from '../confirm'
import { UsageError } from '../exit'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'
import { checkUsable } from '../usable'

/**
 * `config write` and `config formats`. The write always prints the masked preview first and
 * changes the file only with --yes or an explicit "y" at a terminal prompt.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'formats') {
    const { values } = parse('config', rest, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
    if (values.json) printJson(io, { formats: FORMAT_INFO })
    else {
      const w = Math.max(...FORMAT_INFO.map((f) => f.format.length))
      for (const f of FORMAT_INFO) {
        const where = f.defaultPath ?? '(--path required)'
        const who = f.platforms.length > 0 ? f.platforms.join(', ') : 'any token'
        out(io, `${f.format.padEnd(w)}  ${where}  for ${who}${f.options.includes('profile') ? ' [--profile]' : ''}${f.options.includes('envKey') ? ' [--env-key]' : ''}`)
      }
    }
    return 0
  }
  if (sub === 'write') return write(rest, io)
  throw new UsageError(sub === undefined ? 'missing sub-command: write or formats' : 'unknown sub-command; use write or formats', 'config')
}

async function write(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'config',
    args,
    {
      format: { type: 'string' },
      path: { type: 'string' },
      profile: { type: 'string' },
      'env-key': { type: 'string' },
      yes: { type: 'boolean' },
      force: { type: 'boolean' },
      replace: { type: 'boolean' },
      reference: { type: 'boolean' },
    },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  const format = oneOf('config', 'format', values.format, FILE_FORMATS)
  if (!format) throw new UsageError(`missing --format (${FILE_FORMATS.join(', ')})`, 'config')
  return withVault(io, async (opened) => {
    const { vault } = opened
    const service = sdkConfigService(opened, placementService(opened), { home: homeDir(io.env), env: io.env, selfCommand: selfCommand() })
    const row = vault.resolve(positionals[0]!)
    // A reference hands out no secret; `tokendesk run` (or credential-process) checks the token when it resolves it.
    if (!values.reference && format !== 'aws-credential-process') checkUsable(row, values.force === true)
    const target = {
      id: row.id,
      format,
      // A relative --path means the working directory, as in any command-line tool.
      ...(values.path !== undefined ? { path: path.resolve(values.path) } : {}),
      ...(values.profile !== undefined ? { profile: values.profile } : {}),
      ...(values['env-key'] !== undefined ? { envKey: values['env-key'] } : {}),
      ...(values.replace ? { replace: true } : {}),
      ...(values.reference ? { reference: true } : {}),
    }
    const preview = await service.preview(target)
    if (!preview.changed) {
      out(io, `${preview.path} already holds this token; nothing to change`)
      return 0
    }
    // Refused before the prompt: a "y" must not be asked for a write that cannot happen.
    if (preview.change.foreign && !values.replace) throw foreignEntry(preview.path, preview.change, row.name)
    io.stdout.write(preview.diff.endsWith('\n') ? preview.diff : `${preview.diff}\n`)
    out(io, describeChange(preview.change))
    const statics = await service.staticKeys(target)
    if (statics && !statics.ours && !values.replace) throw staticKeysRefusal(statics, row.name)
    if (statics) out(io, `also removes the static keys of the profile "${statics.profile}" from ${statics.path}${statics.ours ? ' (TokenDesk wrote them)' : ' (--replace)'}: the AWS SDKs would use them before credential_process`)
    if (values.yes !== true) {
      if (!io.stdin.isTTY) {
        // No terminal to ask: the diff was the point (a preview); --yes writes.
        io.stderr.write(`tokendesk: nothing written; run again with --yes to write ${preview.path}\n`)
        return 0
      }
      if (!(await confirm(io, `Write this change to ${preview.path}? [y/N] `))) {
        // Declined: the command did not do what it was asked, which a script must be able to see.
        io.stderr.write('tokendesk: nothing written\n')
        return 1
      }
    }
    const r = await service.write(target)
    out(io, `${r.created ? 'created' : 'updated'} ${r.path} (mode 0600)${r.backupPath ? `; the previous file is in ${r.backupPath}` : ''}`)
    if (values.reference) out(io, `the file holds a reference, no secret: run your program with \`tokendesk run --env-file ${preview.path} -- COMMAND\``)
    return 0
  })
}

/** One line under the diff: the secret compared (never shown), what it replaces (identifiers in clear). */
function describeChange(c: EntryChange): string {
  const ids = Object.entries(c.identifiers).map(([k, v]) => `${k} ${v}`).join(', ')
  const entry = c.entry === 'default' ? '' : ` "${c.entry}"`
  if (c.secret === 'new') return `entry${entry}: new; secret written (masked above)`
  if (c.secret === 'same') return `entry${entry}: secret the same${ids ? `; ${ids}` : ''}`
  return `entry${entry}: secret different (masked)${ids ? `; it holds ${ids} now` : ''}${c.foreign ? '; replacing a credential TokenDesk did not write (--replace)' : ''}`
}
