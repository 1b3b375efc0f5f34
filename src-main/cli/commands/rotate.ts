import type { OpenedVault } from '../../core/open-vault'
import { homeDir } from '../../core/sdk-config/service'
import { selfCommand } from '../self'
import { copiesService, foundCopies, placementService, sdkConfigService } from '../../core/services'
import { parse } from '../args'
import { withCore } from '../core-open'
import { UsageError } from '../exit'
import { type Io, out, printJson, readSecret } from '../io'
import { withVault } from '../open'
import { copiesForWarning, foundCopiesForWarning, foundCopiesWarning, staleCopiesWarning, updatePlacements } from '../placements'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'rotate',
    args,
    { json: { type: 'boolean' }, 'update-configs': { type: 'boolean' }, 'on-platform': { type: 'boolean' }, grace: { type: 'string' } },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  const ref = positionals[0]!
  if (values.grace !== undefined && !values['on-platform']) throw new UsageError('--grace goes with --on-platform (the old token is revoked on the platform after it)', 'rotate')
  if (values['on-platform']) {
    // The platform makes the new secret: nothing is read from standard input.
    return withCore(io, async (core) => {
      const r = await core.connections.rotateOnPlatform(ref, { grace: values.grace })
      const t = r.token
      const when = r.retireError ? `could not be revoked yet (${r.retireError}); TokenDesk tries again at its next start or sync` : r.retireAt <= Date.now() ? 'is revoked' : `stays valid until ${new Date(r.retireAt).toISOString().slice(0, 16).replace('T', ' ')} UTC, then TokenDesk revokes it`
      if (values.json) printJson(io, { token: t, secret: r.secret, retireAt: r.retireAt, retireError: r.retireError })
      else {
        // As generate: the secret alone on stdout, the words on stderr.
        io.stderr.write(`rotated ${t.name} (${t.id}) on its platform; the old platform token ${when}. The new secret is in the OS keychain and shown this once:\n`)
        io.stdout.write(`${r.secret}\n`)
      }
      // Standard output carries only the secret (as generate's); the copies' report goes to stderr.
      await afterRotate({ ...io, stdout: io.stderr }, core, t, values['update-configs'] === true)
      return 0
    })
  }
  return withVault(io, async (opened) => {
    const { vault } = opened
    // Resolve before reading stdin: an unknown name fails before the user pastes anything.
    const row = vault.resolve(ref)
    const secret = await readSecret(io, `New secret for ${row.name}: `)
    const t = await vault.rotate(row.id, secret)
    if (values.json) printJson(io, t)
    else out(io, `rotated ${t.name} (${t.id})`)
    await afterRotate(values.json ? { ...io, stdout: io.stderr } : io, opened, t, values['update-configs'] === true)
    return 0
  })
}

/** The files that held the old secret: listed, or rewritten on request (the flag is the consent). */
async function afterRotate(io: Io, opened: OpenedVault, t: { id: string; name: string }, update: boolean): Promise<void> {
  const placements = placementService(opened)
  if (update) {
    const copies = copiesService(opened, placements, sdkConfigService(opened, placements, { home: homeDir(io.env), env: io.env, selfCommand: selfCommand() }))
    const r = await updatePlacements(io, copies, t.id, { replace: false, confirm: async () => true })
    for (const p of r.written) io.stderr.write(`tokendesk: updated ${p.path} (${p.entry})\n`)
    for (const p of r.left) io.stderr.write(`tokendesk: left ${p.path} (${p.entry}): ${p.state}\n`)
  } else {
    const list = await copiesForWarning(io, () => placements.list(t.id))
    staleCopiesWarning(io, t.name, list.filter((p) => p.state === 'stale'), `still hold the old secret of ${t.name}; rewrite them with \`tokendesk where ${t.name} --update\``)
  }
  foundCopiesWarning(io, t.name, await foundCopiesForWarning(io, () => foundCopies(opened).list(t.id)), `hold the old secret of ${t.name}`)
}
