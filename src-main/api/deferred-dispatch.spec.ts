import { describe, expect, it } from 'vitest'
import { deferredDispatch } from './deferred-dispatch'

describe('deferredDispatch: IPC registered before the core is ready', () => {
  it('a call made during start-up waits, then goes to the real dispatch', async () => {
    const d = deferredDispatch()
    let answered = false
    const early = d.dispatch('settings.get', {}).then((r) => ((answered = true), r))
    await new Promise((r) => setTimeout(r, 10))
    expect(answered).toBe(false)
    d.resolve(async (channel) => ({ ok: true, value: channel }))
    expect(await early).toEqual({ ok: true, value: 'settings.get' })
    expect(await d.dispatch('tokens.list', {})).toEqual({ ok: true, value: 'tokens.list' })
  })

  it('a core that could not start answers every call with why, never hangs', async () => {
    const d = deferredDispatch()
    const early = d.dispatch('settings.get', {})
    d.fail('the TokenDesk database cannot be opened')
    d.resolve(async () => ({ ok: true, value: 'too late' })) // the first outcome stands
    expect(await early).toEqual({ ok: false, error: { code: 'internal', message: 'the TokenDesk database cannot be opened' } })
    expect(await d.dispatch('tokens.list', {})).toMatchObject({ ok: false })
  })
})
