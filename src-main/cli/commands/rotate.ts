import { parse } from '../args'
import { type Io, out, printJson, readSecret } from '../io'
import { withVault } from '../open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('rotate', args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  const ref = positionals[0]!
  return withVault(io, async ({ vault }) => {
    // Resolve before reading stdin: an unknown name fails before the user pastes anything.
    const row = vault.resolve(ref)
    const secret = await readSecret(io, `New secret for ${row.name}: `)
    const t = await vault.rotate(row.id, secret)
    if (values.json) printJson(io, t)
    else out(io, `rotated ${t.name} (${t.id})`)
    return 0
  })
}
