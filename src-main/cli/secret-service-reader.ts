import net from 'node:net'
import { parseUnixAddress } from '../core/secrets/dbus-ping'

/**
 * Reads one secret from the Secret Service over D-Bus in plain JavaScript, for `tokendesk get`.
 *
 * Why not @napi-rs/keyring here: loading the addon and its synchronous D-Bus connect (with a
 * Diffie-Hellman session) cost about as much as node's own start-up, which the `get` budget
 * (1.5x bare node) cannot afford. This speaks just enough D-Bus for one lookup on one connection:
 * SASL EXTERNAL, Hello, OpenSession("plain"), SearchItems({service, username}), Item.GetSecret.
 * "plain" is the spec's unencrypted transfer over the user's own session bus socket, as other
 * clients (e.g. Python's secretstorage) use it; the secret never touches disk either way.
 * Everything that writes the keychain still goes through core's KeyringSecretStore.
 */
export async function readSecretServiceItem(
  busAddress: string | undefined,
  attributes: Record<string, string>,
  timeoutMs: number,
): Promise<string | null> {
  if (!busAddress) throw new Error('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)')
  const socketPath = parseUnixAddress(busAddress)
  if (!socketPath) throw new Error('the session bus address is not a unix socket this client understands')
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(socketPath)
    let settled = false
    const finish = (err: Error | null, value: string | null = null) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      sock.destroy()
      if (err) reject(err)
      else resolve(value)
    }
    const timer = setTimeout(() => finish(new Error(`it did not answer within ${timeoutMs / 1000} s`)), timeoutMs)
    let authed = false
    let buf = Buffer.alloc(0)
    let session: string | undefined
    let item: string | undefined
    const dest = 'org.freedesktop.secrets'
    const service = 'org.freedesktop.Secret.Service'
    const maybeGetSecret = () => {
      if (session && item) sock.write(methodCall(4, item, 'org.freedesktop.Secret.Item', 'GetSecret', dest, 'o', (w) => w.str(session!)))
    }
    sock.on('error', (e: NodeJS.ErrnoException) => finish(new Error(`no session bus at ${socketPath} (${e.code ?? e.message})`)))
    sock.on('close', () => finish(new Error('the session bus closed the connection')))
    sock.on('connect', () => {
      const uid = String(process.getuid?.() ?? 0)
      sock.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`)]))
    })
    sock.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk])
      try {
        if (!authed) {
          const eol = buf.indexOf('\r\n')
          if (eol < 0) return
          const line = buf.subarray(0, eol).toString('latin1')
          buf = buf.subarray(eol + 2)
          if (!line.startsWith('OK ')) return finish(new Error('the session bus refused authentication'))
          authed = true
          sock.write(
            Buffer.concat([
              Buffer.from('BEGIN\r\n'),
              methodCall(1, '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello', 'org.freedesktop.DBus'),
              methodCall(2, '/org/freedesktop/secrets', service, 'OpenSession', dest, 'sv', (w) => {
                w.str('plain')
                w.sig('s')
                w.str('')
              }),
              methodCall(3, '/org/freedesktop/secrets', service, 'SearchItems', dest, 'a{ss}', (w) => w.dict(attributes)),
            ]),
          )
        }
        for (;;) {
          const msg = nextMessage(buf)
          if (!msg) return
          buf = buf.subarray(msg.length)
          if (msg.replySerial === undefined || msg.replySerial < 2) continue
          if (msg.type === 3) return finish(new Error(`the Secret Service refused (${msg.errorName ?? 'error'}: ${msg.errorText ?? ''})`))
          if (msg.type !== 2) continue
          const r = new Reader(msg.body, msg.le)
          if (msg.replySerial === 2) {
            r.skipVariant()
            session = r.str()
            maybeGetSecret()
          } else if (msg.replySerial === 3) {
            const unlocked = r.objectArray()
            const locked = r.objectArray()
            if (unlocked.length === 0) return locked.length > 0 ? finish(new Error('it is locked')) : finish(null, null)
            item = unlocked[0]
            maybeGetSecret()
          } else if (msg.replySerial === 4) {
            // (oayays): session, parameters, value, content type
            r.align(8)
            r.str()
            r.bytes()
            return finish(null, r.bytes().toString('utf8'))
          }
        }
      } catch (e) {
        finish(new Error(`unexpected answer on the session bus (${e instanceof Error ? e.message : String(e)})`))
      }
    })
  })
}

/** D-Bus little-endian marshalling of the few types used above; offsets are message-relative. */
class Writer {
  private bytesOut: number[] = []
  constructor(private readonly base = 0) {}
  get length() {
    return this.bytesOut.length
  }
  align(n: number) {
    while ((this.base + this.bytesOut.length) % n !== 0) this.bytesOut.push(0)
  }
  byte(b: number) {
    this.bytesOut.push(b & 0xff)
  }
  u32(v: number) {
    this.align(4)
    this.bytesOut.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  }
  str(s: string) {
    const b = Buffer.from(s, 'utf8')
    this.u32(b.length)
    for (const x of b) this.bytesOut.push(x)
    this.bytesOut.push(0)
  }
  sig(s: string) {
    this.byte(s.length)
    for (const x of Buffer.from(s, 'latin1')) this.bytesOut.push(x)
    this.bytesOut.push(0)
  }
  dict(entries: Record<string, string>) {
    this.u32(0)
    const lenAt = this.bytesOut.length - 4
    this.align(8)
    const start = this.bytesOut.length
    for (const [k, v] of Object.entries(entries)) {
      this.align(8)
      this.str(k)
      this.str(v)
    }
    this.setU32(lenAt, this.bytesOut.length - start)
  }
  setU32(at: number, v: number) {
    this.bytesOut.splice(at, 4, v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  }
  buffer() {
    return Buffer.from(this.bytesOut)
  }
}

function methodCall(serial: number, path: string, iface: string, member: string, destination: string, signature = '', body?: (w: Writer) => void): Buffer {
  const b = new Writer()
  body?.(b)
  const bodyBuf = b.buffer()
  const w = new Writer()
  w.byte(0x6c) // 'l': little-endian
  w.byte(1) // METHOD_CALL
  w.byte(0)
  w.byte(1) // protocol version
  w.u32(bodyBuf.length)
  w.u32(serial)
  w.u32(0) // header field array length, patched below
  const start = w.length
  const fields: Array<[number, string, string]> = [
    [1, 'o', path],
    [2, 's', iface],
    [3, 's', member],
    [6, 's', destination],
  ]
  for (const [code, type, value] of fields) {
    w.align(8)
    w.byte(code)
    w.sig(type)
    w.str(value)
  }
  if (signature) {
    w.align(8)
    w.byte(8)
    w.sig('g')
    w.sig(signature)
  }
  w.setU32(12, w.length - start)
  w.align(8)
  return Buffer.concat([w.buffer(), bodyBuf])
}

interface Message {
  length: number
  type: number
  le: boolean
  replySerial?: number
  errorName?: string
  errorText?: string
  body: Buffer
}

class Reader {
  at = 0
  constructor(
    private readonly b: Buffer,
    private readonly le: boolean,
  ) {}
  align(n: number) {
    this.at = Math.ceil(this.at / n) * n
  }
  u32() {
    this.align(4)
    if (this.at + 4 > this.b.length) throw new Error('truncated message')
    const v = this.le ? this.b.readUInt32LE(this.at) : this.b.readUInt32BE(this.at)
    this.at += 4
    return v
  }
  str() {
    const n = this.u32()
    const s = this.b.subarray(this.at, this.at + n).toString('utf8')
    this.at += n + 1
    return s
  }
  sig() {
    const n = this.b[this.at]!
    const s = this.b.subarray(this.at + 1, this.at + 1 + n).toString('latin1')
    this.at += n + 2
    return s
  }
  bytes() {
    const n = this.u32()
    const v = this.b.subarray(this.at, this.at + n)
    this.at += n
    return v
  }
  objectArray(): string[] {
    const n = this.u32()
    const end = this.at + n
    const out: string[] = []
    while (this.at < end) out.push(this.str())
    return out
  }
  /** Skips a variant holding a string (OpenSession's output for "plain"); other payloads are not expected. */
  skipVariant() {
    const sig = this.sig()
    if (sig !== 's' && sig !== 'o') throw new Error(`unexpected variant ${sig}`)
    this.str()
  }
}

function nextMessage(buf: Buffer): Message | undefined {
  if (buf.length < 16) return undefined
  const le = buf[0] === 0x6c
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at))
  const bodyLen = u32(4)
  const fieldsLen = u32(12)
  const headerEnd = 16 + fieldsLen
  const bodyStart = Math.ceil(headerEnd / 8) * 8
  const length = bodyStart + bodyLen
  if (buf.length < length) return undefined
  const msg: Message = { length, type: buf[1]!, le, body: buf.subarray(bodyStart, length) }
  const r = new Reader(buf.subarray(0, headerEnd), le)
  r.at = 16
  let signature = ''
  while (r.at < headerEnd) {
    r.align(8)
    const code = buf[r.at]!
    r.at += 1
    const sig = r.sig()
    if (sig === 'u') {
      const v = r.u32()
      if (code === 5) msg.replySerial = v
    } else if (sig === 's' || sig === 'o') {
      const v = r.str()
      if (code === 4) msg.errorName = v
    } else if (sig === 'g') {
      const v = r.sig()
      if (code === 8) signature = v
    } else {
      break
    }
  }
  if (msg.type === 3 && signature.startsWith('s')) {
    const br = new Reader(msg.body, le)
    msg.errorText = br.str().slice(0, 160)
  }
  return msg
}
