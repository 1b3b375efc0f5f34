import { parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'
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
  return withVault(io, async ({ vault }) => {
    if (input.fields) {
      const t = vault.resolve(positionals[0]!)
      checkFieldNames(t.kind, t.platform, Object.keys(input.fields), values.custom === true)
    }
    const { token: t, changes } = vault.edit(positionals[0]!, input)
    if (values.json) printJson(io, { token: t, changes })
    else out(io, changes.length > 0 ? `edited ${t.name} (${t.id}): ${changes.join('; ')}` : `${t.name} (${t.id}): nothing changed`)
    return 0
  })
}
