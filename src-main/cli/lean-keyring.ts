import { TokenDeskError } from '../core/errors'
import { keychainTimeoutMs } from './keychain-timeout'
import { readSecretServiceItem } from '../core/secrets/secret-service-read'
import { sessionBusAddress } from '../core/secrets/session-bus'
import { DEFAULT_KEYCHAIN_SERVICE, keychainServiceFor, type VaultIdentity } from '../core/secrets/namespace'

/**
 * A read-only twin of core's KeyringSecretStore.get for `tokendesk get`. The core store imports
 * the zod model (through secret-store.ts) and the native addon, which together cost more than
 * node's own start-up. Same service and account names, Secret Service only on Linux (never the
 * kernel keyring), same deadline and the same user-facing messages; test/cli checks both paths.
 */
export interface LeanSecretReader {
  readonly description: string
  get(ref: string): Promise<string | null>
}

type Keyring = typeof import('@napi-rs/keyring')

export { DEFAULT_KEYCHAIN_SERVICE }
// A copy of core's default (importing keyring-store would load the zod model); test/cli/cli.test.ts keeps them equal.
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 4000

/** The reader of one data folder's entries: `identity` (the vault's, read from its database) names its service. */
export function leanSecretStore(env: NodeJS.ProcessEnv, identity: VaultIdentity | null): LeanSecretReader {
  const service = keychainServiceFor(identity, env)
  const timeoutMs = keychainTimeoutMs(env) ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
  const description =
    process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service'
  const unavailable = (why: string) =>
    new TokenDeskError(
      'keychain_unavailable',
      `the OS keychain (${description}) is not available: ${why}. Nothing was changed; unlock or start it and try again`,
    )
  return {
    description,
    async get(ref) {
      try {
        // Linux: one plain-JS D-Bus conversation, which has its own deadline (see core/secrets/secret-service-read.ts).
        if (process.platform === 'linux') return await readSecretServiceItem(sessionBusAddress(env), { service, username: ref }, timeoutMs)
        return await viaAddon(service, ref, timeoutMs, () => unavailable(`it did not answer within ${timeoutMs / 1000} s when asked to read the secret`))
      } catch (e) {
        if (e instanceof TokenDeskError) throw e
        throw unavailable(describeKeychainFailure(e))
      }
    },
  }
}

/** macOS and Windows: the addon, as core uses it, raced against the deadline. */
async function viaAddon(service: string, ref: string, timeoutMs: number, timedOut: () => Error): Promise<string | null> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort()
      reject(timedOut())
    }, timeoutMs)
  })
  try {
    // require, not import(): the addon is CommonJS and import() would start the ESM loader.
    const keyring = require('@napi-rs/keyring') as Keyring
    return (await Promise.race([new keyring.AsyncEntry(service, ref).getPassword(controller.signal), timeout])) ?? null
  } finally {
    clearTimeout(timer)
  }
}

/** As core's describeKeyringError: first line only, bounded; the library never includes the password. */
export function describeKeychainFailure(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  const first = (msg.split('\n')[0] ?? '').slice(0, 160)
  if (/locked/i.test(msg)) return 'it is locked'
  if (/dbus|d-bus|session bus|org\.freedesktop|no such|not provided|connection/i.test(msg)) {
    return `no Secret Service answered on the session bus (${first})`
  }
  return first || 'unknown error'
}
