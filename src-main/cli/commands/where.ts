import { homeDir } from '../../core/sdk-config/service'
import { copiesService, placementService, sdkConfigService } from '../../core/services'
import { parse } from '../args'
import { confirm } from '../confirm'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'
import { printPlacements, updatePlacements, whyLeft } from '../placements'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'where',
    args,
    { json: { type: 'boolean' }, update: { type: 'boolean' }, yes: { type: 'boolean' }, replace: { type: 'boolean' } },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  return withVault(io, async (opened) => {
    const placements = placementService(opened)
    const { token, placements: list } = await placements.list(positionals[0]!)
    if (!values.update) {
      if (values.json) printJson(io, { token: { id: token.id, name: token.name }, placements: list })
      else if (list.length === 0) out(io, `${token.name} was not written into any file by TokenDesk`)
      else printPlacements(io, list)
      return 0
    }
    const copies = copiesService(opened, placements, sdkConfigService(opened, placements, { home: homeDir(io.env), env: io.env }))
    const r = await updatePlacements(io, copies, token.id, {
      replace: values.replace === true,
      confirm: async () => values.yes === true || (io.stdin.isTTY === true && (await confirm(io, 'Write these changes? [y/N] '))),
    })
    if (values.json) printJson(io, r)
    else {
      for (const p of r.written) out(io, `updated ${p.path} (${p.entry})`)
      for (const p of r.left) out(io, `left ${p.path} (${p.entry}): ${whyLeft(p, 'pass --replace to overwrite it')}`)
      if (r.written.length === 0 && r.left.length === 0) out(io, `every copy of ${token.name} is current`)
    }
    const declined = r.written.length === 0 && r.left.some((p) => p.state === 'stale')
    if (declined) io.stderr.write('tokendesk: nothing written; run again with --yes\n')
    return declined ? 1 : 0
  })
}
