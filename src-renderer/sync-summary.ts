import type { SyncReport } from '../src-preload/contract/channels'

/** One line per connection for the sync toast: what changed, and what is on the platform only. */
export function syncSummary(report: SyncReport): { ok: boolean; lines: string[] } {
  const lines: string[] = []
  let ok = true
  for (const r of report.results) {
    if (!r.ok) {
      ok = false
      lines.push(`${r.connection}: ${r.error ?? 'failed'}`)
      continue
    }
    if (r.skipped) {
      lines.push(`${r.connection}: ${r.skipped}`)
      continue
    }
    const parts = [r.updated.length === 0 ? 'no changes' : `${r.updated.length} ${r.updated.length === 1 ? 'token' : 'tokens'} updated (${r.updated.map((u) => `${u.name}: ${u.changes.join(', ')}`).join('; ')})`]
    const n = r.unknownOnPlatform.length
    if (n > 0) parts.push(`${n} ${n === 1 ? 'token' : 'tokens'} on the platform not in TokenDesk`)
    lines.push(`${r.connection}: ${parts.join('; ')}`)
  }
  if (report.results.length === 0) lines.push('No connections to sync.')
  return { ok, lines }
}
