/**
 * Conceals secrets in a program's output as it streams (`tokendesk run`), as `op run` does: each
 * occurrence of a resolved secret in stdout or stderr becomes CONCEALED, also when the program
 * wrote it in two pieces. Works on bytes, so a multi-byte character split across chunks is never
 * cut. Holds back only the end of the output that could still be the start of a secret (at most
 * the longest secret less one byte): everything else goes out at once.
 *
 * Secrets shorter than MIN_ANYWHERE characters are concealed only as whole words (not next to a
 * letter, digit or "_"): a short string turns up inside ordinary output by chance, and concealing
 * it there would garble the output and show, by where the concealment falls, what the secret is.
 */
export const CONCEALED = '<concealed by tokendesk>'
export const MIN_ANYWHERE = 8

const isWordByte = (b: number | undefined) =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f || b >= 0x80)

export class StreamMasker {
  private readonly secrets: { bytes: Buffer; wholeWord: boolean }[]
  private readonly concealed = Buffer.from(CONCEALED)
  private held: Buffer = Buffer.alloc(0)

  constructor(secrets: readonly string[]) {
    // Longest first, so a secret that contains another is concealed whole.
    this.secrets = [...new Set(secrets)]
      .filter((s) => s.length > 0)
      .sort((a, b) => b.length - a.length)
      .map((s) => ({ bytes: Buffer.from(s, 'utf8'), wholeWord: s.length < MIN_ANYWHERE }))
  }

  /** Takes the next chunk; returns what may be written now. */
  push(chunk: Buffer): Buffer {
    return this.scan(Buffer.concat([this.held, chunk]), false)
  }

  /** The stream ended: whatever was held back goes out (concealed where it must be). */
  end(): Buffer {
    return this.scan(this.held, true)
  }

  private scan(buf: Buffer, final: boolean): Buffer {
    const out: Buffer[] = []
    let from = 0 // start of the not yet emitted part
    let i = 0
    outer: while (i < buf.length) {
      for (const s of this.secrets) {
        if (buf[i] !== s.bytes[0]) continue
        const end = i + s.bytes.length
        if (end > buf.length) {
          // The secret may continue in the next chunk: hold from here unless it cannot.
          if (!final && buf.subarray(i).equals(s.bytes.subarray(0, buf.length - i)) && (!s.wholeWord || !isWordByte(buf[i - 1]))) {
            out.push(buf.subarray(from, i))
            this.held = Buffer.from(buf.subarray(i))
            return Buffer.concat(out)
          }
          continue
        }
        if (!buf.subarray(i, end).equals(s.bytes)) continue
        if (s.wholeWord) {
          if (isWordByte(buf[i - 1])) continue
          if (end === buf.length && !final) {
            // The next byte decides whether this is a whole word: hold it.
            out.push(buf.subarray(from, i))
            this.held = Buffer.from(buf.subarray(i))
            return Buffer.concat(out)
          }
          if (isWordByte(buf[end])) continue
        }
        out.push(buf.subarray(from, i), this.concealed)
        i = end
        from = end
        continue outer
      }
      i++
    }
    out.push(buf.subarray(from))
    this.held = Buffer.alloc(0)
    return Buffer.concat(out)
  }
}
