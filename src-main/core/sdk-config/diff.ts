import { structuredPatch } from 'diff'

/**
 * The unified diff of the "what will change" preview, computed by the `diff` package (jsdiff,
 * Myers' algorithm) and rendered here only because every shown line goes through `mask` first.
 * Lines are compared by content (a CRLF file diffs like an LF one) and both texts end with a
 * newline, so no "\ No newline at end of file" marker reaches the preview.
 */

const toLines = (s: string) => (s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/))
const asText = (lines: readonly string[]) => (lines.length === 0 ? '' : `${lines.join('\n')}\n`)
/**
 * Beyond this many edits, or this much time, the diff is not worth computing: the preview shows
 * the whole file replaced. It runs in the main process, so both bound how long a preview can
 * block it: at 20,000 edits a rewritten 12,000-line file took 16 s there (jsdiff is O(N·D));
 * an SDK config holds tens of lines, so 2,000 edits or 250 ms is never reached by a real one.
 */
export const MAX_EDIT_LENGTH = 2_000
const MAX_DIFF_MS = 250

type Op = ' ' | '-' | '+'

/** Returns '' when nothing changes. `mask` is applied to every line shown. */
export function unifiedDiff(oldText: string, newText: string, label: string, mask: (line: string, op: Op) => string, context = 2): string {
  const a = toLines(oldText)
  const b = toLines(newText)
  if (a.length === b.length && a.every((l, i) => l === b[i])) return ''
  const patch = structuredPatch(label, label, asText(a), asText(b), '', '', { context, maxEditLength: MAX_EDIT_LENGTH, timeout: MAX_DIFF_MS })
  const hunks = patch?.hunks ?? [{ oldStart: 1, oldLines: a.length, newStart: 1, newLines: b.length, lines: [...a.map((l) => `-${l}`), ...b.map((l) => `+${l}`)] }]
  const out = [`--- ${label}`, `+++ ${label}`]
  for (const h of hunks) {
    // An empty side starts at line 0, as in GNU diff ("@@ -0,0 +1,1 @@" for a new file).
    const oldStart = h.oldLines === 0 ? h.oldStart - 1 : h.oldStart
    const newStart = h.newLines === 0 ? h.newStart - 1 : h.newStart
    out.push(`@@ -${oldStart},${h.oldLines} +${newStart},${h.newLines} @@`)
    for (const line of h.lines) {
      const op = line[0] as Op | '\\'
      if (op === '\\') continue // cannot occur (both texts end with a newline); never shown unmasked
      out.push(op + mask(line.slice(1), op))
    }
  }
  return out.join('\n') + '\n'
}
