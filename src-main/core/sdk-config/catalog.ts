import { z } from 'zod'

/**
 * What each file format is and which tokens it fits, with no renderer code: the bridge contract
 * imports this (it ends up in the preload and renderer bundles), formats.ts re-exports the names.
 */

export const FILE_FORMATS = ['planqk-json', 'qualytics-yaml', 'qiskit-ibm-json', 'aws-credentials-ini', 'aws-credential-process', 'hf-stored-tokens', 'hf-token-file', 'dotenv'] as const
export const FileFormatSchema = z.enum(FILE_FORMATS, { error: `format must be one of ${FILE_FORMATS.join(', ')}` })
export type FileFormat = z.infer<typeof FileFormatSchema>

export type FormatOption = 'profile' | 'envKey'

export interface FormatInfo {
  format: FileFormat
  description: string
  /** Where it is written when no path is given ("~/..."), or null when a path is required. */
  defaultPath: string | null
  /** The option the format takes besides the path, if any. */
  options: FormatOption[]
  /** Token platforms it fits; empty means every platform. */
  platforms: string[]
}

export const FORMAT_INFO: readonly FormatInfo[] = [
  { format: 'planqk-json', description: 'PlanQK SDK/CLI config', defaultPath: '~/.config/planqk/config.json', options: [], platforms: ['planqk', 'kipu-hub'] },
  { format: 'qualytics-yaml', description: 'Qualytics CLI config', defaultPath: '~/.qualytics/config.yaml', options: [], platforms: ['qualytics'] },
  { format: 'qiskit-ibm-json', description: 'qiskit-ibm-runtime saved account', defaultPath: '~/.qiskit/qiskit-ibm.json', options: ['profile'], platforms: ['ibm-quantum'] },
  { format: 'aws-credentials-ini', description: 'AWS shared credentials (Amazon Braket)', defaultPath: '~/.aws/credentials', options: ['profile'], platforms: ['aws-braket'] },
  { format: 'aws-credential-process', description: 'AWS config profile that runs tokendesk credential-process (no key on disk)', defaultPath: '~/.aws/config', options: ['profile'], platforms: ['aws-braket'] },
  { format: 'hf-stored-tokens', description: 'Hugging Face stored tokens (hf auth login)', defaultPath: '~/.cache/huggingface/stored_tokens', options: ['profile'], platforms: ['huggingface'] },
  { format: 'hf-token-file', description: 'Hugging Face active token', defaultPath: '~/.cache/huggingface/token', options: [], platforms: ['huggingface'] },
  { format: 'dotenv', description: 'a project .env file', defaultPath: null, options: ['envKey'], platforms: [] },
]

/** Formats whose entry names the token instead of holding its secret (a reference placement). */
export const REFERENCE_FORMATS: readonly FileFormat[] = ['aws-credential-process']

/** The formats a token of `platform` can be written to, most specific first. */
export function formatsForPlatform(platform: string): FileFormat[] {
  return FORMAT_INFO.filter((f) => f.platforms.length === 0 || f.platforms.includes(platform))
    .sort((a, b) => b.platforms.length - a.platforms.length)
    .map((f) => f.format)
}

/** One request shape for preview and write, from the bridge or the CLI. */
export const ConfigTargetSchema = z
  .object({
    id: z.string().min(1).max(200),
    format: FileFormatSchema,
    path: z.string().min(1).max(4096).optional(),
    profile: z.string().min(1).max(64).optional(),
    envKey: z.string().min(1).max(128).optional(),
    /** Overwrite an entry that holds a credential TokenDesk did not write there for this token. */
    replace: z.boolean().optional(),
    /** dotenv: write a reference (tokendesk://NAME, for `tokendesk run`) instead of the secret. */
    reference: z.boolean().optional(),
  })
  .strict()
export type ConfigTarget = z.infer<typeof ConfigTargetSchema>
