import { STATUSES, TOKEN_KINDS } from '../../core/model'
import { intOption, oneOf, parse } from '../args'
import { UsageError } from '../exit'
import { tokenTable } from '../format'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    'list',
    args,
    {
      kind: { type: 'string' },
      status: { type: 'string' },
      platform: { type: 'string' },
      provider: { type: 'string' },
      org: { type: 'string' },
      search: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  )
  if (values.platform !== undefined && values.provider !== undefined) throw new UsageError('give either --platform or --provider, not both', 'list')
  let kind = oneOf('list', 'kind', values.kind, TOKEN_KINDS)
  // --provider is --platform restricted to provider tokens (both are stored in one column).
  if (values.provider !== undefined) {
    if (kind === 'personal') throw new UsageError('--provider lists provider tokens; drop --kind personal', 'list')
    kind = 'provider'
  }
  const opts = {
    kind,
    status: oneOf('list', 'status', values.status, STATUSES),
    platform: values.platform ?? values.provider,
    org: values.org === 'none' ? null : values.org,
    search: values.search,
    limit: intOption('list', 'limit', values.limit, 1, 1000) ?? 1000,
    offset: intOption('list', 'offset', values.offset, 0, Number.MAX_SAFE_INTEGER),
  }
  return withVault(io, ({ vault }) => {
    const { items, total } = vault.list(opts)
    if (values.json) printJson(io, { items, total })
    else if (total === 0) out(io, 'No tokens match.')
    else {
      out(io, tokenTable(items))
      if (items.length < total) out(io, `(${items.length} of ${total}; use --limit/--offset or --json for more)`)
    }
    return 0
  })
}
