import { describe, expect, it } from 'vitest'
import { ERROR, METHOD_RETURN, Reader, Writer, methodCall, nextMessage } from './dbus-wire'

// Byte-level specs of the hand-written D-Bus reader (#14): every type it decodes, both byte
// orders, header fields it does not use, and truncated or hostile messages.

type Field = [code: number, sig: string, write: (w: Writer) => void]

/** A message as a bus would send it: little-endian unless `be`, with the given header fields and body. */
function message(type: number, fields: Field[], body: Buffer = Buffer.alloc(0), be = false): Buffer {
  const w = new Writer()
  w.byte(0x6c)
  w.byte(type)
  w.byte(0)
  w.byte(1)
  w.u32(body.length)
  w.u32(7) // serial
  w.u32(0) // fields length, patched
  const start = w.length
  for (const [code, sig, write] of fields) {
    w.align(8)
    w.byte(code)
    w.sig(sig)
    write(w)
  }
  w.setU32(12, w.length - start)
  w.align(8)
  const le = Buffer.concat([w.buffer(), body])
  return be ? toBigEndian(le, fields, body) : le
}

/** The same message in big-endian order (only u32 fields and string lengths differ). */
function toBigEndian(le: Buffer, fields: Field[], body: Buffer): Buffer {
  const b = Buffer.from(le)
  b[0] = 0x42
  for (const at of [4, 8, 12]) b.writeUInt32BE(le.readUInt32LE(at), at)
  // Rewrite every field's u32-sized values by walking the header as the reader would.
  let at = 16
  const end = 16 + le.readUInt32LE(12)
  for (const [, sig] of fields) {
    at = Math.ceil(at / 8) * 8
    at += 1
    at += 1 + b[at]! + 1
    if (sig === 'u') {
      at = Math.ceil(at / 4) * 4
      b.writeUInt32BE(le.readUInt32LE(at), at)
      at += 4
    } else if (sig === 's' || sig === 'o') {
      at = Math.ceil(at / 4) * 4
      const n = le.readUInt32LE(at)
      b.writeUInt32BE(n, at)
      at += 4 + n + 1
    } else if (sig === 'g') at += 1 + b[at]! + 1
  }
  expect(at).toBeLessThanOrEqual(end)
  void body
  return b
}

const replySerial = (n: number): Field => [5, 'u', (w) => w.u32(n)]
const signature = (s: string): Field => [8, 'g', (w) => w.sig(s)]
const stringBody = (s: string) => {
  const w = new Writer()
  w.str(s)
  return w.buffer()
}

describe('nextMessage', () => {
  it('reads a method return: type, reply serial, body', () => {
    const buf = message(METHOD_RETURN, [replySerial(3), signature('s')], stringBody('/org/freedesktop/secrets/session/1'))
    const m = nextMessage(buf)!
    expect(m).toMatchObject({ type: METHOD_RETURN, replySerial: 3, le: true, length: buf.length })
    expect(new Reader(m.body, m.le).str()).toBe('/org/freedesktop/secrets/session/1')
  })

  it('reads an error with its name and text', () => {
    const buf = message(ERROR, [[4, 's', (w) => w.str('org.freedesktop.Secret.Error.IsLocked')], replySerial(4), signature('s')], stringBody('Cannot read, collection is locked'))
    expect(nextMessage(buf)).toMatchObject({ type: ERROR, replySerial: 4, errorName: 'org.freedesktop.Secret.Error.IsLocked', errorText: 'Cannot read, collection is locked' })
  })

  it('reads a big-endian message', () => {
    const buf = message(METHOD_RETURN, [replySerial(9), signature('')], Buffer.alloc(0), true)
    expect(nextMessage(buf)).toMatchObject({ type: METHOD_RETURN, replySerial: 9, le: false })
  })

  it('skips header fields it does not use, of any basic type or array, and still reads the later ones', () => {
    const buf = message(METHOD_RETURN, [
      [9, 'u', (w) => w.u32(0)], // UNIX_FDS
      [20, 't', (w) => (w.align(8), w.u32(1), w.u32(2))],
      [21, 'ay', (w) => (w.u32(3), w.byte(1), w.byte(2), w.byte(3))],
      [22, 'n', (w) => (w.byte(1), w.byte(0))],
      replySerial(11),
      signature(''),
    ])
    expect(nextMessage(buf)).toMatchObject({ replySerial: 11 })
  })

  it('says so for a header field of a type it cannot skip, instead of misreading the rest', () => {
    const buf = message(METHOD_RETURN, [[23, '(ss)', (w) => (w.align(8), w.str('a'), w.str('b'))], replySerial(2)])
    expect(() => nextMessage(buf)).toThrow(/unsupported header field of type \(ss\)/)
  })

  it('waits for more bytes when the message is not complete yet', () => {
    const buf = message(METHOD_RETURN, [replySerial(3), signature('s')], stringBody('abc'))
    for (const n of [0, 8, 15, 16, buf.length - 1]) expect(nextMessage(buf.subarray(0, n))).toBeUndefined()
    expect(nextMessage(buf)).toBeDefined()
  })

  it('refuses hostile headers: a bad byte-order flag, absurd lengths, a string longer than its header', () => {
    const ok = message(METHOD_RETURN, [replySerial(3)])
    const badFlag = Buffer.from(ok)
    badFlag[0] = 0x58
    expect(() => nextMessage(badFlag)).toThrow(/endianness/)
    const huge = Buffer.from(ok)
    huge.writeUInt32LE(0xffff_fff0, 4)
    expect(() => nextMessage(huge)).toThrow(/too large/)
    // A field whose string claims 200 bytes inside a 24-byte header.
    const lying = message(METHOD_RETURN, [[4, 's', (w) => w.str('x')], replySerial(3)])
    lying.writeUInt32LE(200, 20)
    expect(() => nextMessage(lying)).toThrow(/truncated message \(string\)/)
  })
})

describe('Reader', () => {
  const le = (w: (x: Writer) => void) => {
    const x = new Writer()
    w(x)
    return new Reader(x.buffer(), true)
  }
  it('decodes byte, uint32, string, signature, byte array, object-path array, boolean variant', () => {
    const r = le((w) => {
      w.byte(7)
      w.u32(0xdeadbeef)
      w.str('päss')
      w.sig('a{sv}')
      w.u32(3)
      w.byte(1)
      w.byte(2)
      w.byte(3)
      w.u32(0)
      const at = w.length
      w.str('/a')
      w.str('/b/c')
      w.setU32(at - 4, w.length - at)
      w.sig('b')
      w.u32(1)
    })
    expect(r.byte()).toBe(7)
    expect(r.u32()).toBe(0xdeadbeef)
    expect(r.str()).toBe('päss')
    expect(r.sig()).toBe('a{sv}')
    expect([...r.bytes()]).toEqual([1, 2, 3])
    expect(r.objectArray()).toEqual(['/a', '/b/c'])
    expect(r.variantBool()).toBe(true)
  })

  it('refuses a string without its NUL, a read past the end, and an array whose length splits an element', () => {
    const noNul = Buffer.from([3, 0, 0, 0, 0x61, 0x62, 0x63, 0x64])
    expect(() => new Reader(noNul, true).str()).toThrow(/without its NUL/)
    expect(() => new Reader(Buffer.from([9, 0, 0, 0, 0x61]), true).str()).toThrow(/truncated message \(string\)/)
    expect(() => new Reader(Buffer.from([1, 0]), true).u32()).toThrow(/truncated message \(uint32\)/)
    expect(() => new Reader(Buffer.from([5, 0x61]), true).sig()).toThrow(/truncated message \(signature\)/)
    const split = le((w) => {
      w.u32(7) // claims 7 bytes: the one string inside takes 7 (4 + 2 + NUL)… then one more read runs past
      w.str('ab')
      w.str('x')
    })
    const r = split
    expect(r.objectArray()).toEqual(['ab'])
    const lying = new Reader(Buffer.from([6, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x62, 0]), true)
    expect(() => lying.objectArray()).toThrow(/array length/)
    expect(() => le((w) => (w.sig('s'), w.str('x'))).variantBool()).toThrow(/unexpected variant s/)
  })
})

describe('Writer and Reader for the writer path', () => {
  const bytesOf = (w: (x: Writer) => void) => {
    const x = new Writer()
    w(x)
    return x.buffer()
  }
  it("round-trips an item's Attributes variant (a{ss}), with each entry on an 8-byte boundary", () => {
    const attrs = { service: 'TokenDesk/ab12', username: 'c0ffee.2', 'ü-key': 'wert-€' }
    const b = bytesOf((w) => {
      w.byte(9) // misaligns what follows
      w.sig('a{ss}')
      w.dict(attrs)
    })
    const r = new Reader(b, true)
    r.byte()
    expect(r.variantStringDict()).toEqual(attrs)
    expect(r.at).toBe(b.length)
    expect(() => new Reader(bytesOf((w) => (w.sig('as'), w.u32(0))), true).variantStringDict()).toThrow(/unexpected variant as/)
    const short = bytesOf((w) => (w.sig('a{ss}'), w.dict(attrs))).subarray(0, 20)
    expect(() => new Reader(short, true).variantStringDict()).toThrow(/truncated/)
  })

  it("writes CreateItem's properties (a{sv} of a string and a string dictionary), a boolean and byte arrays as the spec lays them out", () => {
    const b = bytesOf((w) => {
      w.properties({ 'org.freedesktop.Secret.Item.Label': 'L', 'org.freedesktop.Secret.Item.Attributes': { k: 'v' } })
      w.align(8)
      w.byteArray(Buffer.from([1, 2]))
      w.bool(true)
    })
    const r = new Reader(b, true)
    const len = r.u32()
    r.align(8)
    const end = r.at + len
    r.align(8)
    expect(r.str()).toBe('org.freedesktop.Secret.Item.Label')
    expect(r.sig()).toBe('s')
    expect(r.str()).toBe('L')
    r.align(8)
    expect(r.str()).toBe('org.freedesktop.Secret.Item.Attributes')
    expect(r.variantStringDict()).toEqual({ k: 'v' })
    expect(r.at).toBe(end)
    r.align(8)
    expect([...r.bytes()]).toEqual([1, 2])
    expect(r.u32()).toBe(1)
  })
})

describe('methodCall', () => {
  it('writes a call the reader parses back: no reply serial, its signature and body', () => {
    const call = methodCall(2, '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service', 'SearchItems', 'org.freedesktop.secrets', 'a{ss}', (w) => w.dict({ service: 'TokenDesk', username: 'abc.1' }))
    const m = nextMessage(call)!
    expect(m).toMatchObject({ type: 1, le: true, length: call.length })
    expect(m.replySerial).toBeUndefined()
    const r = new Reader(m.body, true)
    const n = r.u32()
    expect(n).toBeGreaterThan(0)
    r.align(8)
    expect([r.str(), r.str()]).toEqual(['service', 'TokenDesk'])
  })
})
