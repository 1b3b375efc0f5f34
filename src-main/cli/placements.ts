import type { PlacementView } from '../core/placements/service'
import type { CopiesService, CopyChange } from '../core/placements/copies'
import { holdsTokenSecret } from '../core/placements/target'
import type { FoundCopyView } from '../core/scan/found-copies-plan'
import { type Io, out } from './io'

const when = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ')

/** The placements as a table: path, format, entry, state, when written. */
export function printPlacements(io: Io, placements: PlacementView[]): void {
  const rows = placements.map((p) => [p.path, p.format, p.entry, p.state, when(p.writtenAt)])
  const head = ['PATH', 'FORMAT', 'ENTRY', 'STATE', 'WRITTEN (UTC)']
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  for (const r of [head, ...rows]) out(io, r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  '))
  for (const p of placements.filter((x) => x.problem)) out(io, `  ${p.path}: ${p.problem}`)
  // Each file once, however many of the token's entries it holds.
  const files = new Map(placements.filter((p) => p.backups.length > 0).map((p) => [p.path, p.backups]))
  for (const [file, backups] of files) {
    out(io, `  ${file}: ${backups.length} earlier ${backups.length === 1 ? 'version' : 'versions'} kept (sealed; --print-version PATH opens one), newest ${backups[0]}`)
  }
}

/** Prints each copy's masked diff, ending every one with a newline. */
export function printDiffs(io: Io, todo: readonly CopyChange[]): void {
  for (const c of todo) io.stdout.write(c.diff.endsWith('\n') ? c.diff : `${c.diff}\n`)
}

/**
 * Rewrites the token into `stale` placements (and `changed` ones when replace): each diff first,
 * masked. `missing` ones are not recreated. Returns what was written and what was left.
 */
export async function updatePlacements(
  io: Io,
  copies: CopiesService,
  tokenId: string,
  opts: { replace: boolean; confirm: () => Promise<boolean> },
): Promise<{ written: PlacementView[]; left: PlacementView[] }> {
  const plan = await copies.planUpdate(tokenId, { replace: opts.replace })
  if (plan.todo.length === 0) return { written: [], left: plan.left }
  printDiffs(io, plan.todo)
  if (!(await opts.confirm())) return { written: [], left: [...plan.todo, ...plan.left] }
  return copies.update(tokenId, { replace: opts.replace, only: plan.todo })
}

/**
 * Why a copy was left, in words: what the file is when it is not a file TokenDesk can read
 * (a named pipe, a link, a folder, text that no longer parses — the placement's problem), else
 * what its entry holds. `changedAdvice` follows "holds something else now" (where --update's --replace).
 */
export function whyLeft(p: PlacementView, changedAdvice: string): string {
  if (p.problem) {
    const what = p.problem.startsWith(p.path) ? p.problem.slice(p.path.length).replace(/^[\s:]+/, '') : p.problem
    return /left it (alone|unchanged)/.test(what) ? what : `${what}; left as it is`
  }
  if (p.state === 'changed') return `holds something else now; ${changedAdvice}`
  if (p.state === 'missing') return 'is gone; not recreated'
  return 'not written'
}

/** The line after a change that leaves copies behind (rotate, revoke, delete). */
export function staleCopiesWarning(io: Io, name: string, placements: PlacementView[], what: string): void {
  const copies = placements.filter(holdsTokenSecret)
  if (copies.length === 0) return
  io.stderr.write(`tokendesk: file entries that ${what} (${copies.length}):\n`)
  for (const p of copies) io.stderr.write(`  ${p.path}  ${p.entry}  (${p.state})\n`)
}

/** The copies of a token, for a warning after a change that already happened: a failure to read them never fails the command. */
export async function copiesForWarning(io: Io, list: () => Promise<{ placements: PlacementView[] }>): Promise<PlacementView[]> {
  try {
    return (await list()).placements
  } catch (e) {
    io.stderr.write(`tokendesk: warning: could not check the copies in files (${e instanceof Error && e.name === 'TokenDeskError' ? e.message : 'unexpected error'})\n`)
    return []
  }
}

/** Where a found copy is: file, line, notebook cell or IPython session, the key, the commit. */
export function foundWhere(c: Pick<FoundCopyView, 'path' | 'line' | 'cell' | 'session' | 'key' | 'commit' | 'commitDate'>): string {
  const at = `${c.path}:${c.line}${c.cell !== undefined ? ` (cell ${c.cell})` : ''}${c.session !== undefined ? ` (session ${c.session})` : ''}`
  return `${at}${c.key ? ` ${c.key}` : ''}${c.commit ? ` in commit ${c.commit.slice(0, 12)}${c.commitDate ? ` (${c.commitDate})` : ''}` : ''}`
}

/** `where`: the copies tokendesk scan found, present ones first, each with when it was last seen or went. */
export function printFoundCopies(io: Io, found: readonly FoundCopyView[]): void {
  if (found.length === 0) return
  out(io, 'Found by tokendesk scan, not written by TokenDesk:')
  for (const c of found) {
    const state =
      c.state === 'present'
        ? `present, last seen ${when(c.lastSeenAt)} UTC`
        : c.state === 'old secret'
          ? `holds an old secret (rotated since; scans look for the current one only), last seen ${when(c.lastSeenAt)} UTC`
          : `gone, not seen by a scan since ${when(c.goneAt!)} UTC`
    out(io, `  ${foundWhere(c)}  ${state}`)
  }
}

/** After rotate or revoke: the found copies TokenDesk cannot update (present, or of an old secret), with what to do. */
export function foundCopiesWarning(io: Io, name: string, found: readonly FoundCopyView[], what: string): void {
  const present = found.filter((c) => c.state !== 'gone')
  if (present.length === 0) return
  io.stderr.write(`tokendesk: copies found by scan that ${what} (${present.length}); update these by hand, then \`tokendesk scan\` again:\n`)
  for (const c of present) io.stderr.write(`  ${foundWhere(c)}\n`)
  if (present.some((c) => c.commit)) io.stderr.write(`  (a copy in git history stays in every clone: only rotating ${name} makes it harmless)\n`)
}

/** The found copies of a token, for a warning after a change that already happened: a failure never fails the command. */
export async function foundCopiesForWarning(io: Io, list: () => Promise<FoundCopyView[]>): Promise<FoundCopyView[]> {
  try {
    return await list()
  } catch (e) {
    io.stderr.write(`tokendesk: warning: could not check the copies scan found (${e instanceof Error && e.name === 'TokenDeskError' ? e.message : 'unexpected error'})\n`)
    return []
  }
}
