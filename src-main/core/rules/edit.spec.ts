import { describe, expect, it } from 'vitest'
import { planEdit } from './edit'
import { DAY_MS } from './status'

const NOW = Date.UTC(2026, 10, 30, 12)
const tok = { kind: 'provider' as const, org: null, name: 'braket', expiresAt: null, scopes: ['a'], fields: { region: 'us-east-1' }, note: null, connectionId: null }

describe('planEdit', () => {
  it('says what changes by name, never a field value', () => {
    const p = planEdit(tok, { name: 'braket-2', expires: '90d', scopes: ['a', 'b', 'b'], fields: { aws_access_key_id: 'AKIASECRETLOOKING' }, unsetFields: ['region'], note: 'lab' }, NOW)
    expect(p.patch).toEqual({ name: 'braket-2', expiresAt: NOW + 90 * DAY_MS, scopes: ['a', 'b'], fields: { aws_access_key_id: 'AKIASECRETLOOKING' }, note: 'lab' })
    expect(p.changes).toEqual(['name braket → braket-2', 'expiry never → 2027-02-28', 'scopes a → a b', 'fields aws_access_key_id set region removed', 'note changed'])
    expect(p.changes.join(' ')).not.toContain('AKIASECRETLOOKING')
  })

  it('changes nothing when nothing differs', () => {
    expect(planEdit(tok, { name: 'braket', scopes: ['a'], fields: { region: 'us-east-1' }, note: null, expires: 'never' }, NOW)).toEqual({ patch: {}, changes: [] })
  })

  it('refuses what is not the token’s or not TokenDesk’s to change', () => {
    expect(() => planEdit(tok, { unsetFields: ['nope'] }, NOW)).toThrow(/has no field nope/)
    expect(() => planEdit(tok, { fields: { region: 'x' }, unsetFields: ['region'] }, NOW)).toThrow(/both set and unset/)
    expect(() => planEdit({ ...tok, kind: 'personal' }, { expires: 'never' }, NOW)).toThrow(/a personal token must expire/)
    const linked = { ...tok, connectionId: 'c1' }
    expect(() => planEdit(linked, { expires: '30d' }, NOW)).toThrow(/keeps its expiry; sync brings it over/)
    expect(() => planEdit(linked, { scopes: [] }, NOW)).toThrow(/keeps its scopes/)
    expect(planEdit(linked, { name: 'renamed', note: 'n' }, NOW).changes).toEqual(['name braket → renamed', 'note changed'])
  })

  it('keeps a service token naming its service account, and lets it go without expiry', () => {
    const svc = { ...tok, kind: 'service' as const, org: 'acme', fields: { service_account: 'etl-bot' } }
    expect(() => planEdit(svc, { unsetFields: ['service_account'] }, NOW)).toThrow(/names its service account: set the field service_account/)
    expect(() => planEdit(svc, { fields: { service_account: ' ' } }, NOW)).toThrow(/names its service account/)
    expect(planEdit(svc, { fields: { service_account: 'ci-bot' } }, NOW).changes).toEqual(['fields service_account set'])
    expect(planEdit({ ...svc, expiresAt: NOW }, { expires: 'never' }, NOW).patch).toEqual({ expiresAt: null })
  })
})
