import { pingSecretService } from './dbus-ping'
import { KeychainUnavailableError, keychainUnavailable, type SecretStore } from './secret-store'

export const DEFAULT_KEYCHAIN_SERVICE = 'TokenDesk'
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 4000

export interface KeyringStoreOptions {
  /** Keychain service name; `TOKENDESK_KEYCHAIN_SERVICE` overrides it so tests never touch a user's entries. */
  service?: string
  /** A keychain that does not answer must not hang the app or the CLI. */
  timeoutMs?: number
}

type KeyringModule = typeof import('@napi-rs/keyring')

/** How long a successful Secret Service check is trusted before the next call checks again. */
const RECHECK_MS = 30_000
const FAILED_RECHECK_MS = 5_000

/**
 * The OS keychain through @napi-rs/keyring: Secret Service on Linux, Keychain on macOS,
 * Credential Manager on Windows. On Linux the store is pinned to Secret Service, because the
 * library's default silently falls back to the kernel keyring, which forgets secrets at logout.
 */
export class KeyringSecretStore implements SecretStore {
  readonly description: string
  readonly service: string
  private readonly timeoutMs: number
  private mod: KeyringModule | undefined
  private health: { at: number; error?: KeychainUnavailableError } | undefined

  constructor(opts: KeyringStoreOptions = {}) {
    this.service = opts.service ?? process.env.TOKENDESK_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
    this.description =
      process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service'
  }

  set(ref: string, secret: string): Promise<void> {
    return this.call('store the secret', (e, signal) => e.setPassword(secret, signal), ref)
      .then(() => undefined)
      .catch(this.rethrow(ref))
  }

  get(ref: string): Promise<string | null> {
    return this.call('read the secret', (e, signal) => e.getPassword(signal), ref).catch(this.rethrow(ref))
  }

  delete(ref: string): Promise<boolean> {
    return this.call('delete the secret', (e, signal) => e.deletePassword(signal), ref).catch(this.rethrow(ref))
  }

  /** The accounts under this service. The library returns passwords too; they are dropped at once. */
  refs(): Promise<string[]> {
    return this.call('list its entries', async (_e, signal) => {
      const found = await this.mod!.findCredentialsAsync(this.service, null, signal)
      return found.map((c) => c.account)
    }).catch(this.rethrow(''))
  }

  /**
   * On Linux, checks that the Secret Service answers before the native constructor (which blocks
   * the event loop on a hung bus) runs. A success is trusted for RECHECK_MS; a failure for
   * FAILED_RECHECK_MS, so the cleanup that follows a failed write fails at once instead of waiting
   * out a second deadline. Such errors are marked nothingSent: no request reached the keychain.
   */
  private async ensureReachable(): Promise<void> {
    if (process.platform !== 'linux') return
    const h = this.health
    const now = Date.now()
    if (h && now - h.at < (h.error ? FAILED_RECHECK_MS : RECHECK_MS)) {
      if (h.error) throw h.error
      return
    }
    try {
      await pingSecretService(process.env.DBUS_SESSION_BUS_ADDRESS, this.timeoutMs)
      this.health = { at: Date.now() }
    } catch (e) {
      const error = keychainUnavailable(this.description, describeKeyringError(e), true)
      this.health = { at: Date.now(), error }
      throw error
    }
  }

  private async entry(ref: string) {
    // Loaded on first use: the CLI's fast paths should not pay for it when they never need it.
    this.mod ??= await import('@napi-rs/keyring')
    const opts = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
    return new this.mod.AsyncEntry(this.service, ref, opts)
  }

  private async call<T>(
    what: string,
    fn: (e: InstanceType<KeyringModule['AsyncEntry']>, signal: AbortSignal) => Promise<T>,
    ref = '',
  ): Promise<T> {
    await this.ensureReachable()
    const controller = new AbortController()
    let timer: NodeJS.Timeout | undefined
    // The abort signal asks the native call to stop; the race guarantees we return even if it cannot.
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort()
        reject(keychainUnavailable(this.description, `it did not answer within ${this.timeoutMs / 1000} s when asked to ${what}`))
      }, this.timeoutMs)
      timer.unref?.()
    })
    try {
      return await Promise.race([this.entry(ref).then((e) => fn(e, controller.signal)), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  private rethrow(_ref: string) {
    return (e: unknown): never => {
      if (e instanceof Error && e.name === 'TokenDeskError') throw e
      throw keychainUnavailable(this.description, describeKeyringError(e))
    }
  }
}

/**
 * The library's messages name the platform failure (no D-Bus, locked, no such service); they
 * never contain the password, but we keep only the first line and bound its length anyway.
 */
function describeKeyringError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  const first = (msg.split('\n')[0] ?? '').slice(0, 160)
  if (/locked/i.test(msg)) return 'it is locked'
  if (/did not answer|no session bus|no Secret Service|session bus/i.test(msg)) return first
  if (/dbus|d-bus|session bus|org\.freedesktop|no such|not provided|connection/i.test(msg)) {
    return `no Secret Service answered on the session bus (${first})`
  }
  return first || 'unknown error'
}
