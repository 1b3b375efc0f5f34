import { describe, expect, it } from 'vitest'
import { ClipboardGuard, type ClipboardPort, type Timers } from './clipboard-guard'

function fakeClipboard() {
  let clip = ''
  const port: ClipboardPort = {
    writeSecret: async (t) => void (clip = t),
    readText: async () => clip,
    clear: () => void (clip = ''),
  }
  let fire: (() => void) | null = null
  const timers: Timers = { setTimeout: (fn) => (fire = fn), clearTimeout: () => (fire = null) }
  return {
    port,
    timers,
    get clip() {
      return clip
    },
    set clip(v: string) {
      clip = v
    },
    fire: () => fire?.(),
  }
}

describe('ClipboardGuard', () => {
  it('clears the secret when the delay ends', async () => {
    const c = fakeClipboard()
    const g = new ClipboardGuard(c.port, c.timers)
    await g.copy('s3cret', 30)
    expect(c.clip).toBe('s3cret')
    expect(g.hasPending).toBe(true)
    expect(await g.clearIfStillOurs()).toBe('cleared')
    expect(c.clip).toBe('')
    expect(g.hasPending).toBe(false)
  })

  it('the timer clears it too', async () => {
    const c = fakeClipboard()
    const g = new ClipboardGuard(c.port, c.timers)
    await g.copy('s3cret', 30)
    c.fire()
    await new Promise((r) => setImmediate(r))
    expect(c.clip).toBe('')
  })

  it('leaves what the user copied since alone', async () => {
    const c = fakeClipboard()
    const g = new ClipboardGuard(c.port, c.timers)
    await g.copy('s3cret', 30)
    c.clip = 'their own text'
    expect(await g.clearIfStillOurs()).toBe('not-ours')
    expect(c.clip).toBe('their own text')
  })

  it('a second copy replaces the first pending clear', async () => {
    const c = fakeClipboard()
    const g = new ClipboardGuard(c.port, c.timers)
    await g.copy('first', 30)
    await g.copy('second', 30)
    expect(await g.clearIfStillOurs()).toBe('cleared')
    expect(c.clip).toBe('')
    expect(await g.clearIfStillOurs()).toBe('nothing')
  })

  it('a clear that does not take (Wayland, unfocused window) is reported, once per copy', async () => {
    const c = fakeClipboard()
    const stuck: ClipboardPort = { ...c.port, clear: () => {} } // the compositor ignores us
    const g = new ClipboardGuard(stuck, c.timers)
    let told = 0
    g.onClearFailed = () => told++
    await g.copy('s3cret', 30)
    expect(await g.clearIfStillOurs()).toBe('failed')
    expect(told).toBe(1)
    expect(await g.clearIfStillOurs()).toBe('nothing')
    expect(told).toBe(1)
  })
})
