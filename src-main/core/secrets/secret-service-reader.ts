import { Reader } from './dbus-wire'
import { ITEM, KeptConnection, type BusConnection } from './secret-service-connection'

/** What a read found: the secret, no item at all, or only items in a locked collection. */
export type ReadResult = { value: string } | { missing: true } | { locked: true }

/**
 * Reads Secret Service items over one kept D-Bus connection (secret-service-connection.ts): the
 * core's read path on Linux (KeyringSecretStore.get). Why: through the keyring library every
 * read was a message to the broker process, a new bus connection with its handshake and a
 * Diffie-Hellman session, then the search and the read — 6.5–7 ms a secret; here, once
 * connected, a read is the search and GetSecret on the open connection (docs/development.md
 * "Performance"). The CLI's hot commands read through it too, one read per process.
 *
 * A session the Secret Service no longer knows (its daemon restarted) is opened again, once.
 */
export class SecretServiceReader extends KeptConnection {
  /** Rejects at the deadline. */
  read(attributes: Record<string, string>, timeoutMs: number): Promise<ReadResult> {
    return this.withDeadline(timeoutMs, (conn) => this.readOnce(conn, attributes))
  }

  private async readOnce(conn: BusConnection, attributes: Record<string, string>): Promise<ReadResult> {
    // A new connection's first read is three round trips — the greeting, the session with the
    // search, GetSecret — and a later one two.
    const { unlocked, locked } = await conn.search(attributes)
    if (unlocked.length === 0) return locked.length > 0 ? { locked: true } : { missing: true }
    const reply = await conn.inSession(() => conn.call(unlocked[0]!, ITEM, 'GetSecret', 'o', (w) => w.str(conn.session)))
    // (oayays): session, parameters, value, content type
    const s = new Reader(reply.body, reply.le)
    s.align(8)
    s.str()
    s.bytes()
    return { value: s.bytes().toString('utf8') }
  }
}
