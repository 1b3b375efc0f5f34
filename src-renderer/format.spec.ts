import { describe, expect, it } from 'vitest'
import { inSentence, relative, relativeUnit } from './format'

describe('relativeUnit', () => {
  it('says what Intl.RelativeTimeFormat("en", { numeric: "auto" }) says, for every unit', () => {
    const intl = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
    for (const unit of ['minute', 'hour', 'day', 'month', 'year'] as const) {
      for (let n = -1500; n <= 1500; n++) expect(relativeUnit(n, unit), `${n} ${unit}`).toBe(intl.format(n, unit))
      expect(relativeUnit(-0, unit)).toBe(intl.format(-0, unit))
      expect(relativeUnit(1_234_567, unit)).toBe(intl.format(1_234_567, unit))
    }
  })
})

describe('relative', () => {
  const NOW = new Date(2026, 10, 24, 12, 0).getTime()
  it('picks the unit by distance and counts days by calendar day', () => {
    expect(relative(NOW + 20_000, NOW)).toBe('in under a minute')
    expect(relative(NOW - 20_000, NOW)).toBe('just now')
    expect(relative(NOW + 5 * 60_000, NOW)).toBe('in 5 minutes')
    expect(relative(NOW - 3 * 3_600_000, NOW)).toBe('3 hours ago')
    expect(relative(new Date(2026, 10, 25, 1, 0).getTime(), NOW)).toBe('in 13 hours')
    expect(relative(new Date(2026, 10, 27, 0, 30).getTime(), NOW)).toBe('in 3 days')
    expect(relative(new Date(2026, 10, 23, 9, 0).getTime(), NOW)).toBe('yesterday')
    expect(relative(NOW + 90 * 86_400_000, NOW)).toBe('in 3 months')
    expect(relative(NOW - 800 * 86_400_000, NOW)).toBe('2 years ago')
  })
})

describe('inSentence', () => {
  it('keeps an acronym the platform writes in capitals, lower-cases any other first word', () => {
    expect(inSentence('API key')).toBe('API key')
    expect(inSentence('Personal access token')).toBe('personal access token')
    expect(inSentence('Secret access key')).toBe('secret access key')
    expect(inSentence('Connection string')).toBe('connection string')
  })
})
