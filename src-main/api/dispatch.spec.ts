import { describe, expect, it, vi } from 'vitest'
import { TokenDeskError } from '../core/errors'
import type { Handlers } from '../../src-preload/contract/types'
import { createDispatch } from './dispatch'
import { everyChannel } from '../../test/helpers/channel-stub'

/** Handlers whose every method fails the test unless a case overrides it. */
function handlers(overrides: { [N in keyof Handlers]?: Partial<Handlers[N]> } = {}): Handlers {
  const base: Handlers = everyChannel()
  const with_ = <N extends keyof Handlers>(n: N): Handlers[N] => ({ ...base[n], ...overrides[n] })
  return {
    tokens: with_('tokens'),
    connections: with_('connections'),
    orgs: with_('orgs'),
    settings: with_('settings'),
    reminders: with_('reminders'),
    placements: with_('placements'),
    imports: with_('imports'),
    doctor: with_('doctor'),
    backup: with_('backup'),
    desktop: with_('desktop'),
    sdkConfig: with_('sdkConfig'),
    scan: with_('scan'),
  }
}

describe('createDispatch', () => {
  it('unknown channel → invalid_input "unknown request", without calling anything', async () => {
    const d = createDispatch(handlers())
    for (const ch of ['tokens.nope', 'tokens', '', '__proto__.x', 'constructor', 'tokens.list.extra', 'toString']) {
      expect(await d(ch, {})).toEqual({ ok: false, error: { code: 'invalid_input', message: 'unknown request' } })
    }
    expect(await d(42 as unknown as string, {})).toEqual({ ok: false, error: { code: 'invalid_input', message: 'unknown request' } })
  })

  it('invalid payload → invalid_input naming the field and the rule', async () => {
    const d = createDispatch(handlers())
    expect(await d('settings.update', { clipboardClearSeconds: 1 })).toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'clipboardClearSeconds: Too small: expected number to be >=5' },
    })
    const slug = await d('tokens.add', { token: { kind: 'personal', platform: 'Bad Platform', name: 'ok' }, secret: 's' })
    expect(slug).toEqual({ ok: false, error: { code: 'invalid_input', message: 'token.platform: use lowercase letters, digits and single hyphens (e.g. "my-token-1")' } })
    const empty = await d('tokens.add', { token: { kind: 'personal', platform: 'planqk', name: 'ok' }, secret: '' })
    expect(empty).toEqual({ ok: false, error: { code: 'invalid_input', message: 'secret: the secret is empty' } })
    const strict = await d('tokens.show', { id: 'a', more: true })
    expect(strict).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect((strict as { error: { message: string } }).error.message).toMatch(/more/)
    expect(await d('tokens.show', null)).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })

  it('passes the parsed request to the handler and wraps its value', async () => {
    const show = vi.fn(async ({ id }: { id: string }) => ({ token: { id }, audit: [] }))
    const d = createDispatch(handlers({ tokens: { show: show as never } }))
    expect(await d('tokens.show', { id: 'abc' })).toEqual({ ok: true, value: { token: { id: 'abc' }, audit: [] } })
    expect(show).toHaveBeenCalledWith({ id: 'abc' })
  })

  it('TokenDeskError → its own code and message', async () => {
    const d = createDispatch(
      handlers({
        tokens: {
          delete: () => {
            throw new TokenDeskError('rule_refused', 'revoke "x" before deleting it')
          },
        },
      }),
    )
    expect(await d('tokens.delete', { id: 'x' })).toEqual({ ok: false, error: { code: 'rule_refused', message: 'revoke "x" before deleting it' } })
  })

  it('unexpected Error (sync or async) → internal, generic message, no stack, logged without payload', async () => {
    const logError = vi.fn()
    const boom = new Error('SQLITE_CORRUPT at /home/user/secret-path\n    at Object.<anonymous> (/x.js:1:1)')
    const d = createDispatch(
      handlers({
        settings: {
          get: () => {
            throw boom
          },
          update: async () => Promise.reject(new TypeError('undefined is not a function')),
        },
        orgs: {
          list: () => {
            throw 'a string, not an Error'
          },
        },
      }),
      { logError },
    )
    for (const [ch, p] of [
      ['settings.get', {}],
      ['settings.update', {}],
      ['orgs.list', {}],
    ] as const) {
      const env = await d(ch, p)
      expect(env).toEqual({ ok: false, error: { code: 'internal', message: 'something went wrong inside TokenDesk; the details are in its log' } })
      expect(JSON.stringify(env)).not.toContain('    at ')
      expect(JSON.stringify(env)).not.toContain('secret-path')
    }
    expect(logError).toHaveBeenCalledTimes(3)
    expect(logError.mock.calls[0]).toEqual(['settings.get', boom])
  })
})
