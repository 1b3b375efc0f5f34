import path from 'node:path'
import { RAW_IPC, ROOMS } from './rooms.mjs'

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

const roomOf = (rel) => ROOMS.find((r) => r.files.test(rel))

/** Resolves a relative specifier to a repository path, adding the extension the file has. */
function resolve(fromRel, spec) {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromRel), spec))
  return /\.(tsx?|mjs|js)$/.test(base) ? base : `${base}.ts`
}

const typeOnly = (node) =>
  node.importKind === 'type' || node.exportKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'))

/** @type {import('eslint').Rule.RuleModule} */
const rooms = {
  meta: { type: 'problem', docs: { description: 'each room imports only what eslint/rooms.mjs allows it' }, schema: [] },
  create(context) {
    const rel = path.relative(ROOT, context.filename).split(path.sep).join('/')
    const room = roomOf(rel)
    if (!room || room.mayImport === '*') return {}
    const check = (node, source, types) => {
      const spec = source.value
      if (typeof spec !== 'string') return
      if (spec.startsWith('.')) {
        const target = resolve(rel, spec)
        const to = roomOf(target) ?? roomOf(target.replace(/\.ts$/, '.tsx'))
        if (!to) return
        const allowed = (room.mayImport ?? []).includes(to.name) || (types && (room.typesFrom ?? []).includes(to.name))
        if (!allowed) context.report({ node: source, message: `${room.name} must not import ${to.name} (${spec}): see eslint/rooms.mjs and the README's Architecture section` })
        return
      }
      for (const [re, why] of room.deny ?? []) if (re.test(spec)) context.report({ node: source, message: `${room.name} must not import ${spec}: ${why}` })
      if (spec === 'electron') {
        for (const s of node.specifiers ?? []) {
          const name = s.imported?.name
          const raw = RAW_IPC.find((r) => r.name === name)
          if (raw && raw.only !== rel) context.report({ node: s, message: `${name} is used only in ${raw.only}; go through the typed contract` })
        }
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, typeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, typeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source, false),
      TSImportType: (node) => {
        const lit = node.argument?.literal ?? node.argument
        if (lit?.type === 'Literal') check(node, lit, true)
      },
    }
  },
}

export default { rules: { rooms } }
