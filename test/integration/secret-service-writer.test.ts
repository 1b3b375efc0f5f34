import { execFileSync, spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeBrokerSpawner } from '../../src-main/core/secrets/keychain-broker'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { SecretServiceWriter } from '../../src-main/core/secrets/secret-service-writer'
import { recordingBusProxy } from '../helpers/bus-proxy'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The store's writes, removals and listings on Linux go over TokenDesk's own D-Bus connection
// (secret-service-writer.ts) instead of the keyring library. Checked against the real Secret
// Service with the real readers: secret-tool and the library itself.
requireSecretService()

const service = testKeychainService('writer')
let spawned = 0
let store: KeyringSecretStore
const keyring = () => import('@napi-rs/keyring')
const secretTool = (...args: string[]) => execFileSync('secret-tool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
/**
 * Every item of this file's service, as `secret-tool search --all` lists them: the label (on its
 * stdout, an item a block) and the username attribute (on its stderr, in the same order).
 */
function items(): { label: string | undefined; username: string | undefined }[] {
  const r = spawnSync('secret-tool', ['search', '--all', 'service', service], { encoding: 'utf8' })
  const labels = [...r.stdout.matchAll(/^label = (.*)$/gm)].map((m) => m[1])
  const usernames = [...r.stderr.matchAll(/^attribute\.username = (.*)$/gm)].map((m) => m[1])
  expect(usernames).toHaveLength(labels.length)
  return labels.map((label, i) => ({ label, username: usernames[i] }))
}

beforeAll(() => {
  const spawn = nodeBrokerSpawner()
  store = new KeyringSecretStore({ service, timeoutMs: 3000, spawnBroker: () => (spawned++, spawn()) })
})
afterAll(async () => {
  for (const ref of await store.refs()) await store.delete(ref)
  store.close()
})

describe('the store writes on Linux', () => {
  it('stores what secret-tool and the keyring library read back exactly, as the item the library makes; a second write replaces it', async () => {
    const secret = `tök€n-ü-密钥-${'$"\\`'} #x`
    await store.set('w1.1', secret)
    expect(secretTool('lookup', 'service', service, 'username', 'w1.1')).toBe(secret)
    const { AsyncEntry } = await keyring()
    expect(await new AsyncEntry(service, 'w1.1').getPassword()).toBe(secret)
    expect(items()).toEqual([{ label: `keyring:w1.1@${service}`, username: 'w1.1' }])

    await store.set('w1.1', 'second-value-9d2e')
    expect(items()).toHaveLength(1)
    expect(await store.get('w1.1')).toBe('second-value-9d2e')
  })

  it("replaces an item the library wrote, and the library's entry reads the store's value", async () => {
    const { AsyncEntry } = await keyring()
    await new AsyncEntry(service, 'lib.1').setPassword('written-by-the-library')
    await store.set('lib.1', 'written-by-the-store')
    expect(items().filter((i) => i.username === 'lib.1')).toHaveLength(1)
    expect(await new AsyncEntry(service, 'lib.1').getPassword()).toBe('written-by-the-store')
  })

  it('lists the accounts of its service and removes an item; removing it again finds nothing', async () => {
    await store.set('gone.1', 'to-be-removed')
    expect((await store.refs()).sort()).toEqual(['gone.1', 'lib.1', 'w1.1'])
    expect(await store.delete('gone.1')).toBe(true)
    expect(() => secretTool('lookup', 'service', service, 'username', 'gone.1')).toThrow()
    expect(await store.get('gone.1')).toBeNull()
    expect(await store.delete('gone.1')).toBe(false)
    expect((await store.refs()).sort()).toEqual(['lib.1', 'w1.1'])
  })

  it("a new writer connection, too, asks nothing of the Secret Service before its Ping is answered", async () => {
    const tmp = tempDir()
    const proxy = await recordingBusProxy(tmp.dir, ['org.freedesktop.DBus.Peer', 'OpenSession', 'SearchItems'])
    const writer = new SecretServiceWriter(() => proxy.address)
    try {
      expect(await writer.remove({ service, username: 'never-written.1' }, 3000)).toEqual({ removed: 0 })
      const { events } = proxy
      expect(events.filter((e) => e !== 'answered')).toEqual(['org.freedesktop.DBus.Peer', 'OpenSession+SearchItems'])
      expect(events.slice(0, events.indexOf('OpenSession+SearchItems'))).toContain('answered')
    } finally {
      writer.close()
      proxy.close()
      tmp.cleanup()
    }
  })

  it('none of it started the keyring library\'s helper process (the collection is unlocked)', () => {
    expect(spawned).toBe(0)
  })
})
