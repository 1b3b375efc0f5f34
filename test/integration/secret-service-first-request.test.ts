import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultCollectionLocked } from '../../src-main/core/secrets/secret-service-locked'
import { sessionBusAddress } from '../../src-main/core/secrets/session-bus'
import { recordingBusProxy } from '../helpers/bus-proxy'
import { type PrivateKeyring, usePrivateKeyring } from '../helpers/private-keyring'
import { tempDir } from '../helpers/temp-dir'

// gnome-keyring-daemon now and then handles a request of a new connection before it knows the
// connection as a client, and then aborts on OpenSession or a property Get (GLib criticals,
// "assertion 'client' failed"), restarting locked. TokenDesk's own D-Bus conversations — the
// reader, the writer and the lock check — therefore greet it with a Ping and wait for the
// answer; how much rarer that makes the aborts is measured by
// bench/keyring-first-requests.bench.ts, not asserted here (a rate is not a test). The lock
// check's order and answers, against a gnome-keyring-daemon of this file's own.
let keyring: PrivateKeyring
let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  keyring = usePrivateKeyring()
  tmp = tempDir()
})
afterAll(() => {
  keyring.stop()
  tmp.cleanup()
})

describe('defaultCollectionLocked', () => {
  it('asks one request at a time, the Locked property last: Ping, then ReadAlias, then Get', async () => {
    const proxy = await recordingBusProxy(tmp.dir, ['org.freedesktop.DBus.Peer', 'ReadAlias', 'org.freedesktop.DBus.Properties'])
    try {
      expect(await defaultCollectionLocked(proxy.address, 3000)).toBe(false)
      // The bus's own answers (authentication, Hello) come in between too; what matters is that
      // each request went out only after an answer, and the property Get last.
      const { events } = proxy
      expect(events.filter((e) => e !== 'answered')).toEqual(['org.freedesktop.DBus.Peer', 'ReadAlias', 'org.freedesktop.DBus.Properties'])
      for (const [before, after] of [['org.freedesktop.DBus.Peer', 'ReadAlias'], ['ReadAlias', 'org.freedesktop.DBus.Properties']] as const) {
        expect(events.slice(events.indexOf(before), events.indexOf(after))).toContain('answered')
      }
    } finally {
      proxy.close()
    }
  })

  it('true once the collection is locked; undefined where no Secret Service answers', async () => {
    keyring.lock()
    try {
      expect(await defaultCollectionLocked(sessionBusAddress(), 3000)).toBe(true)
    } finally {
      keyring.restartUnlocked()
    }
    expect(await defaultCollectionLocked(sessionBusAddress(), 3000)).toBe(false)
    expect(await defaultCollectionLocked(`unix:path=${path.join(tmp.dir, 'no-bus')}`, 3000)).toBeUndefined()
  })
})
