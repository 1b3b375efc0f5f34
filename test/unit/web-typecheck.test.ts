import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs module without types: the lint's table of rooms
import { PURE } from '../../eslint/rooms.mjs'

// The renderer's typecheck (tsconfig.web.json) must see the page's world only: its own code, the
// contract and the pure core modules — no main-process file and no @types/node, so `process`,
// `Buffer` or a service's Node types cannot slip into renderer code unnoticed.
const ROOT = path.resolve(__dirname, '../..')

describe('the web typecheck', () => {
  it('compiles no main-process file and no @types/node', () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
    const files = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.web.json', '--listFilesOnly'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => path.relative(ROOT, f).split(path.sep).join('/'))
    expect(files.filter((f) => f.startsWith('node_modules/@types/node/'))).toEqual([])
    const main = files.filter((f) => f.startsWith('src-main/'))
    expect(main.length).toBeGreaterThan(0)
    const pure = new Set<string>(PURE as string[])
    expect(main.filter((f) => !pure.has(f) && !/^src-main\/core\/rules\/[^/]+\.ts$/.test(f))).toEqual([])
    expect(files.filter((f) => f.startsWith('src-main/shell/') || f.startsWith('src-main/api/') || f.startsWith('src-main/cli/'))).toEqual([])
  }, 60_000)
})
