import { pingSecretService } from '../core/secrets/dbus-ping'
import { keychainUnavailable, type SecretStore } from '../core/secrets/secret-store'
import { describeKeychainFailure } from './lean-keyring'

/**
 * Wraps the core keychain store for one CLI run: before the first call it checks, once, that the
 * Secret Service answers on the bus. If it does not, every call of this run fails at once.
 *
 * Why: when a store call fails, the vault tries to delete what it may have written, and on a
 * keychain that never answers that second call waits out a second deadline, so `add` took twice
 * the promised 4 s. Failing fast is safe only because nothing reached the keychain: the check
 * failed before any native call was made. Everything after a successful check is core's.
 */
export class GuardedSecretStore implements SecretStore {
  private check: Promise<void> | undefined

  constructor(
    private readonly inner: SecretStore,
    private readonly busAddress: string | undefined,
    private readonly timeoutMs: number,
  ) {}

  get description() {
    return this.inner.description
  }

  async set(ref: string, secret: string): Promise<void> {
    await this.ready()
    return this.inner.set(ref, secret)
  }

  async get(ref: string): Promise<string | null> {
    await this.ready()
    return this.inner.get(ref)
  }

  async delete(ref: string): Promise<boolean> {
    await this.ready()
    return this.inner.delete(ref)
  }

  private ready(): Promise<void> {
    if (process.platform !== 'linux') return Promise.resolve()
    this.check ??= pingSecretService(this.busAddress, this.timeoutMs).catch((e: unknown) => {
      throw keychainUnavailable(this.inner.description, describeKeychainFailure(e))
    })
    return this.check
  }
}
