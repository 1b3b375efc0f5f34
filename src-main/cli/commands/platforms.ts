import { CATALOG, type CatalogEntry } from '../../core/platform-catalog'
import { KIND_RULES, SERVICE_ACCOUNT_FIELD } from '../../core/token-kinds'
import { parse } from '../args'
import { type Io, out, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse('platforms', args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  if (values.json) {
    printJson(io, CATALOG.map((e) => ({ ...e, defaultExpiry: KIND_RULES[e.kind].defaultExpiry })))
    return 0
  }
  const width = Math.max(...CATALOG.map((e) => e.slug.length)) + 2
  const section = (kind: CatalogEntry['kind'], title: string) => {
    out(io, title)
    for (const e of CATALOG.filter((x) => x.kind === kind)) {
      out(io, `  ${e.slug.padEnd(width)}${e.name} — ${e.help}; secret: ${e.secretLabel}; default expiry ${KIND_RULES[e.kind].defaultExpiry}`)
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
