import { describe, expect, it } from 'vitest'
import { TokenDeskError } from '../errors'
import { NameSchema } from '../model'
import { DEFAULT_EXPIRY, MAX_EXPIRY_MS, resolveExpiry } from './expiry'
import { assertCanPerform, canPerform, denial } from './permissions'
import { DAY_MS, tokenStatus } from './status'

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0)

describe('tokenStatus', () => {
  it('derives each status from timestamps and the clock', () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: NOW + 30 * DAY_MS }, NOW)).toBe('active')
    expect(tokenStatus({ revokedAt: null, expiresAt: NOW + 7 * DAY_MS }, NOW)).toBe('expiring')
    expect(tokenStatus({ revokedAt: null, expiresAt: NOW + 7 * DAY_MS + 1 }, NOW)).toBe('active')
    expect(tokenStatus({ revokedAt: null, expiresAt: NOW }, NOW)).toBe('expired')
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, NOW)).toBe('active')
    expect(tokenStatus({ revokedAt: NOW - 1, expiresAt: NOW - DAY_MS }, NOW)).toBe('revoked')
  })
  it('moves with the clock: the same token is active, then expiring, then expired', () => {
    const t = { revokedAt: null, expiresAt: NOW + 10 * DAY_MS }
    expect([0, 4, 10].map((d) => tokenStatus(t, NOW + d * DAY_MS))).toEqual(['active', 'expiring', 'expired'])
  })
  it('honours a custom reminder window', () => {
    expect(tokenStatus({ revokedAt: null, expiresAt: NOW + 10 * DAY_MS }, NOW, 14 * DAY_MS)).toBe('expiring')
  })
})

describe('resolveExpiry', () => {
  it('takes the grammar exactly: white space around a value and a leading zero are refused', () => {
    for (const bad of [' 30d', '30d ', '\t30d', '30d\n', '030d', '007d', ' never', '2027-01-01 ']) {
      expect(() => resolveExpiry(bad, NOW, { allowNever: true }), JSON.stringify(bad)).toThrow(/invalid expiry/)
    }
    expect(() => resolveExpiry('0d', NOW, { allowNever: true })).toThrow(/1d to 1825d/)
    expect(resolveExpiry('45d', NOW, { allowNever: true })).toBe(NOW + 45 * DAY_MS)
  })

  const personal = { allowNever: false }
  it('defaults to 30 days and maps every preset', () => {
    expect(DEFAULT_EXPIRY).toBe('30d')
    expect(resolveExpiry(undefined, NOW, personal)).toBe(NOW + 30 * DAY_MS)
    expect(resolveExpiry('60d', NOW, personal)).toBe(NOW + 60 * DAY_MS)
    expect(resolveExpiry('90d', NOW, personal)).toBe(NOW + 90 * DAY_MS)
    expect(resolveExpiry('1y', NOW, personal)).toBe(NOW + 365 * DAY_MS)
  })
  it('accepts any number of days from 1 to 1825 (platforms such as AceCloud take a day count)', () => {
    expect(resolveExpiry('45d', NOW, personal)).toBe(NOW + 45 * DAY_MS)
    expect(resolveExpiry('1d', NOW, personal)).toBe(NOW + DAY_MS)
    expect(resolveExpiry('1825d', NOW, personal)).toBe(NOW + 1825 * DAY_MS)
  })
  it('accepts a date with a time, in the local time zone (the tests run in UTC)', () => {
    expect(resolveExpiry('2026-12-01T09:30', NOW, personal)).toBe(new Date(2026, 11, 1, 9, 30).getTime())
    expect(() => resolveExpiry('2026-11-01T09:30', NOW, personal)).toThrow(/in the past; choose a future time/)
  })
  it('accepts a custom future date as the end of that UTC day', () => {
    expect(resolveExpiry('2027-01-15', NOW, personal)).toBe(Date.UTC(2027, 0, 15, 23, 59, 59, 999))
  })
  it('rejects past dates, impossible dates, dates over 5 years and junk with specific messages', () => {
    expect(() => resolveExpiry('2026-11-23', NOW, personal)).toThrow(/in the past/)
    expect(() => resolveExpiry('2027-02-30', NOW, personal)).toThrow(/no such day/)
    expect(() => resolveExpiry('2032-01-01', NOW, personal)).toThrow(/more than 5 years/)
    expect(() => resolveExpiry('45x', NOW, personal)).toThrow(/use 30d, 60d, 90d, 1y, a number of days \(e\.g\. 45d\), a date YYYY-MM-DD or a local time YYYY-MM-DDTHH:MM$/)
    expect(() => resolveExpiry('0d', NOW, personal)).toThrow(/a number of days is 1d to 1825d/)
    expect(() => resolveExpiry('1826d', NOW, personal)).toThrow(/a number of days is 1d to 1825d/)
    expect(() => resolveExpiry('2027-02-30T10:00', NOW, personal)).toThrow(/no such day or time/)
    expect(() => resolveExpiry('2026-11-24T25:00', NOW, personal)).toThrow(/no such day or time/)
    expect(() => resolveExpiry('\u0000'.repeat(5000), NOW, personal)).toThrow(TokenDeskError)
    expect(NOW + MAX_EXPIRY_MS).toBeGreaterThan(resolveExpiry('2031-11-01', NOW, personal) ?? 0)
  })
  it('allows never only where asked (provider tokens)', () => {
    expect(() => resolveExpiry('never', NOW, personal)).toThrow(/a personal token must expire/)
    expect(resolveExpiry('never', NOW, { allowNever: true })).toBeNull()
  })
})

describe('NameSchema', () => {
  it.each(['a', 'my-token', 'ibm-2026', 'x'.repeat(64)])('accepts %s', (n) => {
    expect(NameSchema.safeParse(n).success).toBe(true)
  })
  it.each(['', 'My-Token', 'a--b', '-a', 'a-', 'a_b', 'a b', 'x'.repeat(65), 'ä', 'a\u0000'])('rejects %j', (n) => {
    expect(NameSchema.safeParse(n).success).toBe(false)
  })
})

describe('org permissions', () => {
  it('lets owners and maintainers manage and every member use', () => {
    expect(canPerform('owner', 'delete')).toBe(true)
    expect(canPerform('maintainer', 'add')).toBe(true)
    expect(canPerform('member', 'add')).toBe(false)
    expect(canPerform('member', 'use')).toBe(true)
  })
  it('names the role needed when refusing', () => {
    expect(() => assertCanPerform('qlab', 'member', 'revoke', 'service token')).toThrow(/you are a member of "qlab"; only an owner or maintainer may revoke its service tokens/)
    expect(denial('qlab', 'maintainer', 'delete', 'provider token')).toBeNull()
  })
})
