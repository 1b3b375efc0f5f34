import { describe, expect, it } from 'vitest'
import { findOrphans, tokenIdOfRef } from './doctor'
import type { AuditEvent } from './model'

const id = '1b4e28ba-2fa1-41d2-883f-0016d3cca427'
const other = '6fa459ea-ee8a-4ca4-894e-db77e160355e'
const ev = (tokenId: string, action: AuditEvent['action'], at: number): AuditEvent => ({ id: at, tokenId, tokenName: 'old-name', action, at, actor: 'cli', detail: null })

describe('findOrphans', () => {
  it('reads the token id out of a ref; connection refs and foreign accounts name none', () => {
    expect(tokenIdOfRef(`${id}.3`)).toBe(id)
    expect(tokenIdOfRef('connection-abc.1')).toBeNull()
    expect(tokenIdOfRef('someone-else')).toBeNull()
  })
  it('only refs nothing points at; audit-proven deleted ones are reclaimable, the rest need the user', () => {
    const r = findOrphans({
      keychainRefs: [`${id}.2`, `${other}.1`, 'connection-x.1', 'known.1', 'foreign-account'],
      knownRefs: new Set(['known.1']),
      history: (t) => (t === id ? [ev(id, 'deleted', 20), ev(id, 'created', 10)] : []),
    })
    expect(r.reclaimable).toEqual([{ ref: `${id}.2`, tokenId: id, lastName: 'old-name', deletedAt: 20 }])
    expect(r.unknown.map((o) => o.ref)).toEqual([`${other}.1`, 'connection-x.1', 'foreign-account'])
    expect(r.unknown.every((o) => o.deletedAt === null)).toBe(true)
  })
})
