import { findOrphans, type Orphan, type OrphanReport } from './doctor'
import { invalid, notFound } from './errors'
import { FINGERPRINT_KEY_REF } from './placements/fingerprint'
import { FILE_BACKUP_KEY_REF } from './sdk-config/backup-sealer'
import type { SecretStore } from './secrets/secret-store'
import type { ConnectionRepo } from './store/connection-repo'
import type { TokenRepo } from './store/token-repo'
import type { AddTokenInput, TokenView, Vault } from './vault'

/**
 * `tokendesk doctor`: finds keychain entries that belong to nothing (doctor.ts decides), removes
 * those the audit log proves deleted, and lets the user adopt or purge the rest. Nothing that may
 * be the only copy of a secret is removed without the user naming it.
 */
export class DoctorService {
  constructor(
    private readonly deps: { vault: Vault; repo: TokenRepo; connectionRepo: ConnectionRepo; secrets: SecretStore },
  ) {}

  async report(): Promise<OrphanReport> {
    // The keychain first: a row written after this read is known below, so it is never reported.
    const keychainRefs = await this.deps.secrets.refs()
    // The placements' fingerprint key is TokenDesk's own entry, not a stranded secret.
    const knownRefs = new Set([...this.deps.repo.allSecretRefs(), ...this.deps.connectionRepo.allSecretRefs(), FINGERPRINT_KEY_REF, FILE_BACKUP_KEY_REF])
    return findOrphans({ keychainRefs, knownRefs, history: (id) => this.deps.repo.auditFor(id) })
  }

  /**
   * Removes the entries of tokens the audit log shows deleted, and returns them with the orphans
   * left for the user, from one read of the keychain (each read fetches every entry over D-Bus).
   */
  async reclaim(): Promise<{ reclaimed: Orphan[]; unknown: Orphan[] }> {
    const { reclaimable, unknown } = await this.report()
    for (const o of reclaimable) await this.deps.secrets.delete(o.ref)
    return { reclaimed: reclaimable, unknown }
  }

  private async unknownOrphan(ref: string): Promise<Orphan> {
    const o = (await this.report()).unknown.find((x) => x.ref === ref)
    if (!o) throw notFound(`no keychain entry "${ref.slice(0, 80)}" without a token (see \`tokendesk doctor\`)`)
    return o
  }

  /** Makes a token of an orphaned entry: its secret is stored as the new token's, then the entry goes. */
  async adopt(ref: string, input: AddTokenInput): Promise<TokenView> {
    await this.unknownOrphan(ref)
    const secret = await this.deps.secrets.get(ref)
    if (secret === null) throw notFound(`the keychain entry "${ref}" disappeared; nothing was changed`)
    // add() validates the secret and the name and stores a copy first; only then is the entry removed.
    const token = await this.deps.vault.add(input, secret)
    await this.deps.secrets.delete(ref)
    return token
  }

  /** Removes an orphaned entry the user chose to discard (the CLI asks for --yes). */
  async purge(ref: string): Promise<Orphan> {
    if (!ref) throw invalid('name the keychain entry to purge')
    const o = await this.unknownOrphan(ref)
    await this.deps.secrets.delete(ref)
    return o
  }
}
