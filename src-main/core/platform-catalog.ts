import { KNOWN_PLATFORMS, KNOWN_PROVIDERS, QISKIT_CHANNELS } from './vocabulary'

/**
 * The platforms and providers TokenDesk knows, with the names people know them by, the
 * non-secret fields their SDKs read beside the secret (the expiry a new token gets is its kind's:
 * token-kinds.ts). Plain data
 * without zod, like vocabulary.ts: the renderer's first screen (the list, the filter) shows these
 * names. Field lists follow what the SDK-config writers and `tokendesk env` read (sdk-config/env.ts,
 * formats.ts), whose sources are cited there and in ../shared/platform-apis.md.
 * Any other slug is a custom platform: the CLI takes it with --custom.
 */

export interface CatalogField {
  key: string
  label: string
  /** Required: the SDK exports of this platform cannot be written without it. */
  required: boolean
  help: string
  /** The values an SDK accepts, when it accepts only a few. */
  options?: readonly string[]
}

/**
 * What a platform lets you do with a token, as its documentation says:
 *  - revoke: revoke (restore) and delete a revoked one — Qualytics, the TokenDesk hub, IBM Cloud
 *    API keys (lock/unlock), AWS access keys (Inactive/Active); Kipu Quantum Hub and PLANQK say
 *    only "create … and manage existing ones" (docs.hub.kipu-quantum.com/manage-access-tokens):
 *    nothing says it has no revoke, so TokenDesk keeps revoke-then-delete locally for them
 *  - delete-only: no revoke or restore; delete is permanent and immediate — AceCloud AI Hub
 *    ("Deleting a token is permanent. Any API requests using this token will immediately fail.",
 *    docs.acecloud.ai/knowledge-base/ai-hub/how-to-manage-access-tokens)
 */
export type Lifecycle = 'revoke' | 'delete-only'

export interface CatalogEntry {
  slug: string
  kind: 'personal' | 'provider'
  /** The product's own name, as its site writes it. */
  name: string
  /** What the platform calls the secret. */
  secretLabel: string
  fields: readonly CatalogField[]
  help: string
  /** 'revoke' unless the platform documents delete only. */
  lifecycle?: Lifecycle
  /**
   * Where a person makes a token of this platform by hand (the token page, or the page of its
   * documentation that says where it is), with its source: the Add dialog opens it and the CLI
   * prints it. Only https URLs of the platform's own sites.
   */
  createAt?: { url: string; source: string }
}

const ORGANIZATION_ID: CatalogField = {
  key: 'organization_id',
  label: 'Organization ID',
  required: false,
  help: 'act for this organization instead of your personal account',
}

const personal = (slug: (typeof KNOWN_PLATFORMS)[number], name: string, help: string, fields: CatalogField[] = []): CatalogEntry => ({
  slug,
  kind: 'personal',
  name,
  secretLabel: 'Personal access token',
  fields,
  help,
})

const provider = (slug: (typeof KNOWN_PROVIDERS)[number], name: string, secretLabel: string, help: string, fields: CatalogField[] = []): CatalogEntry => ({
  slug,
  kind: 'provider',
  name,
  secretLabel,
  fields,
  help,
})

export const CATALOG: readonly CatalogEntry[] = [
  {
    ...personal('kipu-hub', 'Kipu Quantum Hub', 'the quantum platform formerly called PLANQK (KQH_* variables); checked with its Hub User API', [ORGANIZATION_ID]),
    // The docs name the place (user menu → Settings → Personal Access Tokens), not a URL of the app.
    createAt: { url: 'https://docs.hub.kipu-quantum.com/manage-access-tokens', source: 'docs.hub.kipu-quantum.com/manage-access-tokens' },
  },
  {
    ...personal('planqk', 'PLANQK', 'the former name of Kipu Quantum Hub: the legacy platform and its SDK (PLANQK_* variables, POST {qc-catalog}/authorize)', [ORGANIZATION_ID]),
    createAt: { url: 'https://docs.planqk.de/manage-access-tokens.html', source: 'docs.planqk.de/manage-access-tokens.html' },
  },
  personal('qualytics', 'Qualytics', 'data quality platform; the CLI needs your deployment URL', [
    { key: 'url', label: 'Deployment URL', required: true, help: 'your Qualytics API, e.g. https://acme.qualytics.io/api' },
  ]),
  {
    ...personal('acecloud', 'AceCloud AI Hub', 'AceCloud’s AI Hub API; tokens are deleted, never revoked'),
    lifecycle: 'delete-only',
    // AI HUB → Access Tokens; no public API (../shared/platform-apis.md).
    createAt: { url: 'https://docs.acecloud.ai/knowledge-base/ai-hub/how-to-manage-access-tokens', source: 'docs.acecloud.ai/knowledge-base/ai-hub/how-to-manage-access-tokens' },
  },
  {
    ...personal('huggingface', 'Hugging Face', 'Hugging Face Hub access token (HF_TOKEN)'),
    createAt: { url: 'https://huggingface.co/settings/tokens', source: 'huggingface.co/docs/hub/security-tokens' },
  },
  personal('tokendesk-hub', 'TokenDesk reference hub', 'the reference hub that ships with TokenDesk (npm run hub)'),
  provider('ibm-quantum', 'IBM Quantum', 'API key', 'IBM Quantum Platform / IBM Cloud API key for qiskit-ibm-runtime', [
    { key: 'channel', label: 'Channel', required: false, help: 'how qiskit-ibm-runtime connects', options: QISKIT_CHANNELS },
    { key: 'instance', label: 'Instance', required: false, help: 'CRN or hub/group/project' },
  ]),
  provider('ionq', 'IonQ', 'API key', 'IonQ Quantum Cloud API key (IONQ_API_KEY)'),
  provider('aws-braket', 'AWS Braket', 'Secret access key', 'an AWS access key pair for Amazon Braket', [
    { key: 'aws_access_key_id', label: 'Access key ID', required: true, help: 'the key pair’s public half, e.g. AKIA…; not secret' },
  ]),
  provider('azure-quantum', 'Azure Quantum', 'Connection string', 'an Azure Quantum workspace connection string', [
    { key: 'resource_id', label: 'Resource ID', required: false, help: '/subscriptions/…/Microsoft.Quantum/Workspaces/…' },
  ]),
  provider('quantinuum', 'Quantinuum', 'API key', 'Quantinuum Nexus / H-Series credentials'),
  provider('rigetti', 'Rigetti', 'API key', 'Rigetti Quantum Cloud Services key'),
]

const BY_SLUG = new Map(CATALOG.map((e) => [e.slug, e]))

export function catalogEntry(slug: string): CatalogEntry | undefined {
  return BY_SLUG.get(slug)
}

/** What the platform lets you do with a token ('revoke' for one TokenDesk does not know). */
export function lifecycleOf(slug: string): Lifecycle {
  return BY_SLUG.get(slug)?.lifecycle ?? 'revoke'
}

/** The name people know ("IBM Quantum"), or the slug itself for a custom platform. */
export function platformName(slug: string): string {
  return BY_SLUG.get(slug)?.name ?? slug
}
