import type { Clock } from '../core/clock'

/** What a long command has done so far (scan: files, bytes, copies found). */
export interface Progress {
  files: number
  bytes: number
  findings: number
}

/** The words of the progress line. Pure. */
export function progressText(p: Progress): string {
  const mb = p.bytes >= 1e9 ? `${(p.bytes / 1e9).toFixed(2)} GB` : `${(p.bytes / 1e6).toFixed(1)} MB`
  return `scanning: ${p.files.toLocaleString('en')} files, ${mb}, ${p.findings} ${p.findings === 1 ? 'copy' : 'copies'} found`
}

/**
 * A line on a terminal that a long scan rewrites in place (carriage return, clear to end of line),
 * at most every `everyMs` so a tree of small files is not slowed by the terminal; `done()` clears
 * it before the report is printed. Writes nothing when the stream is not a terminal (a pipe, a
 * file, a test), so scripts see only the report.
 */
export function progressLine(stream: { isTTY?: boolean; write(s: string): unknown }, clock: Clock = Date.now, everyMs = 100): { update(p: Progress): void; done(): void } {
  if (stream.isTTY !== true) return { update: () => undefined, done: () => undefined }
  let last = -Infinity
  let shown = false
  return {
    update(p) {
      const now = clock()
      if (now - last < everyMs) return
      last = now
      shown = true
      stream.write(`\r${progressText(p)}\x1b[K`)
    },
    done() {
      if (shown) stream.write('\r\x1b[K')
      shown = false
    },
  }
}
