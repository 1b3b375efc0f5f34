import { CATALOG, type CatalogEntry } from '../../core/platform-catalog'
import { parse } from '../args'
import { type Io, out, printJson } from '../io'

export async function run(args: string[], io: Io): Promise<number> {
  const { values } = parse('platforms', args, { json: { type: 'boolean' } }, { min: 0, max: 0, names: '' })
  if (values.json) {
    printJson(io, CATALOG)
    return 0
  }
  const width = Math.max(...CATALOG.map((e) => e.slug.length)) + 2
  const section = (kind: CatalogEntry['kind'], title: string) => {
    out(io, title)
    for (const e of CATALOG.filter((x) => x.kind === kind)) {
      out(io, `  ${e.slug.padEnd(width)}${e.name} — ${e.help}; secret: ${e.secretLabel}; default expiry ${e.defaultExpiry}`)
      for (const f of e.fields) {
        const options = f.options ? `; one of ${f.options.join(', ')}` : ''
        out(io, `  ${''.padEnd(width)}--field ${f.key}=…  ${f.required ? 'required' : 'optional'}: ${f.help}${options}`)
      }
    }
  }
  section('personal', 'Personal access tokens (tokendesk add --platform SLUG):')
  section('provider', 'Provider access tokens (tokendesk add --provider SLUG):')
  out(io, 'Any other slug or field: add --custom.')
  return 0
}
