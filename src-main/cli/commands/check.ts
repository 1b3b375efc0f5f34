import { parse } from '../args'
import { withCore } from '../core-open'
import { EXIT } from '../exit'
import { type Io, out, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('check', args, { json: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a token id or name)' })
  return withCore(io, async ({ connections }) => {
    const r = await connections.check(positionals[0]!)
    if (values.json) printJson(io, r)
    else out(io, `${r.status}: ${r.message}`)
    return r.ok ? EXIT.ok : EXIT.failure
  })
}
