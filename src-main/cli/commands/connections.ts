import { parse } from '../args'
import { withCore } from '../core-open'
import { day, table } from '../format'
import { type Io, out, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse('connections', args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  return withCore(io, ({ connections }) => {
    const list = connections.list()
    if (values.json) printJson(io, list)
    else if (list.length === 0) out(io, 'No connections. Add one with `tokendesk connect KIND --url URL`.')
    else
      out(
        io,
        table(
          ['NAME', 'KIND', 'URL', 'ACCOUNT', 'TOKENS', 'LAST SYNC', 'SYNC ERROR'],
          list.map((c) => [c.name, c.kind, c.baseUrl, c.account ?? '-', String(c.tokenCount), day(c.lastSyncAt, 'never'), c.lastSyncError ? c.lastSyncError.slice(0, 80) : '-']),
        ),
      )
    return 0
  })
}
