import type { Orphan } from '../../core/doctor'
import { parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out, printJson } from '../io'
import { withCore } from '../core-open'
import { NEW_TOKEN_OPTIONS, newTokenInput } from './add'

const when = (at: number | null) => (at === null ? '' : `, deleted ${new Date(at).toISOString().slice(0, 10)}`)
const describe = (o: Orphan) => `${o.ref}  (${o.lastName ? `last known as "${o.lastName}"${when(o.deletedAt)}` : 'no token known by that id'})`

export async function run(args: string[], io: Io): Promise<number> {
  const sub = args[0] === 'adopt' || args[0] === 'purge' ? args[0] : null
  if (sub === 'purge') return purge(args.slice(1), io)
  if (sub === 'adopt') return adopt(args.slice(1), io)
  const { values } = parse('doctor', args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  return withCore(io, async ({ doctor }) => {
    const { reclaimed, unknown } = await doctor.reclaim()
    if (values.json) {
      printJson(io, { reclaimed, orphans: unknown })
      return 0
    }
    if (reclaimed.length > 0) out(io, `removed ${reclaimed.length} keychain ${reclaimed.length === 1 ? 'entry' : 'entries'} of deleted tokens (the audit log shows them deleted)`)
    if (unknown.length === 0) {
      out(io, 'every keychain entry belongs to a token or connection')
      return 0
    }
    out(io, `${unknown.length} keychain ${unknown.length === 1 ? 'entry belongs' : 'entries belong'} to no token (a deleted or new database, or an old crash):`)
    for (const o of unknown) out(io, `  ${describe(o)}`)
    out(io, 'Each may be the only copy of a secret. Keep it as a token:  tokendesk doctor adopt REF --platform P --name N')
    out(io, '                                     or remove it for good:  tokendesk doctor purge REF --yes')
    return 0
  })
}

async function adopt(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('doctor', args, NEW_TOKEN_OPTIONS, { min: 1, max: 1, names: 'REF (a keychain entry `tokendesk doctor` listed)' })
  const input = newTokenInput(values, 'doctor')
  return withCore(io, async ({ doctor }) => {
    const t = await doctor.adopt(positionals[0]!, input)
    if (values.json) printJson(io, t)
    else out(io, `adopted ${positionals[0]} as ${t.name} (${t.id}); the secret was kept`)
    return 0
  })
}

async function purge(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('doctor', args, { yes: { type: 'boolean' } }, { min: 1, max: 1, names: 'REF (a keychain entry `tokendesk doctor` listed)' })
  if (!values.yes) throw new UsageError('purging removes the secret for good; pass --yes', 'doctor')
  return withCore(io, async ({ doctor }) => {
    const o = await doctor.purge(positionals[0]!)
    out(io, `removed the keychain entry ${o.ref}`)
    return 0
  })
}
