import { type Socket, createConnection } from 'node:net'
import { ERROR, METHOD_RETURN, type Message, Reader, type Writer, methodCall, nextMessage, parseUnixAddress } from './dbus-wire'

export const DEST = 'org.freedesktop.secrets'
export const SERVICE_PATH = '/org/freedesktop/secrets'
export const SERVICE = 'org.freedesktop.Secret.Service'
export const COLLECTION = 'org.freedesktop.Secret.Collection'
export const ITEM = 'org.freedesktop.Secret.Item'
export const PROMPT = 'org.freedesktop.Secret.Prompt'
export const PEER = 'org.freedesktop.DBus.Peer'
export const PROPERTIES = 'org.freedesktop.DBus.Properties'

/** The body of Properties.Get for a collection's Locked property (its answer: Reader.variantBool). */
export const lockedProperty = (w: Writer): void => {
  w.str(COLLECTION)
  w.str('Locked')
}

/**
 * TokenDesk's own connection to the Secret Service, in plain JavaScript: one authenticated
 * session-bus connection with a "plain" session, as Python's secretstorage uses over the user's
 * own bus socket, kept by a KeptConnection and used by the reader (secret-service-reader.ts) and,
 * on Linux, the writer (secret-service-writer.ts).
 *
 * A new connection's first request to the Secret Service is a Ping, and nothing else is sent
 * until it is answered. gnome-keyring-daemon registers a new connection as its client in a
 * callback of its own; a request it handles before that finds no client, and OpenSession then
 * aborts the daemon (GLib criticals after "plain_negotiate: assertion 'session' failed"), leaving
 * the user's keyring restarted and locked. The Ping is answered by D-Bus's own code in the
 * daemon, without the client. Measured with bench/keyring-first-requests.bench.ts (two
 * processes, 6,000 new connections): reading with OpenSession first killed the daemon within
 * its first 13–778 reads in each run; with the Ping, it answered all 6,000 reads, writes and lock
 * checks in each run. Rarer is not never: one CI run, under the whole suite's load, still lost a
 * daemon in 5,000 such reads — the rest of the race is the daemon's. The Ping costs a new
 * connection one round trip, which the CLI's hot commands spend opening their database.
 */
export class KeptConnection {
  private conn: BusConnection | undefined

  constructor(private readonly address: () => string | undefined) {}

  /**
   * Starts connecting (the handshake, the Ping, then the session) without waiting: the CLI's hot
   * commands call it first and open their database while the bus and the daemon answer. A
   * failure here is the next request's.
   */
  warm(): void {
    void this.connection().ready.catch(() => undefined)
  }

  /** Ends the connection (the app at quit); a later request opens a new one. */
  close(): void {
    const c = this.conn
    this.conn = undefined
    c?.destroy()
  }

  /** `work` on the connection, rejected at the deadline (which drops the connection: its late answers no longer matter). */
  protected withDeadline<T>(timeoutMs: number, work: (conn: BusConnection) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.close()
        reject(new Error(`it did not answer within ${timeoutMs / 1000} s`))
      }, timeoutMs)
    })
    return Promise.race([work(this.connection()), deadline]).finally(() => clearTimeout(timer))
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
export class BusError extends Error {}

/** One authenticated session-bus connection with a Secret Service session; calls matched to replies by serial. */
export class BusConnection {
  session = ''
  /**
   * Settles when Hello and the Ping are answered (open): from then on the daemon knows this
   * client. Every other call to the Secret Service waits for it (call()).
   */
  greeted: Promise<void> = Promise.resolve()
  private isGreeted = false
  /** Settles when OpenSession, sent once greeted, is answered. */
  ready: Promise<void> = Promise.resolve()
  private serial = 1
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>()
  private buf = Buffer.alloc(0)
  private authed = false
  private failure: Error | undefined

  private constructor(
    private readonly sock: Socket | undefined,
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
    const c = new BusConnection(socketPath ? createConnection(socketPath) : undefined, onClose)
    if (!address) c.fail(new Error('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set, and there is no $XDG_RUNTIME_DIR/bus)'))
    else if (!socketPath) c.fail(new Error('the session bus address is not a unix socket TokenDesk understands'))
    else {
      const uid = String(process.getuid?.() ?? 0)
      c.sock!.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\nBEGIN\r\n`)]))
    }
    const hello = c.send('/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello', '', undefined, 'org.freedesktop.DBus')
    const ping = c.send(SERVICE_PATH, PEER, 'Ping', '', undefined, DEST)
    const failed = (e: unknown) => {
      c.destroy()
      throw e
    }
    c.greeted = Promise.all([hello, ping]).then(() => {
      c.isGreeted = true
    }, failed)
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

  /**
   * A call that uses the session: when the Secret Service answers it with an error, its daemon
   * may have restarted since the session was opened (a new one does not know it), so a new
   * session is opened and the call made once more.
   */
  async inSession(call: () => Promise<Message>): Promise<Message> {
    try {
      return await call()
    } catch (e) {
      if (!(e instanceof BusError)) throw e
      await this.openSession()
      return await call()
    }
  }

  /**
   * The items with `attributes`, unlocked and locked. The search needs no session, so on a new
   * connection it goes out with OpenSession (both sent once the Ping is answered) without waiting
   * for it; it settles with the session, which the caller's next request may need.
   */
  async search(attributes: Record<string, string>): Promise<{ unlocked: string[]; locked: string[] }> {
    const [, found] = await Promise.all([this.ready, this.call(SERVICE_PATH, SERVICE, 'SearchItems', 'a{ss}', (w) => w.dict(attributes))])
    const r = new Reader(found.body, found.le)
    return { unlocked: r.objectArray(), locked: r.objectArray() }
  }

  /** A method call to the Secret Service, sent once the daemon has been greeted (open). */
  call(path: string, iface: string, member: string, signature: string, body?: Parameters<typeof methodCall>[6]): Promise<Message> {
    if (this.isGreeted) return this.send(path, iface, member, signature, body, DEST)
    return this.greeted.then(() => this.send(path, iface, member, signature, body, DEST))
  }

  private send(path: string, iface: string, member: string, signature: string, body: Parameters<typeof methodCall>[6], dest: string): Promise<Message> {
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
