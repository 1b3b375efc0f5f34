import type { TokenKind } from '../model'

/**
 * The environment variables each platform's SDKs read, in one table that `tokendesk env`/`exec`
 * (what they set), `import` (what it recognises in a .env) and the dotenv writer's default key
 * share. Pure. Sources: the PlanQK and Kipu Quantum Hub SDKs (PLANQK_*, KQH_*; shared/platform-apis.md),
 * the Qualytics CLI (QUALYTICS_URL, QUALYTICS_TOKEN), qiskit-ibm-runtime (QISKIT_IBM_TOKEN,
 * QISKIT_IBM_CHANNEL, QISKIT_IBM_INSTANCE; IBMQ_TOKEN from the retired qiskit-ibmq-provider,
 * IBM_QUANTUM_TOKEN and IBM_CLOUD_API_KEY as people name them in .env files), the IonQ API and
 * qiskit-ionq (IONQ_API_KEY, QISKIT_IONQ_API_TOKEN), the AWS SDKs (AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), azure-quantum (AZURE_QUANTUM_CONNECTION_STRING),
 * huggingface_hub (HF_TOKEN; HUGGING_FACE_HUB_TOKEN its older name).
 */
export interface PlatformEnv {
  kind: TokenKind
  /** The variables `env` sets to the secret; the first is the one a .env entry is written under. */
  secret: readonly string[]
  /** More names a .env may hold the secret under (import recognises them; env does not set them). */
  alsoRead?: readonly string[]
  /** Variables that carry a field beside the secret: variable → field key. */
  fields?: Readonly<Record<string, string>>
}

export const PLATFORM_ENV: Readonly<Record<string, PlatformEnv>> = {
  planqk: { kind: 'personal', secret: ['PLANQK_PERSONAL_ACCESS_TOKEN'], alsoRead: ['PLANQK_TOKEN'], fields: { PLANQK_ORGANIZATION_ID: 'organization_id' } },
  // Kipu Quantum Hub's SDK reads KQH_*; older PlanQK tools the PLANQK_* names, which env sets too.
  'kipu-hub': { kind: 'personal', secret: ['KQH_PERSONAL_ACCESS_TOKEN', 'PLANQK_PERSONAL_ACCESS_TOKEN'], fields: { KQH_ORGANIZATION_ID: 'organization_id', PLANQK_ORGANIZATION_ID: 'organization_id' } },
  qualytics: { kind: 'personal', secret: ['QUALYTICS_TOKEN'], fields: { QUALYTICS_URL: 'url' } },
  'ibm-quantum': {
    kind: 'provider',
    secret: ['QISKIT_IBM_TOKEN'],
    alsoRead: ['IBMQ_TOKEN', 'IBM_QUANTUM_TOKEN', 'IBM_CLOUD_API_KEY'],
    fields: { QISKIT_IBM_CHANNEL: 'channel', QISKIT_IBM_INSTANCE: 'instance' },
  },
  ionq: { kind: 'provider', secret: ['IONQ_API_KEY', 'QISKIT_IONQ_API_TOKEN'] },
  'aws-braket': { kind: 'provider', secret: ['AWS_SECRET_ACCESS_KEY'], fields: { AWS_ACCESS_KEY_ID: 'aws_access_key_id', AWS_SESSION_TOKEN: 'aws_session_token' } },
  'azure-quantum': { kind: 'provider', secret: ['AZURE_QUANTUM_CONNECTION_STRING'] },
  huggingface: { kind: 'personal', secret: ['HF_TOKEN'], alsoRead: ['HUGGING_FACE_HUB_TOKEN'] },
}

/**
 * Which platform a .env variable holding a secret belongs to. A name two platforms set (kipu-hub
 * also sets PLANQK_PERSONAL_ACCESS_TOKEN for older tools) belongs to the platform whose own first name it is.
 */
export function platformOfSecretVariable(name: string): { kind: TokenKind; platform: string } | null {
  for (const [platform, e] of Object.entries(PLATFORM_ENV)) if (e.secret[0] === name) return { kind: e.kind, platform }
  for (const [platform, e] of Object.entries(PLATFORM_ENV)) if (e.secret.includes(name) || e.alsoRead?.includes(name)) return { kind: e.kind, platform }
  return null
}
