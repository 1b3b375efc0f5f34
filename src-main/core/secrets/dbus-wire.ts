import { createConnection } from 'node:net'

/**
 * Just enough of the D-Bus wire protocol for TokenDesk's plain-JS talk with the Secret Service:
 * the messages (methodCall, nextMessage, Reader) that the reads on a kept connection use
 * (secret-service-reader.ts), and `converse`, one connection for one short conversation — the
 * reachability ping before the native keyring call (dbus-ping.ts) and the lock check
 * (secret-service-locked.ts): SASL EXTERNAL, Hello, then the caller's method calls, all under one
 * deadline. Little-endian out; either order in.
 */

export const METHOD_RETURN = 2
export const ERROR = 3

export interface Message {
  length: number
  type: number
  le: boolean
  replySerial?: number
  errorName?: string
  errorText?: string
  body: Buffer
}

export type Send = (call: Buffer) => void

export interface Conversation<T> {
  /** Sends the first calls (Hello has serial 1; use serials from 2). */
  start(send: Send): void
  /** Called for each reply to serial ≥ 2: return `{ value }` to finish, undefined to keep waiting; throw to fail. */
  onReply(msg: Message, send: Send): { value: T } | undefined
}

/** Runs a conversation on the session bus at `address`; rejects at the deadline, never hangs. */
export function converse<T>(address: string | undefined, timeoutMs: number, conv: Conversation<T>): Promise<T> {
  if (!address) return Promise.reject(new Error('no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set, and there is no $XDG_RUNTIME_DIR/bus)'))
  const socketPath = parseUnixAddress(address)
  if (!socketPath) return Promise.reject(new Error('the session bus address is not a unix socket TokenDesk understands'))
  return new Promise<T>((resolve, reject) => {
    const sock = createConnection(socketPath)
    let settled = false
    const finish = (err: Error | null, value?: T) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      sock.destroy()
      if (err) reject(err)
      else resolve(value as T)
    }
    const timer = setTimeout(() => finish(new Error(`it did not answer within ${timeoutMs / 1000} s`)), timeoutMs)
    const send: Send = (call) => sock.write(call)
    let authed = false
    let buf = Buffer.alloc(0)
    sock.on('error', (e: NodeJS.ErrnoException) => finish(new Error(`no session bus at ${socketPath} (${e.code ?? e.message})`)))
    sock.on('close', () => finish(new Error('the session bus closed the connection')))
    // Pipelined, as sd-bus does: the authentication, BEGIN and the first calls in one write, queued
    // until the socket connects; the bus reads them in order. This saves a round trip of the
    // conversation (docs/development.md "Performance"). A bus that refuses says so before BEGIN.
    const uid = String(process.getuid?.() ?? 0)
    sock.write(Buffer.concat([Buffer.from([0]), Buffer.from(`AUTH EXTERNAL ${Buffer.from(uid).toString('hex')}\r\nBEGIN\r\n`)]))
    send(methodCall(1, '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello', 'org.freedesktop.DBus'))
    conv.start(send)
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
        }
        for (;;) {
          const msg = nextMessage(buf)
          if (!msg) return
          buf = buf.subarray(msg.length)
          if (msg.replySerial === undefined || msg.replySerial < 2) continue
          const done = conv.onReply(msg, send)
          if (done) return finish(null, done.value)
        }
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)))
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

/** Little-endian marshalling of the few types used; offsets are message-relative. */
export class Writer {
  private out: number[] = []
  get length() {
    return this.out.length
  }
  align(n: number) {
    while (this.out.length % n !== 0) this.out.push(0)
  }
  byte(b: number) {
    this.out.push(b & 0xff)
  }
  u32(v: number) {
    this.align(4)
    this.out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  }
  str(s: string) {
    const b = Buffer.from(s, 'utf8')
    this.u32(b.length)
    for (const x of b) this.out.push(x)
    this.out.push(0)
  }
  sig(s: string) {
    this.byte(s.length)
    for (const x of Buffer.from(s, 'latin1')) this.out.push(x)
    this.out.push(0)
  }
  /** An a{ss} dictionary. */
  dict(entries: Record<string, string>) {
    this.dictOf(entries, (v) => this.str(v))
  }
  /** A boolean (b). */
  bool(v: boolean) {
    this.u32(v ? 1 : 0)
  }
  /** A byte array (ay). */
  byteArray(b: Buffer) {
    this.u32(b.length)
    for (const x of b) this.out.push(x)
  }
  /** An a{sv} dictionary whose values are strings (s) or string dictionaries (a{ss}). */
  properties(entries: Record<string, string | Record<string, string>>) {
    this.dictOf(entries, (v) => {
      this.sig(typeof v === 'string' ? 's' : 'a{ss}')
      if (typeof v === 'string') this.str(v)
      else this.dict(v)
    })
  }
  /** A dictionary with string keys: its length, then each entry on an 8-byte boundary, its value written by `value`. */
  private dictOf<T>(entries: Record<string, T>, value: (v: T) => void) {
    this.u32(0)
    const lenAt = this.out.length - 4
    this.align(8)
    const start = this.out.length
    for (const [k, v] of Object.entries(entries)) {
      this.align(8)
      this.str(k)
      value(v)
    }
    this.setU32(lenAt, this.out.length - start)
  }
  setU32(at: number, v: number) {
    this.out.splice(at, 4, v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  }
  buffer() {
    return Buffer.from(this.out)
  }
}

/** A METHOD_CALL; `body` writes the arguments described by `signature`. */
export function methodCall(
  serial: number,
  path: string,
  iface: string,
  member: string,
  destination: string,
  signature = '',
  body?: (w: Writer) => void,
): Buffer {
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
  if (signature) fields.push([8, 'g', signature])
  for (const [code, type, value] of fields) {
    w.align(8)
    w.byte(code)
    w.sig(type)
    if (type === 'g') w.sig(value)
    else w.str(value)
  }
  w.setU32(12, w.length - start)
  w.align(8)
  return Buffer.concat([w.buffer(), bodyBuf])
}

/**
 * Reads D-Bus wire values from one message's bytes. Every read checks its bounds: a peer that
 * sends a short or hostile message gets a clear error, never a read past the buffer or a string
 * made of whatever follows.
 */
export class Reader {
  at = 0
  constructor(
    private readonly b: Buffer,
    private readonly le: boolean,
  ) {}
  private need(n: number, what: string) {
    if (n < 0 || this.at + n > this.b.length) throw new Error(`truncated message (${what})`)
  }
  align(n: number) {
    this.at = Math.ceil(this.at / n) * n
  }
  byte() {
    this.need(1, 'byte')
    return this.b[this.at++]!
  }
  u32() {
    this.align(4)
    this.need(4, 'uint32')
    const v = this.le ? this.b.readUInt32LE(this.at) : this.b.readUInt32BE(this.at)
    this.at += 4
    return v
  }
  /** A string or object path: length, bytes, and the NUL the wire format requires. */
  str() {
    const n = this.u32()
    this.need(n + 1, 'string')
    if (this.b[this.at + n] !== 0) throw new Error('malformed message (string without its NUL)')
    const s = this.b.subarray(this.at, this.at + n).toString('utf8')
    this.at += n + 1
    return s
  }
  sig() {
    const n = this.byte()
    this.need(n + 1, 'signature')
    if (this.b[this.at + n] !== 0) throw new Error('malformed message (signature without its NUL)')
    const s = this.b.subarray(this.at, this.at + n).toString('latin1')
    this.at += n + 1
    return s
  }
  bytes() {
    const n = this.u32()
    this.need(n, 'byte array')
    const v = this.b.subarray(this.at, this.at + n)
    this.at += n
    return v
  }
  objectArray(): string[] {
    const n = this.u32()
    this.need(n, 'array')
    const end = this.at + n
    const out: string[] = []
    while (this.at < end) out.push(this.str())
    if (this.at !== end) throw new Error('malformed message (array length)')
    return out
  }
  /** A variant that must hold a boolean (a property such as Collection.Locked). */
  variantBool(): boolean {
    const sig = this.sig()
    if (sig !== 'b') throw new Error(`unexpected variant ${sig}`)
    return this.u32() !== 0
  }
  /** A variant that must hold a string dictionary (a{ss}: an item's Attributes). */
  variantStringDict(): Record<string, string> {
    const sig = this.sig()
    if (sig !== 'a{ss}') throw new Error(`unexpected variant ${sig}`)
    const n = this.u32()
    this.align(8)
    this.need(n, 'dictionary')
    const end = this.at + n
    const out: Record<string, string> = {}
    while (this.at < end) {
      this.align(8)
      const k = this.str()
      out[k] = this.str()
    }
    if (this.at !== end) throw new Error('malformed message (dictionary length)')
    return out
  }
  /** Skips a variant holding a string or object path; other payloads are not expected here. */
  skipVariant() {
    const sig = this.sig()
    if (sig !== 's' && sig !== 'o') throw new Error(`unexpected variant ${sig}`)
    this.str()
  }
  /** Skips one value of a basic type or an array of them (what a header field of an unknown code may hold). */
  skipValue(sig: string) {
    const fixed: Record<string, number> = { y: 1, b: 4, n: 2, q: 2, i: 4, u: 4, h: 4, x: 8, t: 8, d: 8 }
    if (sig in fixed) {
      const size = fixed[sig]!
      this.align(size)
      this.need(size, sig)
      this.at += size
    } else if (sig === 's' || sig === 'o') this.str()
    else if (sig === 'g') this.sig()
    else if (sig.startsWith('a') && sig.length === 2) {
      const n = this.u32()
      const elem = sig[1]!
      this.align(elem in fixed ? Math.min(fixed[elem]!, 8) : 4)
      this.need(n, 'array')
      this.at += n
    } else throw new Error(`unsupported header field of type ${sig}`)
  }
}

/** The next complete message in `buf`, or undefined if more bytes are needed. */
/** Larger than any reply the Secret Service sends TokenDesk; a bigger length is a broken or hostile peer. */
const MAX_MESSAGE = 16 * 1024 * 1024

export function nextMessage(buf: Buffer): Message | undefined {
  if (buf.length < 16) return undefined
  if (buf[0] !== 0x6c && buf[0] !== 0x42) throw new Error('malformed message (endianness flag)')
  const le = buf[0] === 0x6c
  const u32 = (at: number) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at))
  const bodyLen = u32(4)
  const fieldsLen = u32(12)
  if (bodyLen > MAX_MESSAGE || fieldsLen > MAX_MESSAGE) throw new Error('malformed message (too large)')
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
    if (r.at >= headerEnd) break // padding after the last field
    const code = r.byte()
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
      r.skipValue(sig) // a field TokenDesk does not use; skipped by its type, the later ones still read
    }
  }
  if (msg.type === ERROR && signature.startsWith('s')) {
    msg.errorText = new Reader(msg.body, le).str().slice(0, 160)
  }
  return msg
}
