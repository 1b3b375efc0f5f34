import { describe, expect, it } from 'vitest'
import { BridgeError, type Envelope } from '../../src-preload/contract/define'
import { makeBridge, unwrapBridge } from '../../src-preload/contract/make-bridge'
import type { ChannelTable } from '../../src-preload/contract/table'
import type { Invoke } from '../../src-preload/contract/types'
import { ContextBridgeViolation, copyAcrossContexts, exposeLikeContextBridge } from '../../src-renderer-e2e/context-copy'
import { errorCode, errorMessage } from '../../src-renderer/format'

// The loopback shim must be at least as strict as Electron's contextBridge, or a bug like "every
// error reads 'Something went wrong'" (BridgeError's code dropped by contextBridge) passes the
// browser tests and breaks in the app.

const table = { calls: { settings: ['get', 'update'] }, events: ['tokensChanged'] } as unknown as ChannelTable
const refusing: Invoke = async () => ({ ok: false, error: { code: 'invalid_input', message: 'name: use lowercase letters' } })
const answering: Invoke = async () => ({ ok: true, value: { clipboardClearSeconds: 30, theme: 'dark' } })

describe('copyAcrossContexts: what contextBridge would do to a value', () => {
  it('an Error keeps only its message: a BridgeError loses its code and class', () => {
    const copied = copyAcrossContexts(new BridgeError('conflict', 'a token named ci already exists')) as Error
    expect(copied).toBeInstanceOf(Error)
    expect(copied).not.toBeInstanceOf(BridgeError)
    expect(copied.message).toBe('a token named ci already exists')
    expect((copied as { code?: string }).code).toBeUndefined()
    expect(errorCode(copied)).toBeNull()
  })

  it('plain data crosses as a deep copy', () => {
    const v = { ok: false, error: { code: 'conflict', message: 'm' }, list: [1, 'a', null, { x: true }], missing: undefined }
    const c = copyAcrossContexts(v) as typeof v
    expect(c).toEqual(v)
    expect(c).not.toBe(v)
    expect(c.list[3]).not.toBe(v.list[3])
  })

  it('refuses what contextBridge would mangle: class instances, functions and promises in data, symbols, Map/Date, cycles', () => {
    class Token {
      name = 'ci'
    }
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    for (const bad of [
      new Token(),
      { run: () => 1 },
      { later: Promise.resolve(1) },
      { s: Symbol('x') },
      { [Symbol('k')]: 1 },
      new Map(),
      new Date(),
      cyclic,
      10n,
    ]) {
      expect(() => copyAcrossContexts({ value: bad })).toThrow(ContextBridgeViolation)
    }
  })
})

describe('exposeLikeContextBridge + envelopes: the error code reaches the renderer', () => {
  it('the old bridge shape (preload rejects with BridgeError) loses the code through contextBridge', async () => {
    // What make-bridge.ts did before: throw BridgeError inside the preload.
    const oldStyle = {
      settings: {
        update: async () => {
          throw new BridgeError('invalid_input', 'name: use lowercase letters')
        },
      },
    }
    const page = exposeLikeContextBridge(oldStyle)
    const err = await page.settings.update().catch((e: unknown) => e)
    expect(errorCode(err)).toBeNull() // the UI could never tell invalid input from a crash
  })

  it('the preload answers envelopes; unwrapBridge rebuilds the BridgeError on the page side', async () => {
    const page = unwrapBridge(exposeLikeContextBridge(makeBridge(table, refusing, () => () => {})))
    const err = await (page.settings.update as (r: unknown) => Promise<unknown>)({ clipboardClearSeconds: 1 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(BridgeError)
    expect(errorCode(err)).toBe('invalid_input')
    expect(errorMessage(err)).toBe('name: use lowercase letters')
  })

  it('values arrive as copies, and a broken transport is still an envelope', async () => {
    const page = unwrapBridge(exposeLikeContextBridge(makeBridge(table, answering, () => () => {})))
    expect(await (page.settings.get as (r: unknown) => Promise<unknown>)({})).toEqual({ clipboardClearSeconds: 30, theme: 'dark' })
    const down: Invoke = async () => {
      throw new Error('object has been destroyed')
    }
    const raw = exposeLikeContextBridge(makeBridge(table, down, () => () => {}))
    const env = (await (raw.settings.get as (r: unknown) => Promise<Envelope<unknown>>)({})) as Envelope<unknown>
    expect(env).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('could not reach its main process') } })
  })

  it('event payloads are copied to the listener; a listener gets no shared object', async () => {
    const sent = { ids: ['a'] }
    let received: unknown
    const api = exposeLikeContextBridge(makeBridge(table, answering, (_e, l) => (l(sent), () => {})))
    api.on('tokensChanged' as never, ((p: unknown) => (received = p)) as never)
    expect(received).toEqual(sent)
    expect(received).not.toBe(sent)
  })
})
