import type { AuditEvent, Org } from '../core/model'
import { SECRET_MISSING } from '../core/vocabulary'
import type { TokenView } from '../core/vault'

/** Dates as YYYY-MM-DD in UTC: expiry dates are ends of UTC days, so this is what the user chose. */
export function day(ms: number | null, empty = '-'): string {
  return ms === null ? empty : new Date(ms).toISOString().slice(0, 10)
}

export function stamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'
}

/** Left-aligned columns separated by two spaces; cells are metadata only, never secrets. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')
  return [line(headers), ...rows.map(line)].join('\n')
}

export function tokenTable(items: TokenView[]): string {
  return table(
    ['NAME', 'KIND', 'PLATFORM', 'ORG', 'STATUS', 'EXPIRES', 'LAST USED'],
    items.map((t) => [t.name, t.kind, t.platform, t.org ?? '-', t.status, day(t.expiresAt, 'never'), day(t.lastUsedAt, 'never')]),
  )
}

export function tokenDetail(t: TokenView, audit: AuditEvent[]): string {
  const rows: [string, string][] = [
    ['id', t.id],
    ['name', t.name],
    ['kind', t.kind],
    [t.kind === 'provider' ? 'provider' : 'platform', t.platform],
    ['org', t.org ?? '-'],
    ['status', t.status],
    ['created', stamp(t.createdAt)],
    ['expires', t.expiresAt === null ? 'never' : stamp(t.expiresAt)],
    ['revoked', t.revokedAt === null ? '-' : stamp(t.revokedAt)],
    ['last used', t.lastUsedAt === null ? 'never' : stamp(t.lastUsedAt)],
    ['scopes', t.scopes.length ? t.scopes.join(', ') : '-'],
  ]
  for (const [k, v] of Object.entries(t.fields)) rows.push([`field ${k}`, v])
  if (t.note) rows.push(['note', t.note])
  if (t.problem) rows.push(['problem', t.problem === SECRET_MISSING ? 'the secret is missing from the OS keychain' : t.problem])
  const w = Math.max(...rows.map(([k]) => k.length))
  const history = audit.map((a) => `  ${stamp(a.at)}  ${a.action.padEnd(10)}  by ${a.actor}${a.detail ? `  (${a.detail})` : ''}`)
  return `${rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n')}\n\nHistory:\n${history.join('\n') || '  (none)'}`
}

export function orgTable(orgs: Org[]): string {
  return orgs.length === 0 ? 'No organizations. Add one with: tokendesk org add ORG --role owner|maintainer|member' : table(['ORG', 'ROLE'], orgs.map((o) => [o.name, o.role]))
}
