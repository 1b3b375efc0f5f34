/**
 * A small unified-style line diff for the "what will change" preview. Config files are small and
 * edits are local, so the common prefix and suffix are trimmed and only the middle gets an LCS.
 */

type Op = { op: ' ' | '-' | '+'; text: string; a: number; b: number }

function lcsOps(a: readonly string[], b: readonly string[], aOff: number, bOff: number): Op[] {
  const n = a.length
  const m = b.length
  if (n * m > 4_000_000) {
    return [...a.map((t, i) => ({ op: '-' as const, text: t, a: aOff + i, b: bOff })), ...b.map((t, j) => ({ op: '+' as const, text: t, a: aOff + n, b: bOff + j }))]
  }
  const dp = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) dp[i]![j] = a[i] === b[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!)
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', text: a[i]!, a: aOff + i++, b: bOff + j++ })
    // Removals before additions, as readers of unified diffs expect.
    else if (i < n && (j === m || dp[i + 1]![j]! >= dp[i]![j + 1]!)) ops.push({ op: '-', text: a[i]!, a: aOff + i++, b: bOff + j })
    else ops.push({ op: '+', text: b[j]!, a: aOff + i, b: bOff + j++ })
  }
  return ops
}

const toLines = (s: string) => (s === '' ? [] : s.replace(/\r?\n$/, '').split(/\r?\n/))

/** Returns '' when nothing changes. `mask` is applied to every line shown. */
export function unifiedDiff(oldText: string, newText: string, label: string, mask: (line: string, op: ' ' | '-' | '+') => string, context = 2): string {
  const a = toLines(oldText)
  const b = toLines(newText)
  let pre = 0
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++
  let suf = 0
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++
  const ops: Op[] = [
    ...a.slice(0, pre).map((t, i) => ({ op: ' ' as const, text: t, a: i, b: i })),
    ...lcsOps(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf), pre, pre),
    ...a.slice(a.length - suf).map((t, i) => ({ op: ' ' as const, text: t, a: a.length - suf + i, b: b.length - suf + i })),
  ]
  const changed = ops.map((o, i) => (o.op !== ' ' ? i : -1)).filter((i) => i >= 0)
  if (changed.length === 0) return ''
  // Group changes whose context windows touch into hunks.
  const hunks: Array<[number, number]> = []
  for (const i of changed) {
    const lo = Math.max(0, i - context)
    const hi = Math.min(ops.length - 1, i + context)
    const last = hunks[hunks.length - 1]
    if (last && lo <= last[1] + 1) last[1] = hi
    else hunks.push([lo, hi])
  }
  const out = [`--- ${label}`, `+++ ${label}`]
  for (const [lo, hi] of hunks) {
    const slice = ops.slice(lo, hi + 1)
    const aLen = slice.filter((o) => o.op !== '+').length
    const bLen = slice.filter((o) => o.op !== '-').length
    out.push(`@@ -${aLen ? slice[0]!.a + 1 : slice[0]!.a},${aLen} +${bLen ? slice[0]!.b + 1 : slice[0]!.b},${bLen} @@`)
    for (const o of slice) out.push(o.op + mask(o.text, o.op))
  }
  return out.join('\n') + '\n'
}
