import net from 'node:net'
import { ERROR, METHOD_RETURN, type Message, Reader, methodCall, nextMessage, parseUnixAddress } from './dbus-wire'

const DEST = 'org.freedesktop.secrets'
const SERVICE_PATH = '/org/freedesktop/secrets'
const SERVICE = 'org.freedesktop.Secret.Service'

/** What a read found: the secret, no item at all, or only items in a locked collection. */
export type ReadResult = { value: string } | { missing: true } | { locked: true }

/**
 * Reads Secret Service items over one kept D-Bus connection, in plain JavaScript: the core's
 * read path on Linux (KeyringSecretStore.get). Why: through the keyring library every read was a
 * message to the broker process, a new bus connection with its handshake and a Diffie-Hellman
 * session, then the search and the read — 6.5–7 ms a secret; here, once connected, a read is the
 * search and GetSecret on the open connection (docs/development.md "Performance"). The CLI's hot
 * commands read through it too, one read per process. The session is "plain", as Python's
 * secretstorage uses it over the user's own bus socket. Writes, deletes and listings stay with
 * the library.
 *
 * A connection that fails or passes a deadline is dropped and the next read makes a new one; a
 * session the Secret Service no longer knows (its daemon restarted) is opened again, once.
 *
 * A new connection's first request to the Secret Service is a Ping, and nothing else is sent
 * until it is answered. gnome-keyring-daemon registers a new connection as its client in a
 * callback of its own; a request it handles before that finds no client, and OpenSession then
 * aborts the daemon (GLib criticals after "plain_negotiate: assertion 'session' failed"): 7
 * aborts in 6,000 one-read connections from two processes, each leaving the user's keyring
 * restarted and locked. The Ping is answered by D-Bus's own code in the daemon, without the
 * client; after its answer, none in 15,000 such reads (three runs of
 * test/integration/secret-service-first-request.test.ts).
 * It costs a new connection one round trip, which the CLI's hot commands spend opening their
 * database.
 */
export class SecretServiceReader {
  private conn: BusConnection | undefined

  constructor(private readonly address: () => string | undefined) {}

  /**
   * Starts connecting (the handshake, the Ping, then the session) without waiting: the CLI's hot
   * commands call it first and open their database while the bus and the daemon answer. A
   * failure here is the next read's.
   */
  warm(): void {
    void this.connection().ready.catch(() => undefined)
  }

  /** Rejects at the deadline (and drops the connection, whose late answers no longer matter). */
  read(attributes: Record<string, string>, timeoutMs: number): Promise<ReadResult> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.close()
        reject(new Error(`it did not answer within ${timeoutMs / 1000} s`))
      }, timeoutMs)
    })
    return Promise.race([this.readOnce(attributes), deadline]).finally(() => clearTimeout(timer))
  }

  /** Ends the connection (the app at quit); a later read opens a new one. */
  close(): void {
    const c = this.conn
    this.conn = undefined
    c?.destroy()
  }

  private async readOnce(attributes: Record<string, string>): Promise<ReadResult> {
    const conn = this.connection()
    await conn.greeted
    // The search needs no session, so it goes out with OpenSession (sent when the Ping was
    // answered), without waiting for the session: a new connection's first read is three round
    // trips — the greeting, the session with the search, GetSecret — and a later one two.
    const [, found] = await Promise.all([conn.ready, conn.call(SERVICE_PATH, SERVICE, 'SearchItems', 'a{ss}', (w) => w.dict(attributes))])
    const r = new Reader(found.body, found.le)
    const unlocked = r.objectArray()
    const locked = r.objectArray()
    if (unlocked.length === 0) return locked.length > 0 ? { locked: true } : { missing: true }
    const get = () => conn.call(unlocked[0]!, 'org.freedesktop.Secret.Item', 'GetSecret', 'o', (w) => w.str(conn.session))
    let reply: Message
    try {
      reply = await get()
    } catch (e) {
      if (!(e instanceof BusError)) throw e
      // Its daemon restarted since the session was opened (the new one does not know it): once more with a new session.
      await conn.openSession()
      reply = await get()
    }
    // (oayays): session, parameters, value, content type
    const s = new Reader(reply.body, reply.le)
    s.align(8)
    s.str()
    s.bytes()
    return { value: s.bytes().toString('utf8') }
  }

  /** The open connection, or a new one whose handshake is written (not yet answered). */
  private connection(): BusConnection {
    if (!this.conn) {
      const opening = BusConnection.open(this.address(), () => {
        if (this.conn === opening) this.conn = undefined
      })
      this.conn = opening
      opening.ready.catch(() => {
        if (this.conn === opening) this.conn = undefined
      })
    }
    return this.conn
  }
}

/** A method call the other side answered with an error. */
class BusError extends Error {}

/** One authenticated session-bus connection with a Secret Service session; calls matched to replies by serial. */
class BusConnection {
  session = ''
  /** Settles when Hello and the Ping are answered (open): from then on the daemon knows this client. */
  greeted: Promise<void> = Promise.resolve()
  /** Settles when OpenSession, sent once greeted, is answered. */
  ready: Promise<void> = Promise.resolve()
  private serial = 1
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>()
  private buf = Buffer.alloc(0)
  private authed = false
  private failure: Error | undefined

  private constructor(
    private readonly sock: net.Socket | undefined,
    onClose: () => void,
  ) {
    if (!sock) return
    // Neither the app nor the CLI should be kept alive by an idle connection; a read in flight has its deadline's timer.
    sock.unref()
    sock.on('data', (chunk: Buffer) => this.receive(chunk))
    sock.on('error', (e: NodeJS.ErrnoException) => this.fail(new Error(`no session bus (${e.code ?? e.message})`)))
    sock.on('close', () => {
      this.fail(new Error('the session bus closed the connection'))
      onClose()
    })
  }

  /**
   * Connects and writes the greeting (authentication, BEGIN, Hello and a Ping of the Secret
   * Service in one write, as in dbus-wire.ts) without waiting; once both are answered, opens the
   * session. A bus that cannot be reached fails `greeted`, `ready` and every call.
   */
  static open(address: string | undefined, onClose: () => void): BusConnection {
    const socketPath = address ? parseUnixAddress(address) : undefined
    const c = new BusConnection(socketPath ? net.createConnection(socketPath) : undefined, onClose)
    if (!address) c.fail(new Error('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set, and there is no $XDG_RUNTIME_DIR/bus)'))
    else if (!socketPath) c.fail(new Error('the session bus address is not a unix socket TokenDesk understands'))
    else {
      const uid = String(process.getuid?.() ?? 0)
      c.sock!.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\nBEGIN\r\n`)]))
    }
    const hello = c.call('/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello', '', undefined, 'org.freedesktop.DBus')
    const ping = c.call(SERVICE_PATH, 'org.freedesktop.DBus.Peer', 'Ping', '')
    const failed = (e: unknown) => {
      c.destroy()
      throw e
    }
    c.greeted = Promise.all([hello, ping]).then(() => undefined, failed)
    c.ready = c.greeted.then(() => c.openSession()).catch(failed)
    return c
  }

  async openSession(): Promise<void> {
    const reply = await this.call(SERVICE_PATH, SERVICE, 'OpenSession', 'sv', (w) => {
      w.str('plain')
      w.sig('s')
      w.str('')
    })
    const r = new Reader(reply.body, reply.le)
    r.skipVariant()
    this.session = r.str()
  }

  call(path: string, iface: string, member: string, signature: string, body?: Parameters<typeof methodCall>[6], dest = DEST): Promise<Message> {
    if (this.failure) return Promise.reject(this.failure)
    const serial = ++this.serial
    return new Promise<Message>((resolve, reject) => {
      this.pending.set(serial, { resolve, reject })
      this.sock!.write(methodCall(serial, path, iface, member, dest, signature, body))
    })
  }

  destroy(): void {
    this.sock?.destroy()
  }

  private receive(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk])
    try {
      if (!this.authed) {
        const eol = this.buf.indexOf('\r\n')
        if (eol < 0) return
        const line = this.buf.subarray(0, eol).toString('latin1')
        this.buf = this.buf.subarray(eol + 2)
        if (!line.startsWith('OK ')) throw new Error('the session bus refused authentication')
        this.authed = true
      }
      for (;;) {
        const msg = nextMessage(this.buf)
        if (!msg) return
        this.buf = this.buf.subarray(msg.length)
        const waiting = msg.replySerial === undefined ? undefined : this.pending.get(msg.replySerial)
        if (!waiting || (msg.type !== METHOD_RETURN && msg.type !== ERROR)) continue // signals, and replies nobody waits for
        this.pending.delete(msg.replySerial!)
        if (msg.type === ERROR) waiting.reject(new BusError(`the Secret Service refused (${msg.errorName ?? 'error'}: ${msg.errorText ?? ''})`))
        else waiting.resolve(msg)
      }
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)))
      this.destroy()
    }
  }

  private fail(e: Error): void {
    this.failure ??= e
    for (const p of this.pending.values()) p.reject(this.failure)
    this.pending.clear()
  }
}
