import { parse } from '../args'
import { type Io, out, printJson } from '../io'
import { withCore } from '../core-open'
import { copiesForWarning, foundCopiesForWarning, foundCopiesWarning, staleCopiesWarning } from '../placements'
import { foundCopies } from '../../core/services'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('revoke', args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  // Through the connections: a token generated on a platform is revoked there first.
  return withCore(io, async (core) => {
    const { connections, placements } = core
    const t = await connections.revoke(positionals[0]!)
    if (values.json) printJson(io, t)
    else out(io, `revoked ${t.name} (${t.id})`)
    staleCopiesWarning(io, t.name, await copiesForWarning(io, () => placements.list(t.id)), `still hold the secret of ${t.name}`)
    foundCopiesWarning(io, t.name, await foundCopiesForWarning(io, () => foundCopies(core).list(t.id)), `still hold the secret of ${t.name}`)
    return 0
  })
}
