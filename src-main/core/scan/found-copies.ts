import { TokenDeskError } from '../errors'
import { Fingerprinter } from '../placements/fingerprint'
import type { SecretStore } from '../secrets/secret-store'
import type { FoundCopyRepo } from '../store/found-copy-repo'
import type { Vault } from '../vault'
import type { FoundCopyView } from './found-copies-plan'

/**
 * The copies tokendesk scan found of a token, with their state now: present (what the last scan
 * that covered it saw is still the token's secret), old secret (rotated since: scans no longer
 * look for it, so it is never called gone) or gone. `where`, rotate, revoke and the app read it.
 */
export class FoundCopies {
  private readonly fp: Fingerprinter

  constructor(private readonly deps: { repo: FoundCopyRepo; vault: Vault; secrets: SecretStore; clock?: () => number }) {
    this.fp = new Fingerprinter(deps.secrets)
  }

  async list(tokenId: string): Promise<FoundCopyView[]> {
    const rows = this.deps.repo.forToken(tokenId)
    if (rows.length === 0) return []
    let current: string | null = null
    try {
      current = await this.fp.of(await this.deps.vault.peekSecret(tokenId))
    } catch (e) {
      if (!(e instanceof TokenDeskError && e.code === 'not_found')) throw e
    }
    return rows.map(({ fingerprint, ...c }) => (c.state === 'present' && fingerprint !== current ? { ...c, state: 'old secret' } : c))
  }

  /** The entry `key` of the .env at `path` now holds a reference, no secret: its found copies there are gone. */
  referenced(tokenId: string, path: string, key: string): void {
    this.deps.repo.markGoneAt(tokenId, path, key, (this.deps.clock ?? Date.now)())
  }
}
