import { TokenDeskError } from '../core/errors'
import { pingSecretService } from '../core/secrets/dbus-ping'
import { keychainTimeoutMs } from './keychain-timeout'

/**
 * A read-only twin of core's KeyringSecretStore.get for `tokendesk get`. The core store imports
 * the zod model (through secret-store.ts), which costs more than all of node's own start-up, and
 * loads the addon with import(), which starts the ESM loader. Same service, same Linux pinning to
 * Secret Service, same D-Bus ping, same deadline and the same user-facing message; test/cli checks both paths.
 */
export interface LeanSecretReader {
  readonly description: string
  get(ref: string): Promise<string | null>
}

type Keyring = typeof import('@napi-rs/keyring')

// Copies of core's defaults (importing them would load the zod model); test/cli/lean-get.test.ts keeps them equal.
export const DEFAULT_KEYCHAIN_SERVICE = 'TokenDesk'
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 4000

export function leanSecretStore(env: NodeJS.ProcessEnv): LeanSecretReader {
  const service = env.TOKENDESK_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE
  const timeoutMs = keychainTimeoutMs(env) ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
  const description =
    process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service'
  const unavailable = (why: string) =>
    new TokenDeskError(
      'keychain_unavailable',
      `the OS keychain (${description}) is not available: ${why}. Nothing was changed; unlock or start it and try again`,
    )
  // Started at once, so the D-Bus handshake overlaps the database lookup.
  const pinged = process.platform === 'linux' ? pingSecretService(env.DBUS_SESSION_BUS_ADDRESS, timeoutMs) : Promise.resolve()
  pinged.catch(() => undefined) // observed in get(); a lookup that fails first must not leave it unhandled
  return {
    description,
    async get(ref) {
      const controller = new AbortController()
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          controller.abort()
          reject(unavailable(`it did not answer within ${timeoutMs / 1000} s when asked to read the secret`))
        }, timeoutMs)
      })
      try {
        const read = (async () => {
          // As in core: the addon connects to D-Bus synchronously, freezing the event loop (and
          // our deadline) on a bus that never answers, so the Secret Service must have answered first.
          await pinged
          // require, not import(): the addon is CommonJS and import() would start the ESM loader.
          const keyring = require('@napi-rs/keyring') as Keyring
          const opts = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
          return new keyring.AsyncEntry(service, ref, opts).getPassword(controller.signal)
        })()
        return (await Promise.race([read, timeout])) ?? null
      } catch (e) {
        if (e instanceof TokenDeskError) throw e
        throw unavailable(describeKeychainFailure(e))
      } finally {
        clearTimeout(timer)
      }
    },
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
