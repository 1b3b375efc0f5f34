import { TokenDeskError, refused } from './errors'
import { pausePoint, type PausePhase } from './pause-point'
import { KeychainUnavailableError, type SecretStore } from './secrets/secret-store'
import type { TokenRepo, TokenRow } from './store/token-repo'

/**
 * The crash-safe order in which a token with a new secret comes into being (add, and a token
 * restored from a backup): a pending row first (invisible in lists), then the keychain, then the
 * row marked ready. A crash between the steps leaves only what reconcile() (recovery.ts) rolls
 * back or finishes; a failed keychain write takes the pending row back when nothing can have
 * landed in the keychain.
 */
export interface NewTokenWrite {
  id: string
  secretRef: string
  secret: string
  /** For the words of a lost race: "another TokenDesk process added a NOUN named NAME for PLATFORM". */
  noun: string
  name: string
  platform: string
  org: string | null
  /** Inserts the pending row (one transaction). */
  insertPending: () => void
  /** Marks the row ready and writes its audit events (run in one transaction). */
  markReady: () => void
  /** The crash tests' pause points after the pending row and after the keychain write. */
  pauses?: { pendingInserted: PausePhase; secretWritten: PausePhase }
}

export async function writeNewToken(deps: { repo: TokenRepo; secrets: SecretStore }, w: NewTokenWrite): Promise<TokenRow> {
  insertPendingOrExplain(w)
  if (w.pauses) pausePoint(w.pauses.pendingInserted)
  try {
    await deps.secrets.set(w.secretRef, w.secret)
  } catch (e) {
    if (await removedOrNeverSent(deps.secrets, w.secretRef, e)) deps.repo.remove(w.id)
    throw e
  }
  if (w.pauses) pausePoint(w.pauses.secretWritten)
  deps.repo.transaction(w.markReady)
  const row = deps.repo.find(w.id)
  if (!row) throw new TokenDeskError('storage', `"${w.name}" was removed by another TokenDesk process while it was being saved; add it again`)
  return row
}

/**
 * After a failed keychain write: true when the keychain certainly holds nothing under `ref` —
 * it was never reached, or the possibly written entry could be removed. Otherwise the caller's
 * marker stays so the next start's reconcile removes whatever may have landed. Rotate follows
 * the same rule for its pending reference.
 */
export async function removedOrNeverSent(secrets: SecretStore, ref: string, cause: unknown): Promise<boolean> {
  if (cause instanceof KeychainUnavailableError && cause.nothingSent) return true
  try {
    await secrets.delete(ref)
    return true
  } catch {
    return false
  }
}

/**
 * Inserts the pending row, saying in words what a lost race means: another process added the
 * same kind, platform, organization and name between the name check and the insert (four
 * parallel imports gave a raw "UNIQUE constraint failed"). Refused: exit 4, nothing added.
 */
function insertPendingOrExplain(w: NewTokenWrite): void {
  try {
    w.insertPending()
  } catch (e) {
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw refused(`another TokenDesk process added a ${w.noun} named "${w.name}" for ${w.platform}${w.org ? ` in ${w.org}` : ''} at the same moment; nothing was added`)
    }
    throw e
  }
}
