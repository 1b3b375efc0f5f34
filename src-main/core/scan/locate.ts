import { parseTree, type Node } from 'jsonc-parser'

/**
 * Where in a file a hit is, for a person: its line, the variable or key it is assigned to when the
 * line says, and for a notebook the index of the cell (in `cells`) it is in. Pure.
 */
export function lineOf(buf: Buffer, offset: number): number {
  let n = 1
  for (let i = buf.indexOf(10); i !== -1 && i < offset; i = buf.indexOf(10, i + 1)) n++
  return n
}

/** The name the value on this line is assigned to (`NAME=`, `"key":`, `key:`), if any. */
export function keyBefore(buf: Buffer, offset: number): string | undefined {
  const start = buf.lastIndexOf(10, offset - 1) + 1
  const prefix = buf.subarray(start, offset).toString('utf8')
  const m = /(?:^|[\s{,;(])(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]{0,63})["']?\s*(?::=|=|:)\s*(?:[a-zA-Z]+\()?\s*["'\\]*$/.exec(prefix)
  return m?.[1]
}

/** The index of the notebook cell whose JSON holds `offset`, or undefined (not a notebook, or outside the cells). */
export function notebookCell(text: string, offset: number): number | undefined {
  let tree: Node | undefined
  try {
    tree = parseTree(text)
  } catch {
    return undefined
  }
  const cells = tree?.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === 'cells')?.children?.[1]
  const i = cells?.children?.findIndex((c) => offset >= c.offset && offset < c.offset + c.length)
  return i === undefined || i < 0 ? undefined : i
}
