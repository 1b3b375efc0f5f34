import { TokenDeskError } from '../errors'

/**
 * SQLite failures a user can act on, in their words, for errors that reach the CLI or the bridge
 * outside openDb (which says the same on open): a full disk is not a damaged vault, and a write
 * that failed was rolled back, so the change simply did not happen.
 */
export function sqliteFailure(e: unknown): TokenDeskError | null {
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  if (code.startsWith('SQLITE_FULL')) {
    return new TokenDeskError('storage', 'the disk holding the TokenDesk database is full; the change was not made and nothing was lost. Free some space and try again.')
  }
  if (code.startsWith('SQLITE_BUSY')) {
    return new TokenDeskError('storage', 'another TokenDesk process kept the database busy; the change was not made. Try again in a moment.')
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new TokenDeskError('storage', 'the TokenDesk database is read-only here (file permissions or a read-only disk); the change was not made.')
  }
  return null
}
