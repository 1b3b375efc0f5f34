import { CONNECTOR_KINDS } from '../../core/connectors/types'
import { KINDS } from '../../core/connectors/kinds'
import { oneOf, parse } from '../args'
import { withCore } from '../core-open'
import { UsageError } from '../exit'
import { type Io, out, printJson, readSecret } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'connect',
    args,
    { url: { type: 'string' }, name: { type: 'string' }, 'key-id': { type: 'string' }, json: { type: 'boolean' } },
    { min: 1, max: 1, names: `KIND (${CONNECTOR_KINDS.join(', ')})` },
  )
  const kind = oneOf('connect', 'kind', positionals[0], CONNECTOR_KINDS)!
  const info = KINDS[kind]
  // A kind with a public API (IBM Cloud) has its URL; --url replaces it for every call.
  const baseUrl = values.url ?? info.defaultBaseUrl
  if (baseUrl === null) throw new UsageError('missing --url', 'connect')
  if (kind === 'aws-iam' && values['key-id'] === undefined) throw new UsageError('missing --key-id (the access key id, AKIA…; its secret access key is read from stdin)', 'connect')
  // Only kinds with a management API need a credential; it is read from stdin, never from argv.
  const token = info.managementCredential !== null ? await readSecret(io, `${info.managementCredential[0]!.toUpperCase()}${info.managementCredential.slice(1)} for ${kind}: `) : null
  return withCore(io, async ({ connections }) => {
    const c = await connections.connect({ kind, baseUrl, name: values.name, ...(values['key-id'] !== undefined ? { accessKeyId: values['key-id'] } : {}) }, token)
    if (values.json) printJson(io, c)
    else {
      const who = c.account ? ` as ${c.account}` : ''
      const orgs = c.importedOrgs.length ? `; organizations: ${c.importedOrgs.map((o) => `${o.name} (${o.role})`).join(', ')}` : ''
      out(io, `connected "${c.name}" (${c.kind} at ${c.baseUrl})${who}${orgs}`)
    }
    return 0
  })
}
