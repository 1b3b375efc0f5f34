import { parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out } from '../io'
import { withCore } from '../core-open'
import { copiesForWarning, staleCopiesWarning } from '../placements'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('delete', args, { yes: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  if (!values.yes) throw new UsageError('deleting is permanent; pass --yes', 'delete')
  // Through the connections: a token generated on a platform is deleted there first.
  return withCore(io, async ({ vault, connections, placements }) => {
    // Resolve first so the confirmation names the token, not just what the user typed.
    const row = vault.resolve(positionals[0]!)
    // Read before the delete: the token's placements go with it.
    const copies = await copiesForWarning(io, () => placements.list(row.id))
    await connections.delete(row.id)
    out(io, `deleted ${row.name} (${row.id}); its secret was removed from the OS keychain`)
    staleCopiesWarning(io, row.name, copies, `still hold the secret of ${row.name}, which TokenDesk no longer knows; remove them by hand if the token is gone on its platform too`)
    return 0
  })
}
