import { describe, expect, it } from 'vitest'
import { QUIT_CLIPBOARD_DEADLINE_MS, clearBeforeQuit } from './quit'

describe('clearBeforeQuit', () => {
  it('waits for the clear, or gives up at the deadline when the clipboard never answers', async () => {
    expect(await clearBeforeQuit(() => Promise.resolve('cleared'))).toBe('cleared')
    expect(await clearBeforeQuit(() => Promise.reject(new Error('no clipboard')))).toBe('cleared')
    const started = Date.now()
    expect(await clearBeforeQuit(() => new Promise(() => undefined), { deadlineMs: 50 })).toBe('gave-up')
    expect(Date.now() - started).toBeLessThan(1000)
    expect(QUIT_CLIPBOARD_DEADLINE_MS).toBeLessThanOrEqual(2000)
  })
})
