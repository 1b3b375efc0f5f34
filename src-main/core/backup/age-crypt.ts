import { TokenDeskError, invalid } from '../errors'

/**
 * The backup file's encryption: the age format (age-encryption.org/v1) with a passphrase
 * recipient, through `age-encryption` (typage, by age's author). Its passphrase stanza is scrypt
 * (N = 2^18, r = 8, p = 1) wrapping a random file key; the payload is ChaCha20-Poly1305 in 64 KiB
 * chunks (the age STREAM), so any changed or missing byte fails authentication. The `age` command
 * line tool decrypts the file too (`age -d`), which is the point of a kept format.
 *
 * The library's scrypt is synchronous (about 1.6 s on the CI machine), so the app runs these two
 * functions in a worker thread (worker-crypt.ts); the CLI, which has nothing else to do, runs
 * them in-process.
 */
export interface BackupCrypt {
  seal(plain: Uint8Array, passphrase: string): Promise<Uint8Array>
  open(sealed: Uint8Array, passphrase: string): Promise<Uint8Array>
}

export const MIN_PASSPHRASE_LENGTH = 10
/** age's own default; decryptors refuse factors above 20. */
export const SCRYPT_WORK_FACTOR = 18

// Loaded on first use: ES modules only, and no other command needs it.
const loadAge = () => import('age-encryption')

export function checkPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw invalid(`the passphrase is too short (at least ${MIN_PASSPHRASE_LENGTH} characters)`)
  }
  if (passphrase.length > 1024) throw invalid('the passphrase is too long (at most 1024 characters)')
}

export async function sealWithAge(plain: Uint8Array, passphrase: string, workFactor = SCRYPT_WORK_FACTOR): Promise<Uint8Array> {
  checkPassphrase(passphrase)
  const age = await loadAge()
  const e = new age.Encrypter()
  e.setPassphrase(passphrase)
  e.setScryptWorkFactor(workFactor)
  return e.encrypt(plain)
}

export async function openWithAge(sealed: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const age = await loadAge()
  const d = new age.Decrypter()
  d.addPassphrase(passphrase)
  try {
    return await d.decrypt(sealed)
  } catch (e) {
    throw explainOpenFailure(e)
  }
}

/** The library's errors, in the user's terms; each ends in "nothing was changed" because restore stops there. */
export function explainOpenFailure(e: unknown): TokenDeskError {
  const msg = e instanceof Error ? e.message : String(e)
  if (/no identity matched/i.test(msg)) {
    return invalid('the passphrase is wrong (this backup was made with another one); nothing was changed')
  }
  if (/invalid tag|truncated|unexpected end|invalid stream|last chunk|empty/i.test(msg)) {
    return invalid('the backup file is damaged or was changed after it was made (its contents do not authenticate); nothing was changed')
  }
  if (/version line|invalid header|header|stanza|invalid/i.test(msg)) {
    return invalid('this is not a TokenDesk backup (it is not an age-encrypted file); nothing was changed')
  }
  if (/work factor/i.test(msg)) return invalid('this backup asks for more scrypt work than TokenDesk allows; nothing was changed')
  return new TokenDeskError('internal', `the backup could not be decrypted (${msg.split('\n')[0]!.slice(0, 120)}); nothing was changed`)
}

/** In this process: for the CLI and tests. */
export const inProcessCrypt = (workFactor = SCRYPT_WORK_FACTOR): BackupCrypt => ({
  seal: (plain, passphrase) => sealWithAge(plain, passphrase, workFactor),
  open: openWithAge,
})
