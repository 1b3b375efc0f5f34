import net from 'node:net'

/**
 * Asks the Secret Service on the session bus to answer an org.freedesktop.DBus.Peer.Ping.
 *
 * Why: @napi-rs/keyring connects to D-Bus synchronously inside its constructor, so a bus or
 * keychain daemon that accepts the connection but never answers would freeze the whole event
 * loop (no timer can fire). Pinging first, asynchronously and with a deadline, turns that into a
 * prompt, clear error. It speaks just enough of the D-Bus wire protocol: SASL EXTERNAL, Hello,
 * Ping; a worker thread would also avoid the freeze but costs more than the CLI's whole budget.
 */
export async function pingSecretService(address: string | undefined, timeoutMs: number): Promise<void> {
  if (!address) throw new Error('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)')
  const socketPath = parseUnixAddress(address)
  if (!socketPath) throw new Error('the session bus address is not a unix socket this check understands')
  await new Promise<void>((resolve, reject) => {
    const sock = net.createConnection(socketPath)
    const timer = setTimeout(() => finish(new Error(`it did not answer within ${timeoutMs / 1000} s`)), timeoutMs)
    let settled = false
    const finish = (err?: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      sock.destroy()
      if (err) reject(err)
      else resolve()
    }
    let authed = false
    let buf = Buffer.alloc(0)
    sock.on('error', (e: NodeJS.ErrnoException) => finish(new Error(`no session bus at ${socketPath} (${e.code ?? e.message})`)))
    sock.on('close', () => finish(new Error('the session bus closed the connection')))
    sock.on('connect', () => {
      const uid = String(process.getuid?.() ?? 0)
      sock.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\n`)]))
    })
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk])
      if (!authed) {
        const eol = buf.indexOf('\r\n')
        if (eol < 0) return
        const line = buf.subarray(0, eol).toString('latin1')
        buf = buf.subarray(eol + 2)
        if (!line.startsWith('OK ')) return finish(new Error('the session bus refused authentication'))
        authed = true
        sock.write(Buffer.concat([
          Buffer.from('BEGIN\r\n'),
          methodCall(1, '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello', 'org.freedesktop.DBus'),
          methodCall(2, '/org/freedesktop/secrets', 'org.freedesktop.DBus.Peer', 'Ping', 'org.freedesktop.secrets'),
        ]))
      }
      for (;;) {
        const msg = nextMessage(buf)
        if (!msg) return
        buf = buf.subarray(msg.length)
        if (msg.replySerial !== 2) continue
        if (msg.type === 2) return finish()
        return finish(new Error(`no Secret Service answers on the session bus (${msg.errorName ?? 'error'})`))
      }
    })
  })
}

export function parseUnixAddress(address: string): string | undefined {
  for (const entry of address.split(';')) {
    const [transport, rest = ''] = entry.split(':', 2) as [string, string?]
    if (transport !== 'unix') continue
    const kv = Object.fromEntries(rest.split(',').map((p) => p.split('=', 2) as [string, string]))
    if (kv.path) return decodeURIComponent(kv.path)
    // Linux abstract sockets are addressed with a leading NUL byte.
    if (kv.abstract) return `\0${decodeURIComponent(kv.abstract)}`
  }
  return undefined
}

class Writer {
  private parts: number[] = []
  get length() {
    return this.parts.length
  }
  align(n: number) {
    while (this.parts.length % n !== 0) this.parts.push(0)
  }
  byte(b: number) {
    this.parts.push(b & 0xff)
  }
  u32(v: number) {
    this.align(4)
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  }
  str(s: string) {
    const bytes = Buffer.from(s, 'utf8')
    this.u32(bytes.length)
    this.parts.push(...bytes, 0)
  }
  sig(s: string) {
    this.byte(s.length)
    this.parts.push(...Buffer.from(s, 'latin1'), 0)
  }
  setU32(at: number, v: number) {
    this.parts.splice(at, 4, v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  }
  buffer() {
    return Buffer.from(this.parts)
  }
}

/** A little-endian METHOD_CALL with no body. */
function methodCall(serial: number, path: string, iface: string, member: string, destination: string): Buffer {
  const w = new Writer()
  w.byte(0x6c) // 'l'
  w.byte(1) // METHOD_CALL
  w.byte(0)
  w.byte(1) // protocol version
  w.u32(0) // body length
  w.u32(serial)
  w.u32(0) // header field array length, patched below
  w.align(8)
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
  w.setU32(12, w.length - start)
  w.align(8)
  return w.buffer()
}

interface Message {
  length: number
  type: number
  replySerial?: number
  errorName?: string
}

function nextMessage(buf: Buffer): Message | undefined {
  if (buf.length < 16) return undefined
  const le = buf[0] === 0x6c
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at))
  const bodyLen = u32(4)
  const fieldsLen = u32(12)
  const headerEnd = 16 + fieldsLen
  const length = Math.ceil(headerEnd / 8) * 8 + bodyLen
  if (buf.length < length) return undefined
  const msg: Message = { length, type: buf[1]! }
  let at = 16
  const align = (n: number) => (at = Math.ceil(at / n) * n)
  while (at < headerEnd) {
    align(8)
    const code = buf[at]!
    const sigLen = buf[at + 1]!
    const sig = buf.subarray(at + 2, at + 2 + sigLen).toString('latin1')
    at += 3 + sigLen
    if (sig === 'u') {
      align(4)
      if (code === 5) msg.replySerial = u32(at)
      at += 4
    } else if (sig === 's' || sig === 'o') {
      align(4)
      const n = u32(at)
      if (code === 4) msg.errorName = buf.subarray(at + 4, at + 4 + n).toString('utf8')
      at += 4 + n + 1
    } else if (sig === 'g') {
      at += 1 + buf[at]! + 1
    } else {
      break // a field type we do not need; the reply serial comes before anything exotic
    }
  }
  return msg
}
