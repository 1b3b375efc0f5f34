import { parse } from '../args'
import { tokenDetail } from '../format'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('show', args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  return withVault(io, ({ vault }) => {
    const { token, audit } = vault.show(positionals[0]!)
    if (values.json) printJson(io, { token, audit })
    else out(io, tokenDetail(token, audit))
    return 0
  })
}
