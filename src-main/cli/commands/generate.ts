import { parse } from '../args'
import { parseFields } from './add'
import { withCore } from '../core-open'
import { UsageError } from '../exit'
import { day } from '../format'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../core/token-kinds'
import { type Io, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    'generate',
    args,
    {
      connection: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
      scope: { type: 'string', multiple: true },
      field: { type: 'string', multiple: true },
      org: { type: 'string' },
      'service-account': { type: 'string' },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  )
  if (values.connection === undefined) throw new UsageError('missing --connection', 'generate')
  if (values.name === undefined) throw new UsageError('missing --name', 'generate')
  return withCore(io, async ({ connections }) => {
    const fields = parseFields(values.field ?? [], 'generate')
    const account = values['service-account']
    if (account !== undefined) fields[SERVICE_ACCOUNT_FIELD] = account
    const { token, secret } = await connections.generate(values.connection!, {
      name: values.name!,
      expires: values.expires,
      scopes: values.scope ?? [],
      ...(Object.keys(fields).length > 0 ? { fields } : {}),
      ...(values.org !== undefined ? { org: values.org } : {}),
    })
    if (values.json) printJson(io, { token, secret })
    else {
      // The secret alone on stdout (for `$(...)`), the description on stderr.
      io.stderr.write(`generated ${token.name} (${token.id}, ${KIND_RULES[token.kind].noun} for ${token.platform}${token.org ? ` of ${token.org}` : ''}) on "${values.connection}", expires ${day(token.expiresAt, 'never')}; stored in the OS keychain. The secret is shown this once:\n`)
      io.stdout.write(`${secret}\n`)
    }
    return 0
  })
}
