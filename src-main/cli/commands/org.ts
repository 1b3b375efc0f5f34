import { ROLES } from '../../core/model'
import { oneOf, parse } from '../args'
import { UsageError } from '../exit'
import { orgTable } from '../format'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'

/** `org add` and `org list`: sub-commands share one module as they share one table. */
export async function run(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub === 'add') {
    const { values, positionals } = parse('org', rest, { role: { type: 'string' } }, { min: 1, max: 1, names: 'ORG' })
    const role = oneOf('org', 'role', values.role, ROLES)
    if (!role) throw new UsageError('missing --role owner|maintainer|member', 'org')
    return withVault(io, ({ vault }) => {
      const org = vault.setOrg(positionals[0], role)
      out(io, `${org.name}: you are ${role === 'owner' ? 'an' : 'a'} ${org.role}`)
      return 0
    })
  }
  if (sub === 'list') {
    const { values } = parse('org', rest, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
    return withVault(io, ({ vault }) => {
      const items = vault.orgs()
      if (values.json) printJson(io, { items })
      else out(io, orgTable(items))
      return 0
    })
  }
  throw new UsageError(sub === undefined ? 'missing sub-command: add or list' : 'unknown sub-command; use add or list', 'org')
}
