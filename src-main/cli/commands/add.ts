import { TOKEN_KINDS, type TokenKind } from '../../core/model'
import { checkFieldNames, checkPlatform, missingRequired } from '../../core/rules/catalog-check'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../core/token-kinds'
import { oneOf, parse } from '../args'
import { UsageError } from '../exit'
import { type Io, out, printJson, readSecret } from '../io'
import { withVault } from '../open'

/** The options that describe a new token: `add`, and `doctor adopt` which makes one of a stranded secret. */
export const NEW_TOKEN_OPTIONS = {
  kind: { type: 'string' },
  platform: { type: 'string' },
  provider: { type: 'string' },
  name: { type: 'string' },
  expires: { type: 'string' },
  org: { type: 'string' },
  field: { type: 'string', multiple: true },
  'service-account': { type: 'string' },
  custom: { type: 'boolean' },
  json: { type: 'boolean' },
} as const

type NewTokenValues = {
  kind?: string
  platform?: string
  provider?: string
  name?: string
  expires?: string
  org?: string
  field?: string[]
  'service-account'?: string
  custom?: boolean
}

/** The new token's identity from those options, with the usage errors of `command`. */
export function newTokenInput(values: NewTokenValues, command: string) {
  const account = values['service-account']
  const kind = resolveKind(values.kind, values.platform, values.provider, account, command)
  const platform = values.platform ?? values.provider
  if (platform === undefined) throw new UsageError(kind === 'provider' ? 'missing --provider' : 'missing --platform', command)
  if (values.name === undefined) throw new UsageError('missing --name', command)
  const fields = parseFields(values.field ?? [], command)
  if (account !== undefined) {
    if (Object.hasOwn(fields, SERVICE_ACCOUNT_FIELD)) throw new UsageError(`give the service account once: --service-account or --field ${SERVICE_ACCOUNT_FIELD}=…`, command)
    fields[SERVICE_ACCOUNT_FIELD] = account
  }
  if (kind === 'service' && values.org === undefined) throw new UsageError('a service token belongs to an organization: add --org ORG', command)
  if (kind === 'service' && !fields[SERVICE_ACCOUNT_FIELD]) throw new UsageError('a service token names its service account: add --service-account NAME', command)
  // A typo in a slug or field name would file the token where no filter, reminder or export finds it.
  checkPlatform(kind, platform, values.custom === true)
  checkFieldNames(kind, platform, Object.keys(fields), values.custom === true)
  return { kind, platform, name: values.name, org: values.org, expires: values.expires, fields }
}

/** A note (not a refusal) for the required fields a new token lacks: SDK exports need them, and `edit` adds them later. */
export function noteMissingFields(io: Io, t: { name: string; kind: TokenKind; platform: string; fields: Record<string, string> }): void {
  const { name } = t
  for (const f of missingRequired(t.kind, t.platform, t.fields)) {
    io.stderr.write(`tokendesk: note: ${name} has no field ${f.key} (${f.help}); SDK configs need it: tokendesk edit ${name} --field ${f.key}=…\n`)
  }
}

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse(
    'add',
    args,
    { ...NEW_TOKEN_OPTIONS, scope: { type: 'string', multiple: true }, note: { type: 'string' } },
    { min: 0, max: 0, names: '' },
  )
  const input = newTokenInput(values, 'add')
  // Validate everything we can before asking for the secret, so a typo does not cost a paste.
  const secret = await readSecret(io, `Secret for ${input.name}: `)
  return withVault(io, async ({ vault }) => {
    const t = await vault.add({ ...input, scopes: values.scope ?? [], note: values.note }, secret)
    noteMissingFields(io, t)
    if (values.json) printJson(io, t)
    else out(io, `added ${t.name} (${t.id}), expires ${t.expiresAt === null ? 'never' : new Date(t.expiresAt).toISOString().slice(0, 10)}`)
    return 0
  })
}

function resolveKind(kind: string | undefined, platform: string | undefined, provider: string | undefined, account: string | undefined, command: string): TokenKind {
  if (platform !== undefined && provider !== undefined) throw new UsageError('give either --platform or --provider, not both', command)
  const k = oneOf(command, 'kind', kind, TOKEN_KINDS)
  if (k !== undefined && k !== 'service' && account !== undefined) throw new UsageError(`--service-account is for service tokens; a ${KIND_RULES[k].noun} has none`, command)
  // A service token is for a platform (Qualytics), like a personal one (token-kinds.ts).
  if (k !== undefined && KIND_RULES[k].target === 'platform' && provider !== undefined) throw new UsageError(`a ${KIND_RULES[k].noun} takes --platform, not --provider`, command)
  if (k === 'provider' && platform !== undefined) throw new UsageError('a provider token takes --provider, not --platform', command)
  if (k) return k
  if (account !== undefined) {
    if (provider !== undefined) throw new UsageError('a service token takes --platform, not --provider', command)
    return 'service'
  }
  if (provider !== undefined) return 'provider'
  if (platform !== undefined) return 'personal'
  throw new UsageError(`missing --kind ${TOKEN_KINDS.join('|')}`, command)
}

/** `--field key=value`: non-secret values an SDK needs (the vault validates names and sizes). */
export function parseFields(items: string[], command: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const item of items) {
    const eq = item.indexOf('=')
    if (eq <= 0) throw new UsageError('--field takes key=value', command)
    const key = item.slice(0, eq)
    if (Object.hasOwn(fields, key)) throw new UsageError(`--field ${key.slice(0, 40)} is given twice`, command)
    fields[key] = item.slice(eq + 1)
  }
  return fields
}
