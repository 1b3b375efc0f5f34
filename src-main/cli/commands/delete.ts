import { SINGLE_ENTRY } from '../../core/sdk-config/read-entries'
import { parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out } from '../io'
import { withCore } from '../core-open'
import { copiesForWarning, printDiffs, staleCopiesWarning, whyLeft } from '../placements'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'delete',
    args,
    { yes: { type: 'boolean' }, 'remove-from-configs': { type: 'boolean' } },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  if (!values.yes) throw new UsageError('deleting is permanent; pass --yes', 'delete')
  // Through the connections: a token generated on a platform is deleted there first.
  return withCore(io, async ({ vault, connections, placements, copies }) => {
    // Resolve first so the confirmation names the token, not just what the user typed.
    const row = vault.resolve(positionals[0]!)
    if (values['remove-from-configs']) {
      // The files first, while the token's placements and secret still say which entries are its
      // own; a refused delete (not revoked) must not have touched them, so that is checked first.
      vault.assertDeletable(row.id)
      const plan = await copies.planRemoval(row.id)
      printDiffs(io, plan.todo)
      const r = await copies.remove(row.id, { only: plan.todo })
      for (const p of r.removed) out(io, `removed ${p.entry === SINGLE_ENTRY ? 'the token' : p.entry} from ${p.path}`)
      for (const p of r.left) io.stderr.write(`tokendesk: left ${p.path} (${p.entry}): ${p.state === 'missing' && !p.problem ? 'already gone' : whyLeft(p, 'left as it is')}\n`)
      await connections.delete(row.id)
      out(io, `deleted ${row.name} (${row.id}); its secret was removed from the OS keychain`)
      return 0
    }
    // Read before the delete: the token's placements go with it.
    const list = await copiesForWarning(io, () => placements.list(row.id))
    await connections.delete(row.id)
    out(io, `deleted ${row.name} (${row.id}); its secret was removed from the OS keychain`)
    staleCopiesWarning(
      io,
      row.name,
      list,
      `still hold the secret of ${row.name}, which TokenDesk no longer knows; remove them by hand, or next time delete with --remove-from-configs`,
    )
    return 0
  })
}
