import { TOKEN_KINDS, type TokenKind } from '../../core/model'
import { oneOf, parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out, printJson, readSecret } from '../io'
import { withVault } from '../open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    'add',
    args,
    {
      kind: { type: 'string' },
      platform: { type: 'string' },
      provider: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
      scope: { type: 'string', multiple: true },
      org: { type: 'string' },
      note: { type: 'string' },
      field: { type: 'string', multiple: true },
      json: { type: 'boolean' },
    },
    { min: 0, max: 0, names: '' },
  )
  const kind = resolveKind(values.kind, values.platform, values.provider)
  const platform = values.platform ?? values.provider
  if (platform === undefined) throw new UsageError(kind === 'provider' ? 'missing --provider' : 'missing --platform', 'add')
  if (values.name === undefined) throw new UsageError('missing --name', 'add')
  const fields = parseFields(values.field ?? [])
  // Validate everything we can before asking for the secret, so a typo does not cost a paste.
  const secret = await readSecret(io, `Secret for ${values.name}: `)
  return withVault(io, async ({ vault }) => {
    const t = await vault.add(
      {
        kind,
        platform,
        name: values.name!,
        org: values.org,
        expires: values.expires,
        scopes: values.scope ?? [],
        fields,
        note: values.note,
      },
      secret,
    )
    if (values.json) printJson(io, t)
    else out(io, `added ${t.name} (${t.id}), expires ${t.expiresAt === null ? 'never' : new Date(t.expiresAt).toISOString().slice(0, 10)}`)
    return 0
  })
}

export function resolveKind(kind: string | undefined, platform: string | undefined, provider: string | undefined): TokenKind {
  if (platform !== undefined && provider !== undefined) throw new UsageError('give either --platform or --provider, not both', 'add')
  const k = oneOf('add', 'kind', kind, TOKEN_KINDS)
  if (k === 'personal' && provider !== undefined) throw new UsageError('a personal token takes --platform, not --provider', 'add')
  if (k === 'provider' && platform !== undefined) throw new UsageError('a provider token takes --provider, not --platform', 'add')
  if (k) return k
  if (provider !== undefined) return 'provider'
  if (platform !== undefined) return 'personal'
  throw new UsageError('missing --kind personal|provider', 'add')
}

/** `--field key=value`: non-secret values an SDK needs (the vault validates names and sizes). */
export function parseFields(items: string[]): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const item of items) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError('--field takes key=value', 'add')
    const key = item.slice(0, eq)
    if (Object.hasOwn(fields, key)) throw new UsageError(`--field ${key.slice(0, 40)} is given twice`, 'add')
    fields[key] = item.slice(eq + 1)
  }
  return fields
}
