import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mulberry32 } from '../../../test/helpers/prng'
import { tempDir } from '../../../test/helpers/temp-dir'
import type { Status, TokenKind } from '../model'
import { DAY_MS, tokenStatus } from '../rules/status'
import { openDb, type Db } from './db'
import { listSql, SORT_COLUMNS, TokenRepo, type ListOptions, type SortColumn, type TokenRow } from './token-repo'

// Paging and sorting over a real SQLite file, against a plain JS sort of the same rows: many ties
// (few distinct dates) and NULLs (never used, never expires), so every tie-break and NULL rule is hit.
const NOW = Date.UTC(2026, 10, 24, 12)
const WINDOW = 7 * DAY_MS
const N = 600
let tmp: ReturnType<typeof tempDir>
let db: Db
let repo: TokenRepo
let rows: TokenRow[]

beforeAll(() => {
  tmp = tempDir()
  db = openDb(tmp.dir)
  repo = new TokenRepo(db)
  const rand = mulberry32(20261124)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  db.prepare("INSERT INTO orgs (name, role) VALUES ('qlab', 'member')").run()
  const insert = db.prepare(
    `INSERT INTO tokens (id, kind, platform, org, name, scopes, fields, note, created_at, expires_at, revoked_at, last_used_at, state, secret_ref)
     VALUES (?, ?, ?, ?, ?, '[]', '{}', NULL, ?, ?, ?, ?, ?, ?)`,
  )
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const id = `id-${Math.floor(rand() * 1e9).toString(36)}-${i}`
      insert.run(
        id,
        pick(['personal', 'provider'] as const),
        pick(['planqk', 'qualytics', 'ibm-quantum']),
        pick([null, null, 'qlab']),
        `tok-${pick(['a', 'b', 'c', 'd'])}${i}`,
        NOW - pick([1, 2, 3]) * DAY_MS,
        pick([null, NOW - DAY_MS, NOW + 3 * DAY_MS, NOW + 30 * DAY_MS]),
        rand() < 0.1 ? NOW - DAY_MS : null,
        pick([null, null, NOW - 5 * DAY_MS, NOW - DAY_MS]),
        // Unfinished rows must never be listed.
        rand() < 0.05 ? 'pending' : 'ready',
        `${id}.1`,
      )
    }
  })()
  rows = repo.list({ limit: 1000 }, NOW, WINDOW).items
  expect(rows.length).toBeGreaterThan(N * 0.9)
  expect(rows.every((r) => r.state === 'ready')).toBe(true)
})
afterAll(() => {
  db.close()
  tmp.cleanup()
})

const VALUE: Record<SortColumn, (t: TokenRow) => string | number | null> = {
  name: (t) => t.name,
  platform: (t) => t.platform,
  createdAt: (t) => t.createdAt,
  expiresAt: (t) => t.expiresAt,
  lastUsedAt: (t) => t.lastUsedAt,
  status: (t) => tokenStatus(t, NOW, WINDOW),
}

/** The documented order: the column in the chosen direction, NULLs last either way, then name and id in the same direction. */
function reference(all: TokenRow[], sort: SortColumn, dir: 'asc' | 'desc'): string[] {
  const sign = dir === 'asc' ? 1 : -1
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)
  return [...all]
    .sort((a, b) => {
      const va = VALUE[sort](a)
      const vb = VALUE[sort](b)
      if (va === null || vb === null) {
        if (va !== vb) return va === null ? 1 : -1
      } else if (va !== vb) return sign * cmp(va, vb)
      return sign * (cmp(a.name, b.name) || cmp(a.id, b.id))
    })
    .map((t) => t.id)
}

const FILTERS: { label: string; filter: ListOptions; keep: (t: TokenRow) => boolean }[] = [
  { label: 'personal', filter: { kind: 'personal' }, keep: (t) => t.kind === 'personal' },
  { label: 'provider, qlab', filter: { kind: 'provider', org: 'qlab' }, keep: (t) => t.kind === 'provider' && t.org === 'qlab' },
  { label: 'personal, planqk, own', filter: { kind: 'personal', platform: 'planqk', org: null }, keep: (t) => t.kind === 'personal' && t.platform === 'planqk' && t.org === null },
  { label: 'provider, expiring', filter: { kind: 'provider', status: 'expiring' }, keep: (t) => t.kind === 'provider' && tokenStatus(t, NOW, WINDOW) === 'expiring' },
  { label: 'personal, search "b1"', filter: { kind: 'personal', search: 'B1' }, keep: (t) => t.kind === 'personal' && t.name.includes('b1') },
]

describe('TokenRepo.list', () => {
  for (const { label, filter, keep } of FILTERS) {
    it(`pages every sort in both directions like the reference order (${label})`, () => {
      const subset = rows.filter(keep)
      expect(subset.length).toBeGreaterThan(5)
      for (const sort of SORT_COLUMNS) {
        for (const dir of ['asc', 'desc'] as const) {
          const want = reference(subset, sort, dir)
          const got: string[] = []
          for (let offset = 0; offset < subset.length; offset += 37) {
            const page = repo.list({ ...filter, sort, dir, limit: 37, offset }, NOW, WINDOW)
            expect(page.total).toBe(subset.length)
            got.push(...page.items.map((t) => t.id))
          }
          expect(got, `${sort} ${dir}`).toEqual(want)
        }
      }
    })
  }

  it('walks an index for every column sort within a kind, never sorting all rows', () => {
    // A temp B-tree here means the first page of 50,000 tokens sorts all 50,000 (bench/renderer).
    for (const sort of SORT_COLUMNS.filter((s) => s !== 'status')) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const kind of ['personal', 'provider', 'service'] as TokenKind[]) {
          const q = listSql({ kind, sort, dir, limit: 200, offset: 400 }, NOW, WINDOW)
          const plan = db
            .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${q.page}`)
            .all(q.params)
            .map((r) => r.detail)
            .join(' | ')
          expect(plan, `${kind} ${sort} ${dir}`).toMatch(/USING INDEX tokens_list_by_/)
          expect(plan, `${kind} ${sort} ${dir}`).not.toMatch(/TEMP B-TREE/)
        }
      }
    }
    const count = listSql({ kind: 'personal' }, NOW, WINDOW)
    const countPlan = db
      .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${count.count}`)
      .all(count.params)
      .map((r) => r.detail)
      .join(' | ')
    expect(countPlan).toMatch(/USING COVERING INDEX/)
    // The provider list's group counts (its default sort) walk the platform index too.
    for (const dir of ['asc', 'desc'] as const) {
      const g = listSql({ kind: 'provider', sort: 'platform', dir }, NOW, WINDOW)
      const groupPlan = db
        .prepare<Record<string, unknown>, { detail: string }>(`EXPLAIN QUERY PLAN ${g.groups}`)
        .all(g.params)
        .map((r) => r.detail)
        .join(' | ')
      expect(groupPlan, dir).toMatch(/USING (COVERING )?INDEX tokens_(list|ready)_by_platform/)
      expect(groupPlan, dir).not.toMatch(/TEMP B-TREE/)
    }
  })

  it('filters by status exactly as tokenStatus does', () => {
    for (const status of ['active', 'expiring', 'expired', 'revoked'] as Status[]) {
      const got = repo.list({ status, limit: 1000 }, NOW, WINDOW).items.map((t) => t.id).sort()
      const want = rows.filter((t) => tokenStatus(t, NOW, WINDOW) === status).map((t) => t.id).sort()
      expect(got.length).toBeGreaterThan(0)
      expect(got).toEqual(want)
    }
  })
})
