import { parse } from '../args'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('restore', args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  return withVault(io, ({ vault }) => {
    const t = vault.restore(positionals[0]!)
    if (values.json) printJson(io, t)
    else out(io, `restored ${t.name} (${t.id})`)
    return 0
  })
}
