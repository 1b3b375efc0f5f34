import { CATALOG, catalogEntry, lifecycleOf, type CatalogEntry } from '../../core/platform-catalog'
import { UsageError } from '../exit'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../core/token-kinds'
import { parse } from '../args'
import { type Io, out, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('platforms', args, { json: { type: 'boolean' } }, { min: 0, max: 1, names: 'PLATFORM' })
  if (positionals[0] !== undefined) return one(io, positionals[0], values.json === true)
  if (values.json) {
    printJson(io, CATALOG.map((e) => ({ ...e, defaultExpiry: KIND_RULES[e.kind].defaultExpiry })))
    return 0
  }
  const width = Math.max(...CATALOG.map((e) => e.slug.length)) + 2
  const section = (kind: CatalogEntry['kind'], title: string) => {
    out(io, title)
    for (const e of CATALOG.filter((x) => x.kind === kind)) {
      out(io, `  ${e.slug.padEnd(width)}${e.name} — ${e.help}; secret: ${e.secretLabel}; default expiry ${KIND_RULES[e.kind].defaultExpiry}${lifecycleOf(e.slug) === 'delete-only' ? '; delete only (no revoke)' : ''}`)
      if (e.createAt) out(io, `  ${''.padEnd(width)}make one at ${e.createAt.url}`)
      for (const f of e.fields) {
        const options = f.options ? `; one of ${f.options.join(', ')}` : ''
        out(io, `  ${''.padEnd(width)}--field ${f.key}=…  ${f.required ? 'required' : 'optional'}: ${f.help}${options}`)
      }
    }
  }
  section('personal', 'Personal access tokens (tokendesk add --platform SLUG):')
  section('provider', 'Provider access tokens (tokendesk add --provider SLUG):')
  const service = KIND_RULES.service
  out(io, `Service tokens (tokendesk add --platform SLUG --org ORG --service-account NAME): an organization's token for a service account, for any platform above;`)
  out(io, `  only its owners and maintainers add, revoke, restore or delete it; default expiry ${service.defaultExpiry}; field ${SERVICE_ACCOUNT_FIELD} required.`)
  out(io, '  A Qualytics connection generates them: tokendesk generate --connection C --org ORG --service-account NAME --field service_user_id=ID.')
  out(io, 'Any other slug or field: add --custom.')
  return 0
}

/** `tokendesk platforms SLUG`: one platform, with where to make its tokens and its lifecycle. */
function one(io: Io, slug: string, json: boolean): number {
  const e = catalogEntry(slug)
  if (!e) throw new UsageError(`no platform "${slug.slice(0, 40)}" in the catalog; \`tokendesk platforms\` lists them`, 'platforms')
  const lifecycle = lifecycleOf(e.slug)
  if (json) {
    printJson(io, { ...e, defaultExpiry: KIND_RULES[e.kind].defaultExpiry, lifecycle })
    return 0
  }
  out(io, `${e.name} (${e.slug}, ${e.kind === 'personal' ? '--platform' : '--provider'}): ${e.help}`)
  out(io, `  secret: ${e.secretLabel}; default expiry ${KIND_RULES[e.kind].defaultExpiry}`)
  out(io, `  lifecycle: ${lifecycle === 'delete-only' ? 'delete only — no revoke or restore; delete is permanent (tokendesk delete NAME --yes)' : 'revoke, restore, delete a revoked token'}`)
  for (const f of e.fields) out(io, `  --field ${f.key}=…  ${f.required ? 'required' : 'optional'}: ${f.help}`)
  if (e.createAt) out(io, `  make one at ${e.createAt.url} (source: ${e.createAt.source}), then: tokendesk add ${e.kind === 'personal' ? '--platform' : '--provider'} ${e.slug} --name NAME`)
  return 0
}
