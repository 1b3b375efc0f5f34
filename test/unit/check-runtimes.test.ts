import { describe, expect, it } from 'vitest'
import { lowestMajor, ltsLines, nodePhase, runtimeReport, supportedElectronMajors } from '../../scripts/check-runtimes.mjs'

// Node's published schedule for these majors (node-releases' release-schedule.json).
const schedule = {
  v20: { start: '2023-04-18', lts: '2023-10-24', maintenance: '2024-10-22', end: '2026-04-30' },
  v22: { start: '2024-04-24', lts: '2024-10-29', maintenance: '2025-10-21', end: '2027-04-30' },
  v24: { start: '2025-05-06', lts: '2025-10-28', maintenance: '2026-10-20', end: '2028-04-30' },
  v25: { start: '2025-10-15', maintenance: '2026-04-01', end: '2026-06-01' },
  v26: { start: '2026-05-05', lts: '2026-10-28', maintenance: '2027-10-20', end: '2029-04-30' },
}
const electronVersions = ['41.7.1', '42.0.0', '43.4.1', '44.0.0', '45.0.0-beta.3', '45.5.0', '46.0.0-alpha.1']

describe('check:runtimes (scripts/check-runtimes.mjs)', () => {
  it('Electron: the latest three stable majors; prereleases do not count', () => {
    expect(supportedElectronMajors(electronVersions)).toEqual([45, 44, 43])
  })

  it('Node: the phase of a major on a given day', () => {
    expect(nodePhase(schedule.v20, '2026-11-29')).toBe('end-of-life')
    expect(nodePhase(schedule.v22, '2026-11-29')).toBe('maintenance-lts')
    expect(nodePhase(schedule.v24, '2026-06-01')).toBe('active-lts')
    expect(nodePhase(schedule.v25, '2026-01-01')).toBe('current') // odd majors never become LTS
    expect(nodePhase(schedule.v26, '2026-06-01')).toBe('current')
    expect(nodePhase(undefined, '2026-06-01')).toBe('unknown')
    expect(ltsLines(schedule, '2026-11-29').map((l) => l.major)).toEqual([26, 24, 22])
  })

  it('reads the lowest major an engines range allows', () => {
    expect(lowestMajor('>=22.14')).toBe(22)
    expect(lowestMajor('^22.14 || >=24')).toBe(22)
    expect(lowestMajor('')).toBeNull()
  })

  it('today: Electron 45 on Node 24 with engines >=22.14 is supported', () => {
    const r = runtimeReport({
      electron: '45.5.0',
      electronVersions,
      node: [
        { label: 'running', version: 'v24.22.3' },
        { label: 'engines', version: '22' },
      ],
      schedule,
      today: '2026-11-29',
    })
    expect(r.ok).toBe(true)
    expect(r.lines.at(-1)).toBe('verdict: supported')
  })

  it('the state this issue started from is unsupported, and each part says why', () => {
    const r = runtimeReport({ electron: '41.7.1', electronVersions, node: [{ label: 'running', version: 'v20.20.2' }], schedule, today: '2026-11-29' })
    expect(r.ok).toBe(false)
    expect(r.lines[0]).toMatch(/^Electron 41\.7\.1 .*UNSUPPORTED — supported majors 45, 44, 43/)
    expect(r.lines[1]).toBe('Node v20.20.2 (running): UNSUPPORTED — end-of-life, end of life 2026-04-30')
    expect(r.lines.at(-1)).toMatch(/^verdict: unsupported/)
  })

  it('a new Electron major makes the oldest of three unsupported', () => {
    const r = runtimeReport({ electron: '43.4.1', electronVersions: [...electronVersions, '46.0.0'], node: [], schedule, today: '2026-12-30' })
    expect(r.ok).toBe(false)
  })
})
