import { OWN_REMOTE_WORDS } from '../../core/connections/views'
import { parse } from '../args'
import { withCore } from '../core-open'
import { EXIT } from '../exit'
import { type Io, out, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse('sync', args, { connection: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  return withCore(io, async ({ connections }) => {
    const report = await connections.sync(values.connection)
    const failed = report.results.some((r) => !r.ok)
    if (values.json) printJson(io, report)
    else if (report.results.length === 0) out(io, 'No connections to sync. Add one with `tokendesk connect KIND --url URL`.')
    else
      for (const r of report.results) {
        if (!r.ok) {
          io.stderr.write(`tokendesk: ${r.connection}: sync failed: ${r.error}\n`)
          continue
        }
        if (r.skipped) {
          out(io, `${r.connection}: skipped (${r.skipped})`)
          continue
        }
        out(io, `${r.connection}: ${r.updated.length} updated, ${r.unknownOnPlatform.length} on the platform but not in TokenDesk`)
        for (const u of r.updated) out(io, `  ${u.name}: ${u.changes.join('; ')}`)
        for (const u of r.unknownOnPlatform) out(io, `  not in TokenDesk: ${u.name} (${u.remoteId}, ${u.active ? 'active' : 'inactive'}); revoke it on the platform if it is not yours`)
        for (const u of r.ownOnPlatform) out(io, `  TokenDesk's own: ${u.name} (${u.remoteId}, ${u.active ? 'active' : 'inactive'}) of ${u.tokenName}: ${OWN_REMOTE_WORDS[u.state]}`)
      }
    return failed ? EXIT.failure : EXIT.ok
  })
}
