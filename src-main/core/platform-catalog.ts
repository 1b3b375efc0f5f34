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

export interface CatalogEntry {
  slug: string
  kind: 'personal' | 'provider'
  /** The product's own name, as its site writes it. */
  name: string
  /** What the platform calls the secret. */
  secretLabel: string
  fields: readonly CatalogField[]
  help: string
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
  personal('kipu-hub', 'Kipu Quantum Hub', 'the quantum platform formerly called PLANQK (KQH_* variables)', [ORGANIZATION_ID]),
  personal('planqk', 'PLANQK', 'the PLANQK platform and its SDK (PLANQK_* variables)', [ORGANIZATION_ID]),
  personal('qualytics', 'Qualytics', 'data quality platform; the CLI needs your deployment URL', [
    { key: 'url', label: 'Deployment URL', required: true, help: 'your Qualytics API, e.g. https://acme.qualytics.io/api' },
  ]),
  personal('acecloud', 'AceCloud AI Hub', 'AceCloud’s AI Hub API'),
  personal('huggingface', 'Hugging Face', 'Hugging Face Hub access token (HF_TOKEN)'),
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

/** The name people know ("IBM Quantum"), or the slug itself for a custom platform. */
export function platformName(slug: string): string {
  return BY_SLUG.get(slug)?.name ?? slug
}
