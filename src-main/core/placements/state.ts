import type { FileFormat } from '../sdk-config/catalog'

/**
 * What a file entry holds compared with the token placed there. Pure: the caller reads the file
 * and fingerprints; this decides.
 *  - current: the token's current secret
 *  - stale:   the secret TokenDesk wrote there, which is no longer the token's (rotated since)
 *  - changed: something else (edited by someone, or another tool)
 *  - missing: the file or the entry is gone
 *  - reference: the entry holds TokenDesk's reference to the token (tokendesk://…), no secret:
 *    `tokendesk run` resolves it, and rotation has nothing to rewrite there
 */
export const PLACEMENT_STATES = ['current', 'stale', 'changed', 'missing', 'reference'] as const
export type PlacementState = (typeof PLACEMENT_STATES)[number]

export function placementState(input: {
  /** Fingerprint of what the entry holds now; null when the file or entry is gone. */
  foundFingerprint: string | null
  /** Fingerprint of the token's current secret; null when the keychain no longer has it. */
  currentFingerprint: string | null
  /** Fingerprint recorded when TokenDesk last wrote the entry. */
  writtenFingerprint: string
  /** While a write was in flight (or was killed before it was recorded as landed): what it replaced. */
  replacedFingerprint?: string | null
  /** TokenDesk wrote a reference there (its fingerprint is `writtenFingerprint`). */
  reference?: boolean
}): PlacementState {
  const { foundFingerprint: found, currentFingerprint: current, writtenFingerprint: written, replacedFingerprint: replaced } = input
  if (found === null) return 'missing'
  if (input.reference && found === written) return 'reference'
  if (found === current) return 'current'
  // Either of the two a killed write leaves is TokenDesk's own: the one it wrote, or the one it was replacing.
  if (found === written || (replaced != null && found === replaced)) return 'stale'
  return 'changed'
}

/** A placement with its state read from the file now: what `where` and the detail panel show. */
export interface PlacementView {
  path: string
  format: FileFormat
  entry: string
  writtenAt: number
  state: PlacementState
  /** What TokenDesk wrote there: the secret, or a reference to it (`tokendesk run` resolves it). */
  holds: 'secret' | 'reference'
  /** Why the state could not be read (a file that no longer parses); the state is then "changed". */
  problem?: string
  /** Earlier versions of the file TokenDesk kept in its data folder (file-backups/), newest first. */
  backups: string[]
  /** A .env line tokendesk scan found (not written by TokenDesk), offered to `where --to-references`. */
  foundByScan?: true
}
