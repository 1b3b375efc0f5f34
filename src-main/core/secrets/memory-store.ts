import type { SecretStore } from './secret-store'

/** For unit tests of the vault's rules only; storage itself is proven against the real keychain. */
export class MemorySecretStore implements SecretStore {
  readonly description = 'in-memory test store'
  readonly entries = new Map<string, string>()
  failNext: Error | null = null

  async set(ref: string, secret: string): Promise<void> {
    this.maybeFail()
    this.entries.set(ref, secret)
  }
  async get(ref: string): Promise<string | null> {
    this.maybeFail()
    return this.entries.get(ref) ?? null
  }
  async delete(ref: string): Promise<boolean> {
    this.maybeFail()
    return this.entries.delete(ref)
  }
  async refs(): Promise<string[]> {
    this.maybeFail()
    return [...this.entries.keys()]
  }
  private maybeFail() {
    const e = this.failNext
    this.failNext = null
    if (e) throw e
  }
}
