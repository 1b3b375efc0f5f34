/**
 * What a scan changes in the record of found copies (issue #24): every place it found a held
 * secret is (again) present; a copy recorded before that this scan covered — it read the file,
 * or the file under a scanned folder is gone, or it read that repository's history — and looked
 * for (the token's secret is still the one that copy holds) but did not see is gone. A copy the
 * scan did not cover keeps its state: scanning ~/other says nothing of ~/project, and a scan
 * after a rotation, which looks for the new secret only, says nothing of copies of the old one.
 * Pure: the service reads the files, the table and the fingerprints.
 */

/** A place a scan found a token's secret, as recorded (never the secret). */
export interface FoundPlace {
  tokenId: string
  path: string
  /** The commit that first holds it (--git); '' for a file as it is on disk. */
  commit: string
  line: number
  cell?: number
  session?: number
  key?: string
  form: string
  commitDate?: string
  /** The keyed fingerprint of the secret found (the token's current one at the time). */
  fingerprint: string
}

export interface KnownCopy {
  id: number
  tokenId: string
  path: string
  commit: string
  place: string
  goneAt: number | null
  fingerprint: string
}

/** Where in its file a copy is, as one string: the part of a copy's identity the line numbers make. */
export function placeOf(f: Pick<FoundPlace, 'line' | 'cell' | 'session'>): string {
  if (f.session !== undefined) return `session ${f.session} line ${f.line}`
  if (f.cell !== undefined) return `cell ${f.cell} line ${f.line}`
  return `line ${f.line}`
}

const keyOf = (c: { tokenId: string; path: string; commit: string; place: string }) => `${c.tokenId}\0${c.path}\0${c.commit}\0${c.place}`

export interface FoundCopiesPlan {
  /** Each place seen now, once (a secret found in two forms on one line is one copy). */
  seen: (FoundPlace & { place: string })[]
  /** Recorded copies, present until now, that this scan covered and did not see. */
  gone: number[]
  /** How many of `seen` were not recorded as present before. */
  added: number
}

export function planFoundCopies(
  known: readonly KnownCopy[],
  found: readonly FoundPlace[],
  covered: (c: { path: string; commit: string }) => boolean,
  /** The fingerprint of each token's secret this scan looked for. */
  lookedFor: ReadonlyMap<string, string>,
): FoundCopiesPlan {
  const seen = new Map<string, FoundPlace & { place: string }>()
  for (const f of found) {
    const c = { ...f, place: placeOf(f) }
    const k = keyOf(c)
    if (!seen.has(k)) seen.set(k, c)
  }
  const presentBefore = new Set(known.filter((c) => c.goneAt === null).map(keyOf))
  return {
    seen: [...seen.values()],
    gone: known.filter((c) => c.goneAt === null && !seen.has(keyOf(c)) && lookedFor.get(c.tokenId) === c.fingerprint && covered(c)).map((c) => c.id),
    added: [...seen.keys()].filter((k) => !presentBefore.has(k)).length,
  }
}

/** A found copy as `where`, rotate, revoke and the app show it: found by scan, not written by TokenDesk. */
export interface FoundCopyView {
  path: string
  line: number
  cell?: number
  session?: number
  key?: string
  form: string
  /** --git: the commit that first holds it and its date. */
  commit?: string
  commitDate?: string
  firstFoundAt: number
  lastSeenAt: number
  /**
   * present: the last scan that covered it saw the token's secret there; old secret: the token
   * was rotated since, so scans no longer look for what that copy holds (update it by hand);
   * gone: a scan since did not see it.
   */
  state: 'present' | 'old secret' | 'gone'
  goneAt?: number
}
