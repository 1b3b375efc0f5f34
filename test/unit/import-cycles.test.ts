import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import ts from 'typescript'

// No import circle in the renderer or the core, static or dynamic (`import('./later')` counts: a
// chunk that imports back into the module that loads it is a circle the bundler hides).
const ROOT = path.resolve(__dirname, '../..')

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return sources(p)
    return /\.tsx?$/.test(e.name) && !/\.(spec|test)\.tsx?$/.test(e.name) ? [p] : []
  })
}

function importsOf(file: string, withTypes = false): string[] {
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const specs: string[] = []
  const visit = (n: ts.Node) => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(n) ? n.importClause?.isTypeOnly : n.isTypeOnly
      if (!typeOnly || withTypes) specs.push(n.moduleSpecifier.text)
    } else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(n.arguments[0]!)) {
      specs.push((n.arguments[0] as ts.StringLiteral).text)
    }
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => path.resolve(path.dirname(file), s))
    .map((p) => [p, `${p}.ts`, `${p}.tsx`, path.join(p, 'index.ts')].find((c) => fs.existsSync(c) && fs.statSync(c).isFile()))
    .filter((p): p is string => p !== undefined)
}

function cycles(dir: string, withTypes = false): string[][] {
  const files = sources(path.join(ROOT, dir))
  const graph = new Map(files.map((f) => [f, importsOf(f, withTypes)]))
  const found: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const walk = (f: string) => {
    state.set(f, 'open')
    stack.push(f)
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push([...stack.slice(stack.indexOf(g)), g].map((x) => path.relative(ROOT, x)))
      else if (!state.has(g) && graph.has(g)) walk(g)
    }
    stack.pop()
    state.set(f, 'done')
  }
  for (const f of files) if (!state.has(f)) walk(f)
  return found
}

describe('import circles', () => {
  it('the renderer has none', () => expect(cycles('src-renderer')).toEqual([]))
  it('the core has none', () => expect(cycles('src-main/core')).toEqual([]))
  // Type-only imports too, where a circle only hid a shared shape in the wrong file: the
  // connection services' deps lived in service.ts, which context.ts imported (issue #28).
  it('core/connections has none, type-only imports included', () => expect(cycles('src-main/core/connections', true)).toEqual([]))
})
