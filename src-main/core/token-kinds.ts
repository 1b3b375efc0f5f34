import type { CatalogField } from './platform-catalog'
import type { TOKEN_KINDS } from './vocabulary'

type TokenKind = (typeof TOKEN_KINDS)[number]

/**
 * What each token kind is, in one table the vault, the CLI and the app read (pure, like
 * vocabulary.ts): whom it belongs to, what it is for, and which expiry it takes.
 *  - personal: the user's own token for a platform's API (Kipu Quantum Hub, Qualytics, …)
 *  - provider: bring-your-own credentials for a quantum backend, the user's or an organization's
 *  - service: an organization's token for one of its service accounts (pipelines, CI), created and
 *    managed only by its admins — Qualytics' "service tokens" (user guide, docs/settings/service-token)
 */
export interface KindRule {
  /** What `platform` names: a platform the token calls, or a quantum backend (provider). */
  target: 'platform' | 'provider'
  /** Whether the token belongs to an organization: never, when the user says, or always. */
  org: 'none' | 'optional' | 'required'
  /** Whether it may be kept without an expiry. */
  allowNever: boolean
  /** The expiry a new one gets when none is chosen. */
  defaultExpiry: string
  /** Fields every token of the kind carries, on top of its platform's (platform-catalog.ts). */
  fields: readonly CatalogField[]
  /** "a service token": how messages name one. */
  noun: string
  /** The app's tab. */
  tab: string
}

export const SERVICE_ACCOUNT_FIELD = 'service_account'

export const KIND_RULES: Readonly<Record<TokenKind, KindRule>> = {
  // Personal tokens always expire: the platforms' own generate screens require an expiry.
  personal: { target: 'platform', org: 'none', allowNever: false, defaultExpiry: '30d', fields: [], noun: 'personal token', tab: 'Personal tokens' },
  // IBM Cloud API keys and AWS access keys do not expire by themselves: a made-up 30 days would
  // only bring false reminders.
  provider: { target: 'provider', org: 'optional', allowNever: true, defaultExpiry: 'never', fields: [], noun: 'provider token', tab: 'Provider tokens' },
  // Qualytics takes 1–365 days or none for a service token; a pipeline's token that lapses every
  // month breaks the pipeline, so the default is the longest preset short of a year.
  service: {
    target: 'platform',
    org: 'required',
    allowNever: true,
    defaultExpiry: '90d',
    fields: [{ key: SERVICE_ACCOUNT_FIELD, label: 'Service account', required: true, help: 'the service account the token acts as (e.g. etl-pipeline)' }],
    noun: 'service token',
    tab: 'Service tokens',
  },
}

/** Why this kind, organization and fields do not go together (null: they do). */
export function ownershipProblem(kind: TokenKind, org: string | null, fields: Readonly<Record<string, string>>): string | null {
  const rule = KIND_RULES[kind]
  if (rule.org === 'none' && org !== null) return `a ${rule.noun} is the user's own and cannot belong to an organization; add it as a provider or service token`
  if (rule.org === 'required' && org === null) return `a ${rule.noun} belongs to an organization: choose one (--org)`
  for (const f of rule.fields) {
    if (f.required && !fields[f.key]?.trim()) return `a ${rule.noun} names its ${f.label.toLowerCase()}: set the field ${f.key} (${f.help})`
  }
  return null
}
