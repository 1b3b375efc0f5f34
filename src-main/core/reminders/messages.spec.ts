import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../rules/status'
import { expiryPhrase, reminderMessage } from './messages'
import { groupMissed, MAX_NAMES_IN_BODY } from './missed'
import { HOUR_MS, type Reminder } from './plan'

const NOW = Date.UTC(2026, 10, 24, 12, 0, 0)
const rem = (name: string, expiresAt: number, leadMs = 0): Reminder => ({
  key: `${name}:${leadMs}`,
  tokenId: name,
  tokenName: name,
  leadMs,
  expiresAt,
  dueAt: expiresAt - leadMs,
  state: expiresAt <= NOW ? 'expired' : 'expiring',
})

describe('reminder messages', () => {
  it('words each default lead time', () => {
    expect(reminderMessage(rem('ibm-main', NOW + 7 * DAY_MS), NOW, 'UTC')).toEqual({
      title: 'Token ibm-main expires in 7 days',
      body: 'It stops working on 1 Dec 2026, 12:00. Rotate it before then to avoid failed jobs.',
    })
    expect(reminderMessage(rem('ibm-main', NOW + DAY_MS), NOW, 'UTC').title).toBe('Token ibm-main expires tomorrow')
    expect(reminderMessage(rem('ibm-main', NOW), NOW, 'UTC')).toEqual({
      title: 'Token ibm-main has expired',
      body: 'It stopped working on 24 Nov 2026, 12:00. Rotate it or remove it from TokenDesk.',
    })
  })

  it('says how much time is really left when shown late or after a snooze', () => {
    expect(expiryPhrase(NOW + 23 * HOUR_MS, NOW)).toBe('expires in 23 hours')
    expect(expiryPhrase(NOW + HOUR_MS, NOW)).toBe('expires in 1 hour')
    expect(expiryPhrase(NOW + 90_000, NOW)).toBe('expires in 2 minutes')
    expect(expiryPhrase(NOW + 1, NOW)).toBe('expires in 1 minute')
    expect(expiryPhrase(NOW + 25 * HOUR_MS, NOW, 'UTC')).toBe('expires tomorrow')
    expect(expiryPhrase(NOW + 36 * HOUR_MS - 1, NOW, 'UTC')).toBe('expires tomorrow')
    expect(expiryPhrase(NOW + 36 * HOUR_MS, NOW, 'UTC')).toBe('expires in 2 days')
    expect(expiryPhrase(NOW + 6 * DAY_MS + 13 * HOUR_MS, NOW, 'UTC')).toBe('expires in 7 days')
    expect(expiryPhrase(NOW - DAY_MS, NOW)).toBe('has expired')
  })

  it('counts calendar days, so a token valid through a date reads the same at any hour of today', () => {
    // Valid through 3 Dec (UTC), looked at on 30 Nov just after midnight and just before the next:
    // it once said "4 days" at 00:06 and "3 days" at 23:33, while the list said "in 3 days" all day.
    const end = Date.UTC(2026, 11, 3, 23, 59, 59, 999)
    expect(expiryPhrase(end, Date.UTC(2026, 10, 30, 0, 6), 'UTC')).toBe('expires in 3 days')
    expect(expiryPhrase(end, Date.UTC(2026, 10, 30, 23, 33), 'UTC')).toBe('expires in 3 days')
    expect(expiryPhrase(end, Date.UTC(2026, 11, 2, 0, 1), 'UTC')).toBe('expires tomorrow')
    // The day is the zone's: 00:30 on the 1st in Tokyo is still the 30th in UTC.
    expect(expiryPhrase(end, Date.UTC(2026, 10, 30, 15, 30), 'Asia/Tokyo')).toBe('expires in 3 days')
    expect(expiryPhrase(end, Date.UTC(2026, 10, 30, 15, 30), 'UTC')).toBe('expires in 3 days')
  })

  it('renders the date in the zone it is given', () => {
    expect(reminderMessage(rem('a', NOW + DAY_MS), NOW, 'Asia/Tokyo').body).toContain('25 Nov 2026, 21:00')
  })
})

describe('groupMissed', () => {
  it('returns null when nothing was missed and a single line for one reminder', () => {
    expect(groupMissed([], NOW)).toBeNull()
    expect(groupMissed([rem('qlab', NOW + DAY_MS, DAY_MS)], NOW)).toMatchObject({ title: 'Token qlab expires tomorrow' })
  })

  it('groups expired and expiring tokens into one notification naming them, soonest first', () => {
    const s = groupMissed([rem('late', NOW + 5 * DAY_MS, 7 * DAY_MS), rem('gone', NOW - DAY_MS), rem('soon', NOW + DAY_MS, DAY_MS)], NOW)!
    expect(s.expired.map((r) => r.tokenName)).toEqual(['gone'])
    expect(s.expiringSoon.map((r) => r.tokenName)).toEqual(['soon', 'late'])
    expect(s.title).toBe('3 tokens need attention')
    expect(s.body).toBe('Expired: gone. Expiring soon: soon, late (the first expires tomorrow).')
  })

  it('titles single-kind groups and shortens long lists', () => {
    const expired = Array.from({ length: 8 }, (_, i) => rem(`t${i}`, NOW - (i + 1) * HOUR_MS))
    const s = groupMissed(expired, NOW)!
    expect(s.title).toBe('8 tokens have expired')
    expect(s.body).toBe(`Expired: t7, t6, t5, t4, t3 and ${8 - MAX_NAMES_IN_BODY} more.`)
    expect(groupMissed([rem('a', NOW + DAY_MS), rem('b', NOW + 2 * DAY_MS)], NOW)!.title).toBe('2 tokens expire soon')
  })
})
