import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { SecretServiceReader } from '../../src-main/core/secrets/secret-service-reader'
import { sessionBusAddress } from '../../src-main/core/secrets/session-bus'
import { recordingBusProxy } from '../helpers/bus-proxy'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The core's Linux read path against the real Secret Service: what the keyring library wrote is
// read back exactly, over one kept connection, with the deadline and failures of a dead bus.
requireSecretService()

const service = testKeychainService('reader')
let store: KeyringSecretStore
let tmp: ReturnType<typeof tempDir>

beforeAll(() => {
  store = new KeyringSecretStore({ service, timeoutMs: 3000 })
  tmp = tempDir()
})
afterAll(async () => {
  for (const ref of await store.refs()) await store.delete(ref)
  store.close()
  tmp.cleanup()
})

describe('SecretServiceReader', () => {
  it('reads exactly what the library stored, many times over one connection; a missing item is missing', async () => {
    const secrets = { unicode: `tök€n-ü-密钥-${'$"\\`'}`, long: 'x7Y-'.repeat(4096), plain: 'abc' }
    for (const [ref, secret] of Object.entries(secrets)) await store.set(`${ref}.1`, secret)
    // Through a recording proxy to the bus: every new connection says Hello to the bus once.
    const proxy = await recordingBusProxy(tmp.dir, ['Hello'])
    const reader = new SecretServiceReader(() => proxy.address)
    try {
      for (let i = 0; i < 10; i++) {
        for (const [ref, secret] of Object.entries(secrets)) expect(await reader.read({ service, username: `${ref}.1` }, 3000)).toEqual({ value: secret })
      }
      expect(await reader.read({ service, username: 'no-such.1' }, 3000)).toEqual({ missing: true })
      expect(proxy.events.filter((e) => e === 'Hello')).toHaveLength(1)
    } finally {
      reader.close()
      proxy.close()
    }
  })

  it('the store reads through it: the same answers as before, and null for a missing entry', async () => {
    await store.set('through.1', 'through-secret-7a1c')
    expect(await store.get('through.1')).toBe('through-secret-7a1c')
    expect(await store.get('never-written.1')).toBeNull()
  })

  it('a bus that accepts and never answers: rejected at the deadline; the next read connects again', async () => {
    const socket = path.join(tmp.dir, 'hung-bus')
    const accepted: net.Socket[] = []
    const server = net.createServer((s) => void accepted.push(s))
    await new Promise<void>((r) => server.listen(socket, r))
    const reader = new SecretServiceReader(() => `unix:path=${socket}`)
    try {
      const t0 = performance.now()
      await expect(reader.read({ service, username: 'x.1' }, 400)).rejects.toThrow(/did not answer within 0.4 s/)
      expect(performance.now() - t0).toBeGreaterThanOrEqual(390)
      await expect(reader.read({ service, username: 'x.1' }, 200)).rejects.toThrow(/did not answer/)
      expect(accepted).toHaveLength(2)
    } finally {
      reader.close()
      for (const s of accepted) s.destroy()
      server.close()
    }
  })

  it("a new connection greets the Secret Service with a Ping and waits for its answer; then the session and the search together, then GetSecret", async () => {
    await store.set('greeted.1', 'greeted-secret-51')
    const proxy = await recordingBusProxy(tmp.dir, ['org.freedesktop.DBus.Peer', 'OpenSession', 'SearchItems', 'GetSecret'])
    const reader = new SecretServiceReader(() => proxy.address)
    try {
      expect(await reader.read({ service, username: 'greeted.1' }, 3000)).toEqual({ value: 'greeted-secret-51' })
      // Each step went out only after an answer to the one before.
      const { events } = proxy
      expect(events.filter((e) => e !== 'answered')).toEqual(['org.freedesktop.DBus.Peer', 'OpenSession+SearchItems', 'GetSecret'])
      const at = (e: string) => events.indexOf(e)
      expect(events.slice(at('org.freedesktop.DBus.Peer'), at('OpenSession+SearchItems'))).toContain('answered')
      expect(events.slice(at('OpenSession+SearchItems'), at('GetSecret'))).toContain('answered')
      // On the kept connection, a later read is the search and GetSecret, nothing more.
      events.length = 0
      expect(await reader.read({ service, username: 'greeted.1' }, 3000)).toEqual({ value: 'greeted-secret-51' })
      expect(events.filter((e) => e !== 'answered')).toEqual(['SearchItems', 'GetSecret'])
    } finally {
      reader.close()
      proxy.close()
    }
  })

  it('no bus at the address: a clear error at once', async () => {
    const reader = new SecretServiceReader(() => `unix:path=${path.join(tmp.dir, 'no-such-bus')}`)
    expect(fs.existsSync(path.join(tmp.dir, 'no-such-bus'))).toBe(false)
    await expect(reader.read({ service, username: 'x.1' }, 3000)).rejects.toThrow(/no session bus \(ENOENT\)/)
    const none = new SecretServiceReader(() => undefined)
    await expect(none.read({ service, username: 'x.1' }, 3000)).rejects.toThrow(/no D-Bus session bus/)
  })
})
