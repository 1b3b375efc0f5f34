import { describe, expect, it } from 'vitest'
import type { BackupToken } from './format'
import { planRestore, renamed } from './restore-plan'

const tok = (over: Partial<BackupToken>): BackupToken => ({
  id: 'id-1',
  kind: 'personal',
  platform: 'planqk',
  org: null,
  name: 'main',
  scopes: [],
  fields: {},
  note: null,
  createdAt: 1,
  expiresAt: null,
  revokedAt: null,
  lastUsedAt: null,
  secret: 's',
  ...over,
})

describe('planRestore', () => {
  let n = 0
  const newId = () => `new-${++n}`

  it('restores into an empty vault under the same names and new ids (never the file\'s)', () => {
    const plan = planRestore([tok({}), tok({ id: 'id-2', name: 'other' })], [], { rename: false, newId })
    expect(plan.map((s) => [s.action, s.action === 'restore' ? [s.id, s.name] : null])).toEqual([
      ['restore', ['new-1', 'main']],
      ['restore', ['new-2', 'other']],
    ])
  })

  it('skips a clash of kind, platform, org and name, with the reason; the same name elsewhere is no clash', () => {
    const existing = [{ id: 'x', kind: 'personal' as const, platform: 'planqk', org: null, name: 'main' }]
    const plan = planRestore([tok({}), tok({ id: 'id-2', platform: 'qualytics' }), tok({ id: 'id-3', kind: 'provider', platform: 'ibm-quantum', org: 'lab' })], existing, { rename: false, newId })
    expect(plan[0]).toMatchObject({ action: 'skip', reason: 'a personal token named "main" for planqk already exists' })
    expect(plan[1]).toMatchObject({ action: 'restore', name: 'main' })
    expect(plan[2]).toMatchObject({ action: 'restore', name: 'main' })
  })

  it('with rename, a clash is restored as name-restored, then -restored-2', () => {
    const existing = [
      { id: 'a', kind: 'personal' as const, platform: 'planqk', org: null, name: 'main' },
      { id: 'b', kind: 'personal' as const, platform: 'planqk', org: null, name: 'main-restored' },
    ]
    const plan = planRestore([tok({})], existing, { rename: true, newId })
    expect(plan[0]).toMatchObject({ action: 'restore', name: 'main-restored-2', id: expect.stringMatching(/^new-/) })
  })

  it('a taken id gets a new one (the same token restored into its own vault under rename)', () => {
    const existing = [{ id: 'id-1', kind: 'personal' as const, platform: 'planqk', org: null, name: 'main' }]
    const plan = planRestore([tok({})], existing, { rename: true, newId: () => 'fresh' })
    expect(plan[0]).toMatchObject({ action: 'restore', name: 'main-restored', id: 'fresh' })
  })

  it('renamed() keeps names within 64 characters and valid', () => {
    const long = 'a'.repeat(60) + '-bc'
    const r = renamed(long, () => false)
    expect(r.length).toBeLessThanOrEqual(64)
    expect(r).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    expect(r.endsWith('-restored')).toBe(true)
  })
})
