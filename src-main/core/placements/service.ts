import type { Clock } from '../clock'
import { TokenDeskError } from '../errors'
import type { SecretStore } from '../secrets/secret-store'
import type { FileFormat } from '../sdk-config/catalog'
import { readCredential } from '../sdk-config/read-entries'
import type { FileBackups } from '../sdk-config/file-backups'
import { listBackups } from '../sdk-config/file-backups'
import { readConfigText } from '../sdk-config/write'
import type { PlacementRepo } from '../store/placement-repo'
import type { TokenView, Vault } from '../vault'
import { Fingerprinter } from './fingerprint'
import { placementState } from './state'

export type { PlacementView } from './state'
import type { PlacementView } from './state'

/**
 * Where each token was written into a file, and what those files hold now. Records a placement
 * on every write; computes states on demand by reading the files (the files are the truth: a
 * user may edit them any time).
 */
export class PlacementService {
  private readonly fp: Fingerprinter

  constructor(private readonly deps: { repo: PlacementRepo; vault: Vault; secrets: SecretStore; clock: Clock; backups: FileBackups }) {
    this.fp = new Fingerprinter(deps.secrets)
  }

  async record(tokenId: string, path: string, format: FileFormat, entry: string, secret: string): Promise<void> {
    this.deps.repo.record({ tokenId, path, format, entry, writtenAt: this.deps.clock(), fingerprint: await this.fp.of(secret) })
  }

  /** The tokens with an entry in `path`: what a kept version of it is tagged with. */
  tokensIn(path: string): string[] {
    return this.deps.repo.tokensIn(path)
  }

  /** Forgets a placement whose entry TokenDesk removed from its file. */
  forget(p: Pick<PlacementView, 'path' | 'format' | 'entry'>): void {
    this.deps.repo.forget(p.path, p.format, p.entry)
  }

  /**
   * A write of `secret` into the entry, which holds `replacing` now (null: nothing), is about to swap
   * the file in: recorded first, the replaced secret's fingerprint kept until `landed`, so a kill in
   * between leaves the entry known as TokenDesk's whichever of the two it holds. `failed` undoes it.
   */
  async begin(tokenId: string, path: string, format: FileFormat, entry: string, secret: string, replacing: string | null, holds: 'secret' | 'reference' = 'secret'): Promise<{ landed(): void; failed(): void }> {
    const fingerprint = await this.fp.of(secret)
    const previousFingerprint = replacing === null || replacing === secret ? null : await this.fp.of(replacing)
    const before = this.deps.repo.begin({ tokenId, path, format, entry, writtenAt: this.deps.clock(), fingerprint, previousFingerprint, holds })
    return { landed: () => this.deps.repo.landed(path, format, entry), failed: () => this.deps.repo.undo(path, format, entry, before) }
  }

  /**
   * The one rule for whose an entry is, used by every writer and remover of entries (config write,
   * where --update, rotate --update-configs, delete --remove-from-configs): it is the token's own
   * when it holds the token's current secret, or what TokenDesk last wrote there for this token,
   * or what a write that was killed half-way replaced. Anything else is someone else's.
   */
  async holdsOwn(tokenId: string, path: string, format: FileFormat, entry: string, found: string, current: string | null): Promise<boolean> {
    if (current !== null && found === current) return true
    const p = this.deps.repo.at(path, format, entry)
    if (p === undefined || p.tokenId !== tokenId) return false
    const fp = await this.fp.of(found)
    return p.fingerprint === fp || p.previousFingerprint === fp
  }

  /** The token's placements with their state, read from the files now. Reads the secret in-process only. */
  async list(ref: string): Promise<{ token: TokenView; placements: PlacementView[] }> {
    const row = this.deps.vault.resolve(ref)
    const token = this.deps.vault.view(row)
    const rows = this.deps.repo.forToken(row.id)
    if (rows.length === 0) return { token, placements: [] }
    // A token whose secret is missing from the keychain still has copies to show; none is "current".
    let current: string | null = null
    try {
      current = await this.fp.of(await this.deps.vault.peekSecret(row.id))
    } catch (e) {
      if (!(e instanceof TokenDeskError && e.code === 'not_found')) throw e
    }
    // Each file once, however many of the token's entries it holds: read, backups listed, and a
    // *.tokendesk-backup an older version left beside it moved into the data folder.
    const files = new Map<string, { read: { text: string | null } | { error: unknown }; backups: string[] }>()
    const fileAt = async (path: string) => {
      let f = files.get(path)
      if (!f) {
        try {
          await this.deps.backups.prepare(path, this.deps.repo.tokensIn(path), this.deps.clock())
        } catch {
          // Left where it is; the next write of the file tries again and reports a failure.
        }
        let read: { text: string | null } | { error: unknown }
        try {
          read = { text: readConfigText(path) }
        } catch (error) {
          read = { error } // each of its entries reports it as its problem
        }
        f = { read, backups: listBackups(this.deps.backups.root, path) }
        files.set(path, f)
      }
      return f
    }
    const placements: PlacementView[] = []
    for (const p of rows) {
      const file = await fileAt(p.path)
      const base = { path: p.path, format: p.format, entry: p.entry, writtenAt: p.writtenAt, backups: file.backups, holds: p.holds ?? 'secret' }
      try {
        if ('error' in file.read) throw file.read.error
        const found = readCredential(p.format, file.read.text, p.entry, p.path)
        const foundFingerprint = found === null ? null : await this.fp.of(found.secret)
        placements.push({ ...base, state: placementState({ foundFingerprint, currentFingerprint: current, writtenFingerprint: p.fingerprint, replacedFingerprint: p.previousFingerprint ?? null, reference: p.holds === 'reference' }) })
      } catch (e) {
        placements.push({ ...base, state: 'changed', problem: e instanceof Error ? e.message : 'unreadable' })
      }
    }
    return { token, placements }
  }
}
