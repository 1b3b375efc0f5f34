import { invalid } from '../errors'
import type { Token } from '../model'

/**
 * Environment variables each SDK reads, so `tokendesk env` / "copy as export" hands a secret to a
 * shell without a config file. Sources: PlanQK SDK (`PLANQK_PERSONAL_ACCESS_TOKEN`), Qualytics CLI
 * (`QUALYTICS_URL`, `QUALYTICS_TOKEN`), qiskit-ibm-runtime (`QISKIT_IBM_TOKEN`, `QISKIT_IBM_CHANNEL`,
 * `QISKIT_IBM_INSTANCE`), IonQ API and qiskit-ionq (`IONQ_API_KEY`, `QISKIT_IONQ_API_TOKEN`),
 * AWS SDKs / Braket (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), and
 * azure-quantum (`AZURE_QUANTUM_CONNECTION_STRING`), huggingface_hub (`HF_TOKEN`).
 */

export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

export function sdkEnv(token: Pick<Token, 'platform' | 'name' | 'fields'>, secret: string): Record<string, string> {
  const f = token.fields
  const withFields = (base: Record<string, string>, extra: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') base[k] = v
    return base
  }
  switch (token.platform) {
    case 'planqk':
      return withFields({ PLANQK_PERSONAL_ACCESS_TOKEN: secret }, { PLANQK_ORGANIZATION_ID: f.organization_id })
    case 'kipu-hub':
      // The Kipu Quantum Hub SDK reads KQH_*; older PlanQK tools the PLANQK_* names (shared/platform-apis.md).
      return withFields(
        { KQH_PERSONAL_ACCESS_TOKEN: secret, PLANQK_PERSONAL_ACCESS_TOKEN: secret },
        { KQH_ORGANIZATION_ID: f.organization_id, PLANQK_ORGANIZATION_ID: f.organization_id },
      )
    case 'qualytics':
      return withFields({}, { QUALYTICS_URL: f.url, QUALYTICS_TOKEN: secret })
    case 'ibm-quantum':
      return withFields({ QISKIT_IBM_TOKEN: secret }, { QISKIT_IBM_CHANNEL: f.channel, QISKIT_IBM_INSTANCE: f.instance })
    case 'ionq':
      return { IONQ_API_KEY: secret, QISKIT_IONQ_API_TOKEN: secret }
    case 'aws-braket': {
      if (!f.aws_access_key_id) throw invalid(`token ${token.name} needs the field aws_access_key_id to be used with AWS`)
      return withFields({ AWS_ACCESS_KEY_ID: f.aws_access_key_id, AWS_SECRET_ACCESS_KEY: secret }, { AWS_SESSION_TOKEN: f.aws_session_token })
    }
    case 'azure-quantum':
      return { AZURE_QUANTUM_CONNECTION_STRING: secret }
    case 'huggingface':
      // huggingface_hub reads HF_TOKEN first (HUGGING_FACE_HUB_TOKEN is its older name).
      return { HF_TOKEN: secret }
    default:
      return { [`TOKENDESK_${token.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`]: secret }
  }
}

/**
 * POSIX single-quoting: everything between single quotes is literal, and a single quote is written
 * as '\'' (close, escaped quote, reopen). Safe for bash, zsh, dash and ksh, newlines included.
 */
export function shellQuote(value: string): string {
  if (value.includes('\u0000')) throw invalid('a shell value cannot contain NUL characters')
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** `export NAME='value'` lines, one per variable, in the given order. */
export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([name, value]) => {
      if (!ENV_NAME.test(name)) throw invalid(`"${name}" is not a valid environment variable name`)
      return `export ${name}=${shellQuote(value)}\n`
    })
    .join('')
}

/** The `export` "format": a snippet to paste into a shell, never written to a file. */
export function renderExport(_existing: null, entry: { env: Record<string, string> }): { text: string } {
  return { text: exportLines(entry.env) }
}
