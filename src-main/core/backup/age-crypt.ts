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
    throw explainOpenFailure(e, sealed)
  }
}

const AGE_VERSION_LINE = 'age-encryption.org/v1\n'

/**
 * The library's errors, in the user's terms, one message (and exit code 2) per cause; each ends in
 * "nothing was changed" because restore stops there. The cause is read from the file first, then
 * from the library's words: a file that does not begin as age does is not a backup at all; one
 * that does but ends early was cut short; one whose passphrase stanza does not open was made with
 * another passphrase — or had that stanza damaged, which age cannot tell apart (the stanza is
 * authenticated only by the key it wraps), so the message says both; anything else that fails to
 * authenticate or parse after a good first line is damage.
 */
export function explainOpenFailure(e: unknown, sealed?: Uint8Array): TokenDeskError {
  const msg = e instanceof Error ? e.message : String(e)
  const head = sealed === undefined ? null : Buffer.from(sealed.subarray(0, 4096)).toString('latin1')
  if (head !== null && !head.startsWith(AGE_VERSION_LINE)) {
    return invalid('this is not a TokenDesk backup (it is not an age-encrypted file); nothing was changed')
  }
  if (head !== null && !/\n--- /.test(head)) {
    return invalid(`the backup file is cut short (${sealed!.length} bytes, its header does not end); it was damaged or not copied whole; nothing was changed`)
  }
  if (head !== null && !/^age-encryption\.org\/v1\n-> scrypt [A-Za-z0-9+/]{22} \d{1,2}\n[A-Za-z0-9+/]{43}\n--- /.test(head)) {
    return invalid('the backup file is damaged (its header is not what TokenDesk writes); nothing was changed')
  }
  if (/no identity matched/i.test(msg)) {
    return invalid('the passphrase is wrong (this backup was made with another one), or the passphrase part of the file\'s header was damaged (age cannot tell the two apart); nothing was changed')
  }
  if (/stream ended|truncated|unexpected end|last chunk|empty/i.test(msg)) {
    return invalid('the backup file is cut short (its last part is missing); it was damaged or not copied whole; nothing was changed')
  }
  if (/work factor/i.test(msg)) return invalid('this backup asks for more scrypt work than TokenDesk allows; nothing was changed')
  if (head !== null || /invalid tag|header|stanza|invalid|padding|base64/i.test(msg)) {
    return invalid('the backup file is damaged or was changed after it was made (its contents do not authenticate); nothing was changed')
  }
  return new TokenDeskError('internal', `the backup could not be decrypted (${msg.split('\n')[0]!.slice(0, 120)}); nothing was changed`)
}

/** In this process: for the CLI and tests. */
export const inProcessCrypt = (workFactor = SCRYPT_WORK_FACTOR): BackupCrypt => ({
  seal: (plain, passphrase) => sealWithAge(plain, passphrase, workFactor),
  open: openWithAge,
})
