import { describe, expect, it } from 'vitest'
import { DesktopInbox } from './desktop-inbox'

describe('DesktopInbox', () => {
  it('hands a pending token and notices over once', () => {
    const inbox = new DesktopInbox()
    expect(inbox.take()).toEqual({ openTokenId: null, rotate: false, notices: [] })
    inbox.openToken('t1')
    inbox.openToken('t2') // the last click wins
    expect(inbox.notice({ kind: 'notifications-failed', message: 'm' })).toBe(true)
    expect(inbox.take()).toEqual({ openTokenId: 't2', rotate: false, notices: [{ kind: 'notifications-failed', message: 'm' }] })
    expect(inbox.take()).toEqual({ openTokenId: null, rotate: false, notices: [] })
  })
  it('carries a reminder click’s wish to rotate, once', () => {
    const inbox = new DesktopInbox()
    inbox.openToken('t3', true)
    expect(inbox.take()).toEqual({ openTokenId: 't3', rotate: true, notices: [] })
    expect(inbox.take()).toEqual({ openTokenId: null, rotate: false, notices: [] })
  })
  it('says each kind of notice once per run', () => {
    const inbox = new DesktopInbox()
    expect(inbox.notice({ kind: 'clipboard-not-cleared', message: 'a' })).toBe(true)
    inbox.take()
    expect(inbox.notice({ kind: 'clipboard-not-cleared', message: 'b' })).toBe(false)
    expect(inbox.take().notices).toEqual([])
  })
})
