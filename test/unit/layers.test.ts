import path from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

// The rooms rule (eslint/rooms.mjs, eslint/layers.mjs) on code that breaks each rule, linted as
// if it were at the path given: each must be reported, and the allowed forms must not be.
const ROOT = path.resolve(__dirname, '../..')
const eslint = new ESLint({ cwd: ROOT })

async function problems(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.join(ROOT, file) })
  return r!.messages.map((m) => m.message)
}

describe('the rooms of the code, as lint enforces them', () => {
  it('core never imports electron, the shell, the API or the renderer', async () => {
    expect(await problems('src-main/core/x.ts', "import { app } from 'electron'\n")).toEqual([expect.stringMatching(/^core must not import electron: core is plain Node/)])
    expect(await problems('src-main/core/x.ts', "import { createWindow } from '../shell/window'\n")).toEqual([expect.stringMatching(/^core must not import shell/)])
    expect(await problems('src-main/core/x.ts', "import { createHandlers } from '../api/handlers'\n")).toEqual([expect.stringMatching(/^core must not import api/)])
    expect(await problems('src-main/core/sdk-config/x.ts', "import { useDesk } from '../../../src-renderer/store'\n")).toEqual([expect.stringMatching(/^core must not import renderer/)])
    expect(await problems('src-main/core/x.ts', "import fs from 'node:fs'\nimport { Vault } from './vault'\n")).toEqual([])
  })

  it('the renderer imports the contract and pure modules only, never Node or main-process code', async () => {
    expect(await problems('src-renderer/x.ts', "import fs from 'node:fs'\n")).toEqual([expect.stringMatching(/^renderer must not import node:fs: the renderer runs in a sandboxed page/)])
    expect(await problems('src-renderer/x.ts', "import path from 'path'\n")).toEqual([expect.stringMatching(/^renderer must not import path/)])
    expect(await problems('src-renderer/components/x.tsx', "import { Vault } from '../../src-main/core/vault'\n")).toEqual([expect.stringMatching(/^renderer must not import core/)])
    expect(await problems('src-renderer/components/x.tsx', "import type { Vault } from '../../src-main/core/vault'\n")).toEqual([expect.stringMatching(/^renderer must not import core/)])
    expect(await problems('src-renderer/components/x.tsx', "const m = import('../../src-main/core/db')\n")).toEqual([expect.stringMatching(/^renderer must not import core/)])
    expect(
      await problems(
        'src-renderer/components/x.tsx',
        "import type { TokenView } from '../../src-preload/contract/channels'\nimport { STATUSES } from '../../src-main/core/vocabulary'\nimport { tokenStatus } from '../../src-main/core/rules/status'\n",
      ),
    ).toEqual([])
  })

  it('pure modules stay pure, so importing them never drags Node into the renderer', async () => {
    expect(await problems('src-main/core/model.ts', "import fs from 'node:fs'\n")).toEqual([expect.stringMatching(/^pure must not import node:fs/)])
    expect(await problems('src-main/core/sdk-config/catalog.ts', "import { readConfigText } from './write'\n")).toEqual([expect.stringMatching(/^pure must not import core/)])
  })

  it('the shell holds no SQL; raw ipcMain and ipcRenderer live in their one wrapper each', async () => {
    expect(await problems('src-main/shell/x.ts', "import Database from 'better-sqlite3'\n")).toEqual([expect.stringMatching(/^shell must not import better-sqlite3: the shell holds no SQL/)])
    expect(await problems('src-main/shell/x.ts', "import { TokenRepo } from '../core/store/token-repo'\n")).toEqual([expect.stringMatching(/^shell must not import store/)])
    expect(await problems('src-main/shell/window.ts', "import { ipcMain, BrowserWindow } from 'electron'\n")).toEqual(['ipcMain is used only in src-main/shell/ipc.ts; go through the typed contract'])
    expect(await problems('src-main/shell/ipc.ts', "import { ipcMain } from 'electron'\n")).toEqual([])
    expect(await problems('src-preload/contract/x.ts', "import { ipcRenderer } from 'electron'\n")).toEqual(['ipcRenderer is used only in src-preload/index.ts; go through the typed contract', expect.stringMatching(/^contract must not import electron/)])
  })

  it('the whole tree passes', async () => {
    const results = await eslint.lintFiles(['src-main', 'src-preload', 'src-renderer'])
    expect(results.flatMap((r) => r.messages.map((m) => `${path.relative(ROOT, r.filePath)}:${m.line} ${m.message}`))).toEqual([])
  }, 60_000)
})
