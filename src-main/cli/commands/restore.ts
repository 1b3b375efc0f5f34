import { parse } from '../args'
import { type Io, out, printJson } from '../io'
import { withCore } from '../core-open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('restore', args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  // Through the connections: a token generated on a platform is restored there first.
  return withCore(io, async ({ connections }) => {
    const t = await connections.restore(positionals[0]!)
    if (values.json) printJson(io, t)
    else out(io, `restored ${t.name} (${t.id})`)
    return 0
  })
}
