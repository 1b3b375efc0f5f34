import { parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'
import { copiesService, placementService, sdkConfigService } from '../../core/services'
import { homeDir } from '../../core/sdk-config/service'
import { selfCommand } from '../self'
import { checkFieldNames } from '../../core/rules/catalog-check'
import { parseFields } from './add'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'edit',
    args,
    {
      name: { type: 'string' },
      expires: { type: 'string' },
      scope: { type: 'string', multiple: true },
      'no-scopes': { type: 'boolean' },
      field: { type: 'string', multiple: true },
      'unset-field': { type: 'string', multiple: true },
      note: { type: 'string' },
      'no-note': { type: 'boolean' },
      custom: { type: 'boolean' },
      json: { type: 'boolean' },
    },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  if (values.scope && values['no-scopes']) throw new UsageError('give --scope or --no-scopes, not both', 'edit')
  if (values.note !== undefined && values['no-note']) throw new UsageError('give --note or --no-note, not both', 'edit')
  const input = {
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.expires !== undefined ? { expires: values.expires } : {}),
    ...(values.scope ? { scopes: values.scope } : values['no-scopes'] ? { scopes: [] } : {}),
    ...(values.field ? { fields: parseFields(values.field, 'edit') } : {}),
    ...(values['unset-field'] ? { unsetFields: values['unset-field'] } : {}),
    ...(values.note !== undefined ? { note: values.note } : values['no-note'] ? { note: null } : {}),
  }
  if (Object.keys(input).length === 0) throw new UsageError('nothing to change: give --name, --expires, --scope, --field, --unset-field or --note', 'edit')
  return withVault(io, async (opened) => {
    const { vault } = opened
    if (input.fields) {
      const t = vault.resolve(positionals[0]!)
      checkFieldNames(t.kind, t.platform, Object.keys(input.fields), values.custom === true)
    }
    const { token: t, changes } = vault.edit(positionals[0]!, input)
    if (values.json) printJson(io, { token: t, changes })
    else out(io, changes.length > 0 ? `edited ${t.name} (${t.id}): ${changes.join('; ')}` : `${t.name} (${t.id}): nothing changed`)
    if (input.name === undefined || changes.length === 0) return 0
    // References name the token: each one TokenDesk wrote is rewritten to the new name.
    const placements = placementService(opened)
    const r = await copiesService(opened, placements, sdkConfigService(opened, placements, { home: homeDir(io.env), env: io.env, selfCommand: selfCommand() })).renameReferences(t.id)
    for (const p of r.rewritten) io.stderr.write(`tokendesk: ${p.path} (${p.entry}) now refers to ${t.name}\n`)
    for (const f of r.failed) io.stderr.write(`tokendesk: could not rewrite the reference in ${f.copy.path} (${f.copy.entry}), which still names the old name: ${f.why}\n`)
    return r.failed.length > 0 ? 1 : 0
  })
}
