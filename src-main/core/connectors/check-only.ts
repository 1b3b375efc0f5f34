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
 *   Kipu Quantum Hub  GET https://api.hub.kipu-quantum.com/user-service/me, `X-Auth-Token: <PAT>`
 *                 (the Hub User API, api.hub.kipu-quantum.com/user-service/docs) → 200 UserDto
 *                 (email, names…); 401 "The request is not authenticated." Its token-management
 *                 paths are not in public material, so TokenDesk does not call them
 * The base can be replaced (tests, mirrors) through the named environment variable, read from the
 * environment the core was opened with; plain http only to this machine, as for connections.
 */
export interface StandaloneCheck {
  label: string
  kind: 'personal' | 'provider'
  platform: string
  base: string
  path: string
  /** The headers that carry the token (never anything else of the user's). */
  headers: (secret: string) => Record<string, string>
  /** The environment variable that replaces `base`. */
  env: string
  /** A variable the platform's own SDK reads for the same base, used when `env` is not set. */
  sdkEnv?: string
  /** Who the token belongs to, from the answer's body (shown as "as …"), where the platform says. */
  identity?: (body: unknown) => string | undefined
}

const field = (key: string) => (body: unknown) => {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined
  return typeof v === 'string' && v.length > 0 ? v.slice(0, 200) : undefined
}

export const STANDALONE_CHECKS: readonly StandaloneCheck[] = [
  { label: 'IonQ', kind: 'provider', platform: 'ionq', base: 'https://api.ionq.co', path: '/v0.4/whoami', headers: (s) => ({ authorization: `apiKey ${s}` }), env: 'TOKENDESK_IONQ_URL', identity: field('key_name') },
  { label: 'Hugging Face', kind: 'personal', platform: 'huggingface', base: 'https://huggingface.co', path: '/api/whoami-v2', headers: (s) => ({ authorization: `Bearer ${s}` }), env: 'HF_ENDPOINT', identity: field('name') },
  { label: 'Kipu Quantum Hub', kind: 'personal', platform: 'kipu-hub', base: 'https://api.hub.kipu-quantum.com', path: '/user-service/me', headers: (s) => ({ 'x-auth-token': s }), env: 'TOKENDESK_KIPU_URL', sdkEnv: 'KQH_BASE_URL', identity: field('email') },
]

export const standaloneCheckFor = (token: { kind: string; platform: string }): StandaloneCheck | null =>
  STANDALONE_CHECKS.find((c) => c.kind === token.kind && c.platform === token.platform) ?? null

