import { TokenDeskError } from '../core/errors'
import { keychainTimeoutMs } from './keychain-timeout'
import { SecretServiceReader } from '../core/secrets/secret-service-reader'
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
/**
 * On Linux, the Secret Service connection started now, so its handshake runs while the command
 * opens its database; undefined elsewhere. The same reader as the core's (one D-Bus client, not
 * two); the overlap itself measured within noise (80 interleaved `get`s: 45.5 against 46.7 ms).
 */
export function warmSecretService(env: NodeJS.ProcessEnv): SecretServiceReader | undefined {
  if (process.platform !== 'linux') return undefined
  const bus = new SecretServiceReader(() => sessionBusAddress(env))
  bus.warm()
  return bus
}

export function leanSecretStore(env: NodeJS.ProcessEnv, identity: VaultIdentity | null, bus?: SecretServiceReader): LeanSecretReader {
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
        // Linux: plain-JS D-Bus with its own deadline (core/secrets/secret-service-reader.ts), on the
        // connection the command started at once (warmSecretService).
        if (process.platform === 'linux') {
          const found = await (bus ?? new SecretServiceReader(() => sessionBusAddress(env))).read({ service, username: ref }, timeoutMs)
          if ('locked' in found) throw unavailable('it is locked')
          return 'value' in found ? found.value : null
        }
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
