/**
 * Finds every occurrence of many exact byte strings (the secrets TokenDesk holds, in each form they
 * take in files) in one pass whose cost does not grow with how many there are: a Rabin–Karp rolling
 * hash over the first K bytes of each, a bit filter on the hash so most positions cost one array
 * read, and a byte-for-byte comparison of the candidates a hash names. A near miss (one byte off, a
 * prefix) is never a hit: only a full comparison makes one.
 *
 * Hand-written, measured: on 50 MB of text with 1,000 secrets, 149 MB/s here against 44 MB/s for
 * the maintained Aho–Corasick package `modern-ahocorasick` 3.3 (it segments text into grapheme
 * clusters, which exact byte matching does not need), and 300 MB/s for ripgrep `-F -f` (2-core
 * development machine, Node 24; the bench in bench/scan.bench.ts repeats the comparison).
 */
const B = 257
const FILTER_BITS = 22
const MASK = (1 << FILTER_BITS) - 1
/** The window the hash covers: 8 bytes, or the shortest pattern when one is shorter. */
const MAX_K = 8

export interface Pattern<T> {
  bytes: Buffer
  ref: T
}

export class SecretMatcher<T> {
  private readonly k: number
  private readonly pow: number
  private readonly filter = new Uint8Array(1 << FILTER_BITS)
  private readonly byHash = new Map<number, Pattern<T>[]>()
  readonly longest: number

  constructor(patterns: readonly Pattern<T>[]) {
    const usable = patterns.filter((p) => p.bytes.length > 0)
    this.k = Math.max(1, Math.min(MAX_K, ...usable.map((p) => p.bytes.length)))
    this.longest = Math.max(0, ...usable.map((p) => p.bytes.length))
    let pow = 1
    for (let i = 0; i < this.k - 1; i++) pow = Math.imul(pow, B) | 0
    this.pow = pow
    for (const p of usable) {
      let h = 0
      for (let i = 0; i < this.k; i++) h = (Math.imul(h, B) + p.bytes[i]!) | 0
      this.filter[h & MASK] = 1
      const list = this.byHash.get(h)
      if (list) list.push(p)
      else this.byHash.set(h, [p])
    }
  }

  get size(): number {
    let n = 0
    for (const l of this.byHash.values()) n += l.length
    return n
  }

  /** Calls `hit` for every occurrence of every pattern in `buf`, in order of start. */
  scan(buf: Buffer, hit: (start: number, end: number, ref: T) => void): void {
    const k = this.k
    const n = buf.length
    if (this.byHash.size === 0 || n < k) return
    const { filter, pow, byHash } = this
    let h = 0
    for (let i = 0; i < k - 1; i++) h = (Math.imul(h, B) + buf[i]!) | 0
    for (let i = k - 1; i < n; i++) {
      h = (Math.imul(h, B) + buf[i]!) | 0
      if (filter[h & MASK] === 1) {
        const candidates = byHash.get(h)
        if (candidates) {
          const s = i - k + 1
          for (const p of candidates) {
            const e = s + p.bytes.length
            if (e <= n && buf.compare(p.bytes, 0, p.bytes.length, s, e) === 0) hit(s, e, p.ref)
          }
        }
      }
      h = (h - Math.imul(buf[i - k + 1]!, pow)) | 0
    }
  }
}
