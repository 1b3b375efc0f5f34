import { describe, expect, it } from 'vitest'
import { progressLine, progressText } from './progress-line'

describe('progress line', () => {
  it('says files, bytes and copies found', () => {
    expect(progressText({ files: 12345, bytes: 56_700_000, findings: 1 })).toBe('scanning: 12,345 files, 56.7 MB, 1 copy found')
    expect(progressText({ files: 2, bytes: 4_200_000_000, findings: 3 })).toBe('scanning: 2 files, 4.20 GB, 3 copies found')
  })

  it('on a terminal: rewrites one line at most every 100 ms and clears it at the end', () => {
    const written: string[] = []
    let now = 0
    const line = progressLine({ isTTY: true, write: (s: string) => written.push(s) }, () => now)
    line.update({ files: 1, bytes: 10, findings: 0 })
    now = 50
    line.update({ files: 2, bytes: 20, findings: 0 })
    now = 120
    line.update({ files: 3, bytes: 30, findings: 1 })
    line.done()
    expect(written).toEqual(['\rscanning: 1 files, 0.0 MB, 0 copies found\x1b[K', '\rscanning: 3 files, 0.0 MB, 1 copy found\x1b[K', '\r\x1b[K'])
  })

  it('not on a terminal: writes nothing', () => {
    const written: string[] = []
    const line = progressLine({ isTTY: false, write: (s: string) => written.push(s) })
    line.update({ files: 1, bytes: 1, findings: 1 })
    line.done()
    expect(written).toEqual([])
  })
})
