import { createHmac, randomBytes } from 'node:crypto'
import type { SecretStore } from '../secrets/secret-store'

/** The keychain entry of the placements' HMAC key; doctor knows it as TokenDesk's own. */
export const FINGERPRINT_KEY_REF = 'placement-key.1'

/**
 * Keyed fingerprints of secrets, so placements can say whether a file still holds the secret
 * TokenDesk wrote without storing the secret or a plain hash of it (a plain hash of a short or
 * known token could be tested offline; an HMAC needs the key, which lives in the OS keychain).
 */
export class Fingerprinter {
  private key: Promise<Buffer> | undefined

  constructor(private readonly secrets: SecretStore) {}

  async of(secret: string): Promise<string> {
    const key = await this.loadKey()
    return createHmac('sha256', key).update(secret, 'utf8').digest('base64url')
  }

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const existing = await this.secrets.get(FINGERPRINT_KEY_REF)
      if (existing) return Buffer.from(existing, 'base64url')
      const fresh = randomBytes(32).toString('base64url')
      await this.secrets.set(FINGERPRINT_KEY_REF, fresh)
      // Another process may have created one at the same moment: whichever the keychain kept wins.
      return Buffer.from((await this.secrets.get(FINGERPRINT_KEY_REF)) ?? fresh, 'base64url')
    })().catch((e: unknown) => {
      this.key = undefined
      throw e
    })
    return this.key
  }
}
