/*
 * Pure (the renderer reads it too): which tokens can be checked without a connection. The runner
 * is standalone-checks.ts.
 */
/**
 * Platforms whose tokens can be checked with no connection: the token itself is the only
 * credential the documented who-am-I call needs, and no key-management API is public.
 * Sources (../shared/platform-apis.md):
 *   IonQ          GET https://api.ionq.co/v0.4/whoami, `Authorization: apiKey <key>` →
 *                 {key_id, key_name, project_id}; 401 for an unknown or revoked key
 *   Hugging Face  GET https://huggingface.co/api/whoami-v2, `Authorization: Bearer <token>`; 401
 *                 for an invalid token. `HF_ENDPOINT` replaces the host, as huggingface_hub reads it
 * The base can be replaced (tests, mirrors) through the named environment variable, read from the
 * environment the core was opened with; plain http only to this machine, as for connections.
 */
export interface StandaloneCheck {
  label: string
  kind: 'personal' | 'provider'
  platform: string
  base: string
  path: string
  authorization: (secret: string) => string
  /** The environment variable that replaces `base`. */
  env: string
}

export const STANDALONE_CHECKS: readonly StandaloneCheck[] = [
  { label: 'IonQ', kind: 'provider', platform: 'ionq', base: 'https://api.ionq.co', path: '/v0.4/whoami', authorization: (s) => `apiKey ${s}`, env: 'TOKENDESK_IONQ_URL' },
  { label: 'Hugging Face', kind: 'personal', platform: 'huggingface', base: 'https://huggingface.co', path: '/api/whoami-v2', authorization: (s) => `Bearer ${s}`, env: 'HF_ENDPOINT' },
]

export const standaloneCheckFor = (token: { kind: string; platform: string }): StandaloneCheck | null =>
  STANDALONE_CHECKS.find((c) => c.kind === token.kind && c.platform === token.platform) ?? null

