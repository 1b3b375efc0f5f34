import { homeDir } from '../../core/sdk-config/service'
import { copiesService, placementService, sdkConfigService } from '../../core/services'
import { parse } from '../args'
import { type Io, out, printJson, readSecret } from '../io'
import { withVault } from '../open'
import { copiesForWarning, staleCopiesWarning, updatePlacements } from '../placements'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'rotate',
    args,
    { json: { type: 'boolean' }, 'update-configs': { type: 'boolean' } },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  const ref = positionals[0]!
  return withVault(io, async (opened) => {
    const { vault } = opened
    // Resolve before reading stdin: an unknown name fails before the user pastes anything.
    const row = vault.resolve(ref)
    const secret = await readSecret(io, `New secret for ${row.name}: `)
    const t = await vault.rotate(row.id, secret)
    if (values.json) printJson(io, t)
    else out(io, `rotated ${t.name} (${t.id})`)
    // The files that held the old secret: listed, or rewritten on request (the flag is the consent).
    const placements = placementService(opened)
    if (values['update-configs']) {
      const copies = copiesService(opened, placements, sdkConfigService(opened, placements, { home: homeDir(io.env), env: io.env }))
      const r = await updatePlacements(values.json ? { ...io, stdout: io.stderr } : io, copies, t.id, { replace: false, confirm: async () => true })
      for (const p of r.written) io.stderr.write(`tokendesk: updated ${p.path} (${p.entry})\n`)
      for (const p of r.left) io.stderr.write(`tokendesk: left ${p.path} (${p.entry}): ${p.state}\n`)
    } else {
      const list = await copiesForWarning(io, () => placements.list(t.id))
      staleCopiesWarning(io, t.name, list.filter((p) => p.state === 'stale'), `still hold the old secret of ${t.name}; rewrite them with \`tokendesk where ${t.name} --update\``)
    }
    return 0
  })
}
