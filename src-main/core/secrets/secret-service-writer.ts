import { Reader } from './dbus-wire'
import { type BusConnection, COLLECTION, ITEM, KeptConnection, PROMPT, PROPERTIES, SERVICE, SERVICE_PATH, lockedProperty } from './secret-service-connection'

/** A write, a removal or a listing that could not be done here because the collection is locked (the library can ask to unlock it). */
export type Locked = { locked: true }

/**
 * Writes, removes and lists Secret Service items over one kept D-Bus connection of TokenDesk's
 * own (secret-service-connection.ts): the core's write path on Linux (KeyringSecretStore). Why
 * not the keyring library: its every call opens a new bus connection whose first request is
 * OpenSession, and gnome-keyring-daemon aborts now and then on exactly that (1 in 1,800 measured,
 * restarting locked for every program of the user); and each call was a message to the broker
 * process and a Diffie-Hellman session.
 *
 * Items are what the library makes — attributes `service` and `username`, the label
 * `keyring:<username>@<service>` — so either side finds, replaces and removes the other's.
 * Whatever needs the collection unlocked is answered `{ locked: true }`, and the store then goes
 * through the library, which can ask the daemon to unlock (a prompt on a desktop).
 */
export class SecretServiceWriter extends KeptConnection {
  /**
   * Stores `secret` under `attributes` in the default collection, replacing an item with the same
   * attributes. `progress.sent` turns true when the item itself goes out: a failure before that
   * wrote nothing.
   */
  write(
    attributes: Record<string, string>,
    label: string,
    secret: string,
    timeoutMs: number,
    progress: { sent: boolean } = { sent: false },
  ): Promise<{ written: true } | Locked | { noCollection: true }> {
    return this.withDeadline(timeoutMs, async (conn) => {
      await conn.ready
      const alias = await conn.call(SERVICE_PATH, SERVICE, 'ReadAlias', 's', (w) => w.str('default'))
      const collection = new Reader(alias.body, alias.le).str()
      if (collection === '/') return { noCollection: true }
      const lock = await conn.call(collection, PROPERTIES, 'Get', 'ss', lockedProperty)
      if (new Reader(lock.body, lock.le).variantBool()) return { locked: true }
      const create = () =>
        conn.call(collection, COLLECTION, 'CreateItem', 'a{sv}(oayays)b', (w) => {
          w.properties({ [`${ITEM}.Label`]: label, [`${ITEM}.Attributes`]: attributes })
          w.align(8) // the secret struct
          w.str(conn.session)
          w.byteArray(Buffer.alloc(0)) // a plain session has no parameters
          w.byteArray(Buffer.from(secret, 'utf8'))
          w.str('text/plain')
          w.bool(true) // replace an item with the same attributes
        })
      progress.sent = true
      const created = await conn.inSession(create)
      const r = new Reader(created.body, created.le)
      r.str() // the item
      return (await settled(conn, r.str())) ? { written: true } : { locked: true }
    })
  }

  /** Removes every unlocked item with `attributes`: how many; locked when the only ones are locked. */
  remove(attributes: Record<string, string>, timeoutMs: number): Promise<{ removed: number } | Locked> {
    return this.withDeadline(timeoutMs, async (conn) => {
      const { unlocked, locked } = await conn.search(attributes)
      if (unlocked.length === 0) return locked.length > 0 ? { locked: true } : { removed: 0 }
      for (const item of unlocked) {
        const deleted = await conn.call(item, ITEM, 'Delete', '')
        if (!(await settled(conn, new Reader(deleted.body, deleted.le).str()))) return { locked: true }
      }
      return { removed: unlocked.length }
    })
  }

  /** The `username` of every item with `attributes`; locked when any of them is in a locked collection. */
  accounts(attributes: Record<string, string>, timeoutMs: number): Promise<{ accounts: string[] } | Locked> {
    return this.withDeadline(timeoutMs, async (conn) => {
      const { unlocked, locked } = await conn.search(attributes)
      if (locked.length > 0) return { locked: true }
      const accounts: string[] = []
      for (const item of unlocked) {
        const got = await conn.call(item, PROPERTIES, 'Get', 'ss', (w) => {
          w.str(ITEM)
          w.str('Attributes')
        })
        const username = new Reader(got.body, got.le).variantStringDict().username
        if (username !== undefined) accounts.push(username)
      }
      return { accounts }
    })
  }
}

/**
 * True when a call needed no prompt ("/"). A prompt means the daemon wants the user to unlock
 * first: it is dismissed (nobody here can answer it) and the caller goes through the library.
 */
async function settled(conn: BusConnection, prompt: string): Promise<boolean> {
  if (prompt === '/') return true
  await conn.call(prompt, PROMPT, 'Dismiss', '').catch(() => undefined)
  return false
}
