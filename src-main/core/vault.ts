import { randomUUID } from 'node:crypto'
import { SECRET_MISSING } from './vocabulary'
import { TokenDeskError, invalid, notFound, refused } from './errors'
import {
  type AuditEvent,
  FieldsSchema,
  type Org,
  type Role,
  SlugSchema,
  type TokenKind,
  RoleSchema,
} from './model'
import { resolveExpiry } from './rules/expiry'
import { KIND_RULES, ownershipProblem } from './token-kinds'
import { assertCanPerform, type OrgAction } from './rules/permissions'
import { DAY_MS, tokenStatus } from './rules/status'
import { validateSecret } from './secrets/secret-store'
import { removedOrNeverSent, writeNewToken } from './new-token-write'
import { pausePoint } from './pause-point'
import { otherProcessAlive } from './process-alive'
import { Recovery, type ReconcileReport } from './recovery'
import { resolveRef } from './resolve-ref'
import type { Settings } from './settings'
import { SettingsService } from './settings-service'
import type { ExpiryDate, ListGroup, ListOptions, TokenRow } from './store/token-repo'

export { AddTokenInputSchema, EditTokenInputSchema, type AddTokenInput, type EditTokenInput } from './requests'
import { AddTokenInputSchema, EditTokenInputSchema, type AddTokenInput, type EditTokenInput } from './requests'
import { planEdit } from './rules/edit'
import { deleteRefusal, revokeRefusal } from './rules/lifecycle'
export { parseInput } from './input'
import { parseInput } from './input'

export type { TokenView } from './model'
import type { TokenView } from './model'

export type { ImportedEvent, ImportedToken, TokenDetail, VaultDeps } from './vault-types'
import type { ImportedEvent, ImportedToken, TokenDetail, VaultDeps } from './vault-types'
export type { ReconcileReport } from './recovery'

/**
 * A secret that was just read or replaced settles only the "secret missing" problem; marks such
 * as "deleted on the platform" stay until a sync or the user clears them.
 */
function clearedBySecret(problem: string | null): string | null {
  return problem === SECRET_MISSING ? null : problem
}

/**
 * The vault: every lifecycle rule, and the ordering of keychain and database writes that keeps
 * them consistent across crashes. Metadata goes first as a marked row, then the keychain, then
 * the mark is cleared; reconcile() (recovery.ts) finishes or rolls back whatever a crash interrupted.
 */
export class Vault {
  /** Per-token claims, and what an interrupted change leaves (recovery.ts). */
  private readonly recovery: Recovery

  constructor(private readonly deps: VaultDeps) {
    this.recovery = new Recovery(deps)
  }

  private get repo() {
    return this.deps.repo
  }
  private now() {
    return this.deps.clock()
  }

  /** The settings (settings-service.ts); kept reachable here for the bridge and the CLI. */
  settings(): Settings {
    return this.settingsService.get()
  }

  updateSettings(patch: unknown): Settings {
    return this.settingsService.update(patch)
  }

  private get settingsService(): SettingsService {
    return (this.settingsCache ??= new SettingsService(this.repo))
  }
  private settingsCache: SettingsService | undefined

  private windowMs() {
    return this.settings().expiringWindowDays * DAY_MS
  }

  view(row: TokenRow, now = this.now(), windowMs = this.windowMs()): TokenView {
    const { state: _s, secretRef: _r, pendingSecretRef: _p, staleSecretRef: _st, ...token } = row
    return { ...token, status: tokenStatus(row, now, windowMs) }
  }

  // ---- organizations -------------------------------------------------------------------------

  orgs(): Org[] {
    return this.repo.orgs()
  }

  setOrg(name: unknown, role: unknown): Org {
    const org = { name: parseInput(SlugSchema, name), role: parseInput(RoleSchema, role) as Role }
    this.repo.upsertOrg(org.name, org.role)
    return org
  }

  /**
   * Refuses an action the user's role in the token's organization does not allow. Public so the
   * platform operations ask before they call the platform, not after.
   */
  checkRole(org: string | null, action: OrgAction, kind: TokenKind): void {
    if (org === null) return
    const o = this.repo.org(org)
    if (!o) throw notFound(`no organization "${org}"; add it first with your role in it`)
    assertCanPerform(org, o.role, action, KIND_RULES[kind].noun)
  }

  // ---- queries -------------------------------------------------------------------------------

  /** A page of tokens and the total; sorted by platform, also each platform's count (the list's groups). */
  list(opts: ListOptions = {}): { items: TokenView[]; total: number; groups?: ListGroup[] } {
    const now = this.now()
    const windowMs = this.windowMs()
    const { items, ...rest } = this.repo.list(opts, now, windowMs)
    return { items: items.map((r) => this.view(r, now, windowMs)), ...rest }
  }

  /** Resolves a REF (resolve-ref.ts); a token another live process is deleting is refused as such. */
  resolve(ref: string): TokenRow {
    const byId = typeof ref === 'string' ? this.repo.find(ref) : undefined
    if (byId && byId.state === 'deleting' && otherProcessAlive(byId.opPid)) {
      throw refused(`another TokenDesk process is deleting "${byId.name}" right now; nothing was changed`)
    }
    return resolveRef(this.repo, ref)
  }

  show(ref: string): TokenDetail {
    const row = this.resolve(ref)
    return { token: this.view(row), audit: this.repo.auditFor(row.id) }
  }

  /** History survives deletion, so it is looked up by id, not through resolve(). */
  history(tokenId: string): AuditEvent[] {
    return this.repo.auditFor(tokenId)
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  async add(input: AddTokenInput, secret: string): Promise<TokenView> {
    const a = parseInput(AddTokenInputSchema, input)
    validateSecret(secret)
    const org = a.org ?? null
    const problem = ownershipProblem(a.kind, org, a.fields)
    if (problem) throw invalid(problem)
    this.checkRole(org, 'add', a.kind)
    const now = this.now()
    // Each kind's default and whether it may never expire (token-kinds.ts).
    const rule = KIND_RULES[a.kind]
    const expiresAt = resolveExpiry(a.expires ?? rule.defaultExpiry, now, { allowNever: rule.allowNever })
    if (this.repo.nameTaken(a.kind, a.platform, org, a.name)) {
      throw new TokenDeskError('conflict', `a ${rule.noun} named "${a.name}" for ${a.platform} already exists${org ? ` in ${org}` : ''}; choose another name`)
    }
    const id = randomUUID()
    const row = await writeNewToken(this.deps, {
      id,
      secretRef: `${id}.1`,
      secret,
      noun: rule.noun,
      name: a.name,
      platform: a.platform,
      org,
      insertPending: () =>
        this.repo.insertPending({
          id,
          kind: a.kind,
          platform: a.platform,
          org,
          name: a.name,
          scopes: [...new Set(a.scopes)],
          fields: a.fields,
          note: a.note ?? null,
          createdAt: now,
          expiresAt,
          secretRef: `${id}.1`,
        }),
      markReady: () => {
        this.repo.update(id, { state: 'ready', opPid: null })
        this.repo.audit(id, a.name, 'created', now, this.deps.actor)
      },
      pauses: { pendingInserted: 'add:pending-inserted', secretWritten: 'add:secret-written' },
    })
    return this.view(row)
  }

  /**
   * A token brought back from a backup (backup/service.ts), with its own id, dates, status and
   * history. The same crash-safe order as add: a pending row, the keychain, then ready with the
   * history copied and an "imported" event, in one transaction.
   */
  async importToken(t: ImportedToken, secret: string, history: ImportedEvent[], detail: string): Promise<TokenView> {
    validateSecret(secret)
    this.checkRole(t.org, 'add', t.kind)
    if (this.repo.nameTaken(t.kind, t.platform, t.org, t.name)) {
      throw new TokenDeskError('conflict', `a ${KIND_RULES[t.kind].noun} named "${t.name}" for ${t.platform} already exists${t.org ? ` in ${t.org}` : ''}`)
    }
    const secretRef = `${t.id}.1`
    const row = await writeNewToken(this.deps, {
      id: t.id,
      secretRef,
      secret,
      noun: KIND_RULES[t.kind].noun,
      name: t.name,
      platform: t.platform,
      org: t.org,
      insertPending: () =>
        this.repo.transaction(() => {
          this.repo.insertPending({ ...t, scopes: [...new Set(t.scopes)], secretRef })
          this.repo.update(t.id, { revokedAt: t.revokedAt, lastUsedAt: t.lastUsedAt })
        }),
      markReady: () => {
        this.repo.update(t.id, { state: 'ready', opPid: null })
        // The audit log outlives a deleted token: restoring it under its old id must not copy the
        // events this vault still has.
        const have = new Set(this.repo.auditFor(t.id).map((e) => `${e.action}|${e.at}|${e.actor}`))
        for (const h of history) if (!have.has(`${h.action}|${h.at}|${h.actor}`)) this.repo.audit(t.id, h.tokenName, h.action, h.at, h.actor, h.detail)
        this.repo.audit(t.id, t.name, 'imported', this.now(), this.deps.actor, detail)
      },
    })
    return this.view(row)
  }

  /** Every ready token, for a backup. */
  allReady(): TokenRow[] {
    return this.repo.allReady()
  }

  /** Returns the secret and records the use. Org members may use their org's tokens. */
  async reveal(ref: string): Promise<string> {
    const row = this.resolve(ref)
    const secret = await this.deps.secrets.get(row.secretRef)
    if (secret === null) {
      this.repo.update(row.id, { problem: SECRET_MISSING })
      throw new TokenDeskError(
        'not_found',
        `the secret of "${row.name}" is missing from the ${this.deps.secrets.description}; it may have been removed outside TokenDesk. Add it again`,
      )
    }
    const now = this.now()
    this.repo.transaction(() => {
      this.repo.update(row.id, { lastUsedAt: now, problem: clearedBySecret(row.problem) })
      this.repo.audit(row.id, row.name, 'used', now, this.deps.actor)
    })
    return secret
  }

  /**
   * Reads the secret WITHOUT recording a use, only for work that stays in main and never shows
   * it (a masked config preview computing whether the file would change). Anything that hands
   * the secret on must use reveal().
   */
  async peekSecret(ref: string): Promise<string> {
    const row = this.resolve(ref)
    const secret = await this.deps.secrets.get(row.secretRef)
    if (secret === null) {
      throw new TokenDeskError('not_found', `the secret of "${row.name}" is missing from the ${this.deps.secrets.description}; add it again`)
    }
    return secret
  }

  revoke(ref: string): TokenView {
    const row = this.resolve(ref)
    this.checkRole(row.org, 'revoke', row.kind)
    const noRevoke = revokeRefusal(row)
    if (noRevoke) throw refused(noRevoke)
    if (row.revokedAt !== null) throw refused(`"${row.name}" is already revoked`)
    const now = this.now()
    this.repo.transaction(() => {
      this.repo.update(row.id, { revokedAt: now })
      this.repo.audit(row.id, row.name, 'revoked', now, this.deps.actor)
    })
    return this.view(this.repo.find(row.id)!)
  }

  restore(ref: string): TokenView {
    const row = this.resolve(ref)
    this.checkRole(row.org, 'restore', row.kind)
    const noRevoke = revokeRefusal(row)
    if (noRevoke) throw refused(noRevoke)
    if (row.revokedAt === null) throw refused(`"${row.name}" is not revoked; only a revoked token can be restored`)
    const now = this.now()
    this.repo.transaction(() => {
      this.repo.update(row.id, { revokedAt: null })
      this.repo.audit(row.id, row.name, 'restored', now, this.deps.actor)
    })
    return this.view(this.repo.find(row.id)!)
  }

  /**
   * Changes a token's name, expiry, scopes, fields or note (rules/edit.ts decides what is allowed);
   * the secret is untouched. The audit says what changed, never a value.
   */
  edit(ref: string, input: EditTokenInput): { token: TokenView; changes: string[] } {
    const e = parseInput(EditTokenInputSchema, input)
    const found = this.resolve(ref)
    this.checkRole(found.org, 'update', found.kind)
    const now = this.now()
    // Read, plan and write under one write lock (BEGIN IMMEDIATE): the plan merges the request
    // into the row as it is now, so ten parallel `edit --field` each keep the others' fields.
    return this.repo.immediate(() => {
      const row = this.repo.find(found.id)
      if (row === undefined || row.state !== 'ready') throw notFound(`no token "${ref}" (it was deleted meanwhile)`)
      const plan = planEdit(row, e, now)
      if (plan.patch.fields) parseInput(FieldsSchema, plan.patch.fields)
      if (plan.changes.length === 0) return { token: this.view(row), changes: [] }
      if (plan.patch.name !== undefined && this.repo.nameTaken(row.kind, row.platform, row.org, plan.patch.name)) {
        throw new TokenDeskError('conflict', `a ${KIND_RULES[row.kind].noun} named "${plan.patch.name}" for ${row.platform} already exists${row.org ? ` in ${row.org}` : ''}; choose another name`)
      }
      this.repo.update(row.id, plan.patch)
      this.repo.audit(row.id, plan.patch.name ?? row.name, 'updated', now, this.deps.actor, plan.changes.join('; '))
      return { token: this.view(this.repo.find(row.id)!), changes: plan.changes }
    })
  }

  /** Whether a ready token with this id exists (a reminder's token, say); never throws. */
  exists(id: string): boolean {
    return this.repo.find(id)?.state === 'ready'
  }

  /**
   * Throws what delete() would refuse for (not revoked, not allowed) without changing anything, so
   * a caller can check before it does work of its own first (removing the token's copies from files).
   */
  assertDeletable(ref: string): void {
    const found = this.resolve(ref)
    this.checkRole(found.org, 'delete', found.kind)
    const notYet = deleteRefusal(found)
    if (notYet) throw refused(notYet)
  }

  /** Permanent: removes the secret from the keychain and the metadata. Only for revoked tokens. */
  async delete(ref: string): Promise<void> {
    const found = this.resolve(ref)
    this.checkRole(found.org, 'delete', found.kind)
    await this.recovery.withClaim(found, (cur) => {
      const notYet = deleteRefusal(cur)
      if (notYet) throw refused(notYet)
      this.repo.update(cur.id, { state: 'deleting', opPid: process.pid })
      return cur
    }, async (row) => {
      pausePoint('delete:claimed')
      try {
        await this.deps.secrets.delete(row.secretRef)
      } catch (e) {
        // Nothing was removed (a locked or dead keychain): the token stays as it was — visible,
        // revoked, restorable — and the error says so truthfully.
        this.repo.update(row.id, { state: 'ready', opPid: null })
        throw e
      }
      pausePoint('delete:secret-removed')
      // The claim guarantees no pending or stale ref; the secret is gone, so only the row remains.
      this.recovery.removeDeleted(row)
      try {
        this.deps.onDeleted?.(row.id)
      } catch {
        // The token is gone either way; what the hook keeps (sealed file versions) is cleaned by the next delete's sweep.
      }
    })
  }

  /** Replaces the secret (e.g. after regenerating it on the platform), keeping id and history. */
  async rotate(ref: string, secret: string): Promise<TokenView> {
    validateSecret(secret)
    const found = this.resolve(ref)
    this.checkRole(found.org, 'rotate', found.kind)
    return this.recovery.withClaim(found, (cur) => {
      const generation = Number(cur.secretRef.split('.').at(-1) ?? '1') + 1
      const pendingSecretRef = `${cur.id}.${Number.isFinite(generation) ? generation : 2}`
      this.repo.update(cur.id, { pendingSecretRef, opPid: process.pid })
      return { ...cur, pendingSecretRef }
    }, async (row) => {
      const newRef = row.pendingSecretRef!
      pausePoint('rotate:claimed')
      try {
        await this.deps.secrets.set(newRef, secret)
      } catch (e) {
        if (await removedOrNeverSent(this.deps.secrets, newRef, e)) this.repo.update(row.id, { pendingSecretRef: null, opPid: null })
        throw e
      }
      pausePoint('rotate:secret-written')
      const now = this.now()
      this.repo.transaction(() => {
        this.repo.update(row.id, { secretRef: newRef, pendingSecretRef: null, staleSecretRef: row.secretRef, problem: clearedBySecret(row.problem) })
        this.repo.audit(row.id, row.name, 'rotated', now, this.deps.actor)
      })
      pausePoint('rotate:swapped')
      try {
        await this.deps.secrets.delete(row.secretRef)
        this.repo.update(row.id, { staleSecretRef: null, opPid: null })
      } catch {
        // The new secret is stored and in use; the old entry could not be removed now (keychain
        // locked or gone). It stays marked stale and the next reconcile removes it, so the
        // rotate still succeeded and no error claims otherwise.
      }
      return this.view(this.repo.find(row.id)!)
    })
  }

  /**
   * Run at every start: rolls back creates that never reached 'ready', finishes deletes, and
   * removes keychain entries a rotate was writing or retiring when it was interrupted.
   */
  reconcile(): Promise<ReconcileReport> {
    return this.recovery.reconcile()
  }

  /**
   * The expiry banner: the soonest `limit` expired and expiring tokens (not revoked) and how many
   * there are in all.
   * At 50,000 tokens thousands may need it; the banner shows a few, and the list (filtered by
   * status) shows them all, so only the head crosses the bridge.
   */
  attention(limit: number): { items: TokenView[]; expired: number; expiring: number } {
    const now = this.now()
    const windowMs = this.windowMs()
    return { items: this.repo.needingAttention(now, windowMs, limit).map((r) => this.view(r, now, windowMs)), ...this.repo.attentionCounts(now, windowMs) }
  }

  /** How many tokens are expired and expiring (not revoked): the tray's count. */
  attentionCounts(): { expired: number; expiring: number } {
    return this.repo.attentionCounts(this.now(), this.windowMs())
  }

  /** Id, name and expiry of every token that can still expire, for reminder planning. */
  expiryDates(upTo?: number): ExpiryDate[] {
    return this.repo.expiryDates(upTo)
  }

  /** How many tokens can still expire by `upTo`. */
  expiryCount(upTo: number): number {
    return this.repo.expiryCount(upTo)
  }

  /** The `count` soonest of expiryDates(upTo), with every token tied with the last of them. */
  soonestExpiryDates(upTo: number, count: number): ExpiryDate[] {
    return this.repo.soonestExpiryDates(upTo, count)
  }

  /** expiryDates(upTo) of just these tokens. */
  expiryDatesOf(ids: readonly string[], upTo: number): ExpiryDate[] {
    return this.repo.expiryDatesOf(ids, upTo)
  }

  /** The soonest expiry after `after` among tokens that are not revoked, or null. */
  firstExpiryAfter(after: number): number | null {
    return this.repo.firstExpiryAfter(after)
  }
}
