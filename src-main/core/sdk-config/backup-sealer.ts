import type { SecretStore } from '../secrets/secret-store'

/** The keychain entry of the key the earlier versions of files are sealed to; doctor knows it as TokenDesk's own. */
export const FILE_BACKUP_KEY_REF = 'file-backup-key.1'

// Loaded on first use: ES modules only, and only a change of a file that existed needs it.
const loadAge = () => import('age-encryption')

/**
 * Seals the earlier versions of the files TokenDesk changes (file-backups/) with age to an X25519
 * identity kept in the OS keychain, so a version never holds a secret in plaintext on disk. The
 * identity is made on first use; like the placements' fingerprint key, whichever identity the
 * keychain kept wins when two processes make one at the same moment. `age -d -i` with that
 * identity opens a version too (the format is age's own, through the `age-encryption` library).
 */
export class BackupSealer {
  private keys: Promise<{ identity: string; recipient: string }> | undefined

  constructor(private readonly secrets: SecretStore) {}

  async seal(bytes: Uint8Array): Promise<Uint8Array> {
    const age = await loadAge()
    const e = new age.Encrypter()
    e.addRecipient((await this.load()).recipient)
    return e.encrypt(bytes)
  }

  async open(sealed: Uint8Array): Promise<Uint8Array> {
    const age = await loadAge()
    const d = new age.Decrypter()
    d.addIdentity((await this.load()).identity)
    return d.decrypt(sealed)
  }

  private load() {
    this.keys ??= (async () => {
      const age = await loadAge()
      let identity = await this.secrets.get(FILE_BACKUP_KEY_REF)
      if (!identity) {
        await this.secrets.set(FILE_BACKUP_KEY_REF, await age.generateX25519Identity())
        identity = await this.secrets.get(FILE_BACKUP_KEY_REF)
        if (!identity) throw new Error('the keychain did not keep the file-backup key')
      }
      return { identity, recipient: await age.identityToRecipient(identity) }
    })().catch((e: unknown) => {
      this.keys = undefined
      throw e
    })
    return this.keys
  }
}
