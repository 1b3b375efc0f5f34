import { createHash, randomBytes } from 'node:crypto'

/**
 * Secrets are 32 random bytes, base64url, behind a recognisable prefix so leaked tokens can be
 * found by secret scanners. Only the SHA-256 hash is stored: a database leak yields nothing usable,
 * and because the secret has 256 bits of entropy a fast hash is enough (no salt/KDF needed).
 */
export const SECRET_PREFIX = 'tdh_'

export function newSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url')
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** Ids are random too, so they cannot be enumerated across users. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`
}
