import { TokenDeskError } from '../errors'
import { readCredential } from '../sdk-config/read-entries'
import type { SdkConfigService } from '../sdk-config/service'
import { previewEntryRemoval, readConfigText } from '../sdk-config/write'
import type { Vault } from '../vault'
import path from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { isEnvFileName } from '../import/walk'
import type { FoundCopies } from '../scan/found-copies'
import type { PlacementService, PlacementView } from './service'
import { copiesToUpdate, copiesToRemove, sameCopy, targetOf, type CopyKey } from './target'

/** Which copies can become references: .env entries that hold the token's current secret. */
function toReferences(list: PlacementView[]): { todo: PlacementView[]; left: PlacementView[] } {
  const todo = list.filter((p) => p.format === 'dotenv' && p.state === 'current')
  return { todo, left: list.filter((p) => !todo.includes(p) && p.state !== 'reference') }
}

/** A copy with the masked diff of what updating or removing it would change. */
export type CopyChange = PlacementView & { diff: string }

export interface CopiesPlan {
  todo: CopyChange[]
  /** Copies the operation leaves alone (changed by someone, gone, or not selected). */
  left: PlacementView[]
}

export interface CopiesOptions {
  /** Also rewrite copies someone changed (update only). */
  replace?: boolean
  /** Only these copies (the app's checklist); all that qualify when absent. */
  only?: readonly CopyKey[]
}

/**
 * "Update the copies" and "remove the copies" of a token, for the CLI (where --update,
 * rotate --update-configs, delete --remove-from-configs) and the app alike: which copies, their
 * masked diffs, then the writes. The files are read again at each step, so a copy edited between
 * the plan and the write is found changed and left alone.
 */
export class CopiesService {
  constructor(private readonly deps: { placements: PlacementService; sdk: SdkConfigService; vault: Vault; found?: FoundCopies }) {}

  /**
   * The .env lines tokendesk scan found holding this token's secret that TokenDesk did not write,
   * as copies `--to-references` may take: current when the line's value is exactly the secret now
   * (the dotenv reader's value), changed otherwise (part of a longer value, edited since) — left
   * and said. Lines in git history or other files are not offered: there is no entry to rewrite.
   */
  private async foundEnvCopies(tokenId: string, placements: readonly PlacementView[]): Promise<PlacementView[]> {
    if (!this.deps.found) return []
    let secret: string | null = null
    try {
      secret = await this.deps.vault.peekSecret(tokenId)
    } catch (e) {
      if (!(e instanceof TokenDeskError && e.code === 'not_found')) throw e
    }
    const seen = new Set<string>()
    const out: PlacementView[] = []
    for (const c of await this.deps.found.list(tokenId)) {
      if (c.state !== 'present' || c.commit || !isEnvFileName(path.basename(c.path))) continue
      let text: string | null = null
      let problem: string | undefined
      try {
        text = readConfigText(c.path)
      } catch (e) {
        problem = e instanceof Error ? e.message : 'unreadable'
      }
      // The variable the line assigns, by the dotenv reader (scan names it only when the secret
      // starts the value: PLANQK_TOKEN=prefix-SECRET is still that variable's line).
      const key = c.key ?? (text === null ? undefined : Object.keys(parseDotenv(text.split(/\r?\n/)[c.line - 1] ?? ''))[0])
      if (!key) continue
      const id = `${c.path}\0${key}`
      if (seen.has(id) || placements.some((p) => p.path === c.path && p.format === 'dotenv' && p.entry === key)) continue
      seen.add(id)
      const base = { path: c.path, format: 'dotenv' as const, entry: key, writtenAt: c.firstFoundAt, holds: 'secret' as const, backups: [], foundByScan: true as const }
      if (problem !== undefined) {
        out.push({ ...base, state: 'changed', problem })
        continue
      }
      const now = readCredential('dotenv', text, key, c.path)
      out.push({ ...base, state: now === null ? 'missing' : secret !== null && now.secret === secret ? 'current' : 'changed' })
    }
    return out
  }

  /** The token's copies `pick` acts on (and, withFound, the .env lines scan found), narrowed to `only`. */
  private async select(ref: string, pick: (list: PlacementView[]) => { todo: PlacementView[]; left: PlacementView[] }, only?: readonly CopyKey[], withFound = false) {
    const { token, placements } = await this.deps.placements.list(ref)
    const { todo, left } = pick(withFound ? [...placements, ...(await this.foundEnvCopies(token.id, placements))] : placements)
    if (!only) return { tokenId: token.id, todo, left }
    const chosen = todo.filter((p) => only.some((k) => sameCopy(k, p)))
    return { tokenId: token.id, todo: chosen, left: [...todo.filter((p) => !chosen.includes(p)), ...left] }
  }

  async planUpdate(ref: string, opts: CopiesOptions = {}): Promise<CopiesPlan> {
    const replace = opts.replace === true
    const { tokenId, todo, left } = await this.select(ref, (l) => copiesToUpdate(l, replace), opts.only)
    const changes: CopyChange[] = []
    for (const p of todo) changes.push({ ...p, diff: (await this.deps.sdk.preview(targetOf(tokenId, p, replace))).diff })
    return { todo: changes, left }
  }

  /** Rewrites the chosen stale (and, with replace, changed) copies with the current secret. */
  async update(ref: string, opts: CopiesOptions = {}): Promise<{ written: PlacementView[]; left: PlacementView[] }> {
    const replace = opts.replace === true
    const { tokenId, todo, left } = await this.select(ref, (l) => copiesToUpdate(l, replace), opts.only)
    return { written: await this.writeInto(todo, tokenId, replace), left }
  }

  /** Writes token `tokenId` into each copy's entry, one after the other; returns the copies written. */
  private async writeInto(todo: readonly PlacementView[], tokenId: string, replace: boolean): Promise<PlacementView[]> {
    const written: PlacementView[] = []
    for (const p of todo) {
      await this.deps.sdk.write(targetOf(tokenId, p, replace))
      written.push(p)
    }
    return written
  }

  /**
   * The token's plaintext copies in .env files, turned into references (where --to-references):
   * only an entry whose value is exactly the token's secret (current) — anything else is left and
   * said. Each goes through the same locked write as any other (the file otherwise byte for byte).
   */
  async planReferences(ref: string): Promise<CopiesPlan> {
    const { tokenId, todo, left } = await this.select(ref, toReferences, undefined, true)
    const changes: CopyChange[] = []
    for (const p of todo) changes.push({ ...p, diff: (await this.deps.sdk.preview(targetOf(tokenId, p, false, true))).diff })
    return { todo: changes, left }
  }

  async toReferences(ref: string, opts: Pick<CopiesOptions, 'only'> = {}): Promise<{ written: PlacementView[]; left: PlacementView[] }> {
    const { tokenId, todo, left } = await this.select(ref, toReferences, opts.only, true)
    const written: PlacementView[] = []
    for (const p of todo) {
      await this.deps.sdk.write(targetOf(tokenId, p, false, true))
      if (p.foundByScan) this.deps.found?.referenced(tokenId, p.path, p.entry)
      written.push(p)
    }
    return { written, left }
  }

  /**
   * After a rename: each reference TokenDesk wrote for the token names it by its old name, so it
   * is rewritten (the same locked write; a reference someone changed since is refused and left).
   * Returns what was rewritten and what could not be, with why.
   */
  async renameReferences(tokenId: string): Promise<{ rewritten: PlacementView[]; failed: { copy: PlacementView; why: string }[] }> {
    const { placements } = await this.deps.placements.list(tokenId)
    const rewritten: PlacementView[] = []
    const failed: { copy: PlacementView; why: string }[] = []
    for (const p of placements.filter((x) => x.holds === 'reference' && x.state !== 'missing')) {
      try {
        await this.deps.sdk.write(targetOf(tokenId, p, false, true))
        rewritten.push(p)
      } catch (e) {
        failed.push({ copy: p, why: e instanceof TokenDeskError ? e.message : 'unexpected error' })
      }
    }
    return { rewritten, failed }
  }

  /** The secrets a removal's diff must mask: the token's current one and whatever the entry holds now. */
  private async secretsOf(tokenId: string, p: PlacementView): Promise<string[]> {
    const out: string[] = []
    try {
      out.push(await this.deps.vault.peekSecret(tokenId))
    } catch (e) {
      if (!(e instanceof TokenDeskError && e.code === 'not_found')) throw e
    }
    const found = readCredential(p.format, readConfigText(p.path), p.entry, p.path)
    if (found) out.push(found.secret)
    return out
  }

  async planRemoval(ref: string, opts: Pick<CopiesOptions, 'only'> = {}): Promise<CopiesPlan> {
    const { tokenId, todo, left } = await this.select(ref, copiesToRemove, opts.only)
    const changes: CopyChange[] = []
    const gone: PlacementView[] = []
    for (const p of todo) {
      const preview = previewEntryRemoval({ path: p.path, format: p.format, entry: p.entry, secrets: await this.secretsOf(tokenId, p) })
      if (preview) changes.push({ ...p, diff: preview.diff })
      else gone.push({ ...p, state: 'missing' })
    }
    return { todo: changes, left: [...gone, ...left] }
  }

  /**
   * Takes the token's entry out of each chosen copy that holds this token's secret (current or
   * stale); a copy someone changed is never touched. Removed copies are forgotten.
   */
  async remove(ref: string, opts: Pick<CopiesOptions, 'only'> = {}): Promise<{ removed: PlacementView[]; left: PlacementView[] }> {
    const { tokenId, todo, left } = await this.select(ref, copiesToRemove, opts.only)
    const removed: PlacementView[] = []
    const kept: PlacementView[] = []
    for (const p of todo) {
      // Decided again from the file as it is now, under its lock: an entry changed since the plan
      // (someone else's secret there now) is left, and said so, never removed.
      const r = await this.deps.sdk.removeOwnEntry(tokenId, { path: p.path, format: p.format, entry: p.entry })
      if (r.outcome === 'foreign') {
        kept.push({ ...p, state: 'changed' })
        continue
      }
      this.deps.placements.forget(p)
      if (r.outcome === 'removed') removed.push(p)
      else kept.push({ ...p, state: 'missing' })
    }
    return { removed, left: [...kept, ...left] }
  }
}
