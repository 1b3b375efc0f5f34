import { notFound, refused } from './errors'
import type { Clock } from './clock'
import { otherProcessAlive } from './process-alive'
import type { SecretStore } from './secrets/secret-store'
import type { TokenRepo, TokenRow } from './store/token-repo'

export interface ReconcileReport {
  rolledBackCreates: string[]
  finishedDeletes: string[]
  cleanedSecrets: number
}

export interface RecoveryDeps {
  repo: TokenRepo
  secrets: SecretStore
  clock: Clock
  actor: string
}

/** A row some process is in the middle of changing (create, rotate or delete not finished). */
export const isMidChange = (row: TokenRow): boolean => row.state !== 'ready' || row.pendingSecretRef !== null || row.staleSecretRef !== null

/**
 * Who is changing which token, and what an interrupted change leaves behind: the per-token claim
 * a rotate or delete takes, the settling of one row a dead process left, and reconcile at start.
 * The vault (vault.ts) holds the lifecycle itself and calls in here; this is the half of its
 * crash-safety that runs when something went wrong.
 */
export class Recovery {
  /** Tokens this process is changing right now (see withClaim). */
  private readonly changing = new Set<string>()

  constructor(private readonly deps: RecoveryDeps) {}

  private get repo() {
    return this.deps.repo
  }

  /**
   * Runs a change of one token that must not interleave with another change of it, in this
   * process or another (the app, CLI runs): `claim` re-reads the row under the database's write
   * lock and marks it; `run` does the keychain work. A token another live process is changing is
   * refused with a clear "try again" (exit 4 in the CLI), never met halfway. Leftovers of a
   * process that died mid-change are settled first, as reconcile would.
   */
  async withClaim<T>(found: TokenRow, claim: (cur: TokenRow) => TokenRow, run: (claimed: TokenRow) => Promise<T>): Promise<T> {
    const busy = () => refused(`another TokenDesk process is changing "${found.name}" right now; nothing was changed, try again in a moment`)
    if (this.changing.has(found.id)) throw busy()
    this.changing.add(found.id)
    try {
      const before = this.repo.find(found.id)
      if (before && isMidChange(before) && !otherProcessAlive(before.opPid)) await this.settle(before)
      const claimed = this.repo.immediate(() => {
        const cur = this.repo.find(found.id)
        if (!cur || cur.state === 'pending') throw notFound(`"${found.name}" no longer exists`)
        if (isMidChange(cur)) throw busy()
        return claim(cur)
      })
      return await run(claimed)
    } finally {
      this.changing.delete(found.id)
    }
  }

  /**
   * Run at every start: rolls back creates that never reached 'ready', finishes deletes, and
   * removes keychain entries a rotate was writing or retiring when it was interrupted.
   */
  async reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = { rolledBackCreates: [], finishedDeletes: [], cleanedSecrets: 0 }
    for (const seen of this.repo.unfinished()) {
      // Another running TokenDesk process (the app, a CLI run) is still working on this row, or
      // this process is (a change in flight here).
      if (otherProcessAlive(seen.opPid) || this.changing.has(seen.id)) continue
      // Taken only as it was listed: the process may have finished (and exited) between the listing
      // and the liveness check, leaving a ready row that the stale listing would roll back — a
      // finished add, its secret deleted (20 parallel adds on a new vault lost one this way).
      const row = this.repo.claimUnfinished(seen, process.pid)
      if (!row) continue
      const outcome = await this.settle(row)
      if (outcome === 'rolled-back') report.rolledBackCreates.push(row.name)
      else if (outcome === 'deleted') report.finishedDeletes.push(row.name)
      else report.cleanedSecrets += outcome
    }
    return report
  }

  /** Finishes or rolls back one row an interrupted process left (the per-row part of reconcile). */
  private async settle(row: TokenRow): Promise<'rolled-back' | 'deleted' | number> {
    const now = this.deps.clock()
    if (row.state === 'pending') {
      // A token generated on a platform whose secret reached the keychain exists there and here:
      // finish it rather than leave the platform's token untracked.
      if (row.connectionId && row.remoteId && (await this.deps.secrets.get(row.secretRef)) !== null) {
        this.repo.transaction(() => {
          this.repo.update(row.id, { state: 'ready', opPid: null })
          this.repo.audit(row.id, row.name, 'created', now, this.deps.actor, 'generated on a platform; finished after an interruption')
        })
        return 0
      }
      for (const ref of [row.secretRef, row.pendingSecretRef]) if (ref) await this.deps.secrets.delete(ref)
      this.repo.transaction(() => {
        this.repo.remove(row.id)
        this.repo.audit(row.id, row.name, 'reconciled', now, this.deps.actor, 'an interrupted create was rolled back')
      })
      return 'rolled-back'
    }
    if (row.state === 'deleting') {
      for (const ref of [row.secretRef, row.pendingSecretRef, row.staleSecretRef]) {
        if (ref) await this.deps.secrets.delete(ref)
      }
      this.removeDeleted(row)
      return 'deleted'
    }
    let cleaned = 0
    for (const ref of [row.pendingSecretRef, row.staleSecretRef]) {
      if (ref && (await this.deps.secrets.delete(ref))) cleaned++
    }
    this.repo.update(row.id, { pendingSecretRef: null, staleSecretRef: null, opPid: null })
    return cleaned
  }

  /** The last step of a delete, whole or finished after an interruption: the row goes, audited. */
  removeDeleted(row: TokenRow): void {
    this.repo.transaction(() => {
      this.repo.remove(row.id)
      this.repo.audit(row.id, row.name, 'deleted', this.deps.clock(), this.deps.actor)
    })
  }
}
