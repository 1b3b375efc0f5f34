import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../src-preload/contract/channels'
import type { Envelope } from '../../src-preload/contract/define'
import type { ExposedApi } from '../../src-preload/contract/types'
import { openApp, screenshot, start, stop, type Harness } from './harness'

// Every call group of window.tokendesk, from a real Chromium page, through the loopback bridge to
// the real core (SQLite in a temp dir + the private Secret Service).

let h: Harness
let page: Page

beforeAll(async () => {
  h = await start()
  page = h.page
  await openApp(page, h)
})
afterAll(() => stop(h))

type Outcome<T> = { ok: true; value: T } | { ok: false; name: string; code: string; message: string }

/**
 * Runs `fn(window.tokendesk, arg)` in the page. The bridge resolves to envelopes (an Error would
 * lose its code crossing contextBridge); an error envelope comes back as {ok:false, code, message},
 * named BridgeError as the renderer's unwrapBridge names it. A rejection is the transport failing.
 */
async function call<T, A>(fn: (api: ExposedApi, arg: A) => Promise<Envelope<T>>, arg: A): Promise<Outcome<T>> {
  return page.evaluate(
    async ([src, a]) => {
      const f = new Function(`return (${src})`)() as (api: unknown, arg: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>
      try {
        const env = await f((globalThis as unknown as { tokendesk: unknown }).tokendesk, a)
        if (env.ok) return { ok: true, value: env.value }
        return { ok: false, name: 'BridgeError', code: env.error!.code, message: env.error!.message }
      } catch (e) {
        const err = e as { name?: string; code?: string; message?: string }
        return { ok: false, name: `rejected ${String(err.name)}`, code: String(err.code), message: String(err.message) }
      }
    },
    [fn.toString(), arg] as const,
  ) as Promise<Outcome<T>>
}

const value = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new Error(`expected success, got ${o.code}: ${o.message}`)
  return o.value
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10)
const SECRET = `e2e-secret-${Math.random().toString(36).slice(2)}-Qx7`

describe('window.tokendesk over the loopback bridge', () => {
  it('exposes exactly the contract: named call groups and on(), no generic invoke', async () => {
    const shape = await page.evaluate(() => {
      const g = globalThis as unknown as { tokendesk: Record<string, unknown>; document: { documentElement: { dataset: Record<string, string> } } }
      const api = g.tokendesk
      return {
        keys: Object.keys(api).sort(),
        tokens: Object.keys(api.tokens as object).sort(),
        frozen: Object.isFrozen(api),
        bridge: g.document.documentElement.dataset.bridge,
      }
    })
    // Exactly the contract's groups and methods (derived, so new channels need no edit here).
    expect(shape.keys).toEqual(['on', ...Object.keys(contract)].sort())
    expect(shape.tokens).toEqual(Object.keys(contract.tokens).sort())
    expect(shape.keys).not.toContain('invoke')
    expect(shape.frozen).toBe(true)
    expect(shape.bridge).toBe('tokendesk-loopback-shim')
  })

  it('settings: get defaults, update, and typed invalid_input', async () => {
    const s = value(await call((api) => api.settings.get({}), null))
    expect(s.clipboardClearSeconds).toBe(30)
    const u = value(await call((api) => api.settings.update({ clipboardClearSeconds: 45, theme: 'dark' }), null))
    expect(u).toMatchObject({ clipboardClearSeconds: 45, theme: 'dark' })
    const bad = await call((api) => api.settings.update({ clipboardClearSeconds: 1 }), null)
    expect(bad).toMatchObject({ ok: false, name: 'BridgeError', code: 'invalid_input' })
    expect((bad as { message: string }).message).toMatch(/^clipboardClearSeconds: /)
  })

  it('orgs: set and list', async () => {
    expect(value(await call((api) => api.orgs.set({ name: 'lab-a', role: 'owner' }), null))).toEqual({ name: 'lab-a', role: 'owner' })
    expect(value(await call((api) => api.orgs.list({}), null))).toEqual([{ name: 'lab-a', role: 'owner' }])
    const bad = await call((api) => api.orgs.set({ name: 'Lab A', role: 'owner' }), null)
    expect(bad).toMatchObject({ ok: false, code: 'invalid_input' })
  })

  it('tokens: add, list, show, reveal, copy, revoke, restore, delete, expiring — with tokensChanged events', async () => {
    // Subscribe in the page before anything changes; collect every tokensChanged payload.
    await page.evaluate(() => {
      const w = globalThis as unknown as { tokendesk: ExposedApi; __events: unknown[] }
      w.__events = []
      w.tokendesk.on('tokensChanged', (p) => w.__events.push(p))
    })

    const added = value(
      await call((api, a) => api.tokens.add(a), {
        token: { kind: 'provider' as const, platform: 'ionq', name: 'e2e-main', org: 'lab-a', expires: '90d', scopes: ['qpu.aria-1'], note: 'from e2e' },
        secret: SECRET,
      }),
    )
    expect(added).toMatchObject({ name: 'e2e-main', platform: 'ionq', org: 'lab-a', status: 'active', scopes: ['qpu.aria-1'] })
    expect(JSON.stringify(added)).not.toContain(SECRET)

    await page.waitForFunction((id) => (globalThis as unknown as { __events: { ids: string[] }[] }).__events.some((e) => e.ids.includes(id)), added.id)

    const soon = value(
      await call((api, a) => api.tokens.add(a), { token: { kind: 'personal' as const, platform: 'planqk', name: 'e2e-soon', expires: inDays(3) }, secret: `${SECRET}-2` }),
    )
    expect(soon.status).toBe('expiring')

    const dup = await call((api, a) => api.tokens.add(a), { token: { kind: 'personal' as const, platform: 'planqk', name: 'e2e-soon', expires: '30d' }, secret: 'x' })
    expect(dup).toMatchObject({ ok: false, code: 'conflict' })

    const list = value(await call((api) => api.tokens.list({ sort: 'name', dir: 'asc' }), null))
    expect(list.total).toBe(2)
    expect(list.items.map((t) => t.name)).toEqual(['e2e-main', 'e2e-soon'])
    expect(JSON.stringify(list)).not.toContain(SECRET)

    const expiring = value(await call((api) => api.tokens.expiring({}), null))
    expect(expiring.items.map((t) => t.id)).toEqual([soon.id])
    expect(expiring).toMatchObject({ expired: 0, expiring: 1 })

    const detail = value(await call((api, id) => api.tokens.show({ id }), added.id))
    expect(detail.token.id).toBe(added.id)
    expect(detail.audit.map((a) => a.action)).toContain('created')

    expect(value(await call((api, id) => api.tokens.reveal({ id }), added.id))).toEqual({ secret: SECRET })

    const copied = value(await call((api, id) => api.tokens.copy({ id }), added.id))
    expect(copied).toEqual({ clearsAfterSeconds: 45 }) // the setting updated above
    expect(h.server.clipboardWrites.at(-1)?.text).toBe(SECRET)
    expect(h.server.clipboardText()).toBe(SECRET)
    await h.server.fireClipboardTimer()
    expect(h.server.clipboardText()).toBe('')

    // Deleting an active token is refused by the lifecycle rule: typed error, not a crash.
    const refused = await call((api, id) => api.tokens.delete({ id }), added.id)
    expect(refused).toMatchObject({ ok: false, name: 'BridgeError', code: 'rule_refused' })

    const revoked = value(await call((api, id) => api.tokens.revoke({ id }), added.id))
    expect(revoked.status).toBe('revoked')
    const restored = value(await call((api, id) => api.tokens.restore({ id }), added.id))
    expect(restored.status).toBe('active')
    value(await call((api, id) => api.tokens.revoke({ id }), added.id))
    expect(value(await call((api, id) => api.tokens.delete({ id }), added.id))).toEqual({ deleted: true })

    const gone = await call((api, id) => api.tokens.show({ id }), added.id)
    expect(gone).toMatchObject({ ok: false, code: 'not_found' })

    // Every change reached the page as an event, via Server-Sent Events.
    await page.waitForFunction((n) => (globalThis as unknown as { __events: unknown[] }).__events.length >= n, 8)
    const events = await page.evaluate(() => (globalThis as unknown as { __events: { ids: string[] }[] }).__events)
    expect(events.filter((e) => e.ids.includes(added.id)).length).toBeGreaterThanOrEqual(7) // add, reveal, copy, revoke, restore, revoke, delete
    expect(events.every((e) => Array.isArray(e.ids))).toBe(true)
    await screenshot(page, 'bridge-after-calls')
  })

  it('rejects bad payloads and unknown ids with typed errors', async () => {
    const missing = await call((api) => api.tokens.show({ id: 'no-such-token' }), null)
    expect(missing).toMatchObject({ ok: false, code: 'not_found' })
    const wrongType = await call((api) => api.tokens.list({ limit: 'ten' as unknown as number }), null)
    expect(wrongType).toMatchObject({ ok: false, code: 'invalid_input' })
    const extra = await call((api) => api.tokens.reveal({ id: 'x', extra: 1 } as unknown as { id: string }), null)
    expect(extra).toMatchObject({ ok: false, code: 'invalid_input' })
  })

  it('the loopback server refuses requests without the per-run key', async () => {
    const statuses = await page.evaluate(async () => {
      const noKey = await fetch('/__bridge/call', { method: 'POST', body: JSON.stringify({ channel: 'settings.get', payload: {} }) })
      const badKey = await fetch('/__bridge/call', {
        method: 'POST',
        headers: { 'x-tokendesk-key': 'nope' },
        body: JSON.stringify({ channel: 'settings.get', payload: {} }),
      })
      const events = await fetch('/__bridge/events')
      return [noKey.status, badKey.status, events.status]
    })
    expect(statuses).toEqual([403, 403, 403])
    const res = await fetch(`${h.server.url}/index.html`)
    expect(res.status).toBe(403)
    const ok = await fetch(`${h.server.url}/index.html?key=${h.server.key}`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'")
  })

  it('the page ran under the CSP without violations or page errors', async () => {
    // The key test above provokes 403s on purpose; nothing else may fail.
    expect(h.consoleErrors.filter((e) => !/status of 403|^HTTP 403 \/__bridge\//.test(e))).toEqual([])
  })
})
