// The rooms of the code and what each may import: the architecture the README describes, checked
// by `npm run lint` (eslint/layers.mjs). A file belongs to the first room whose pattern matches its
// path from the repository root. Patterned on VS Code's code-layering rule: the table is the
// whole policy, the rule only resolves each import and looks it up.
import { builtinModules } from 'node:module'

const NODE_BUILTINS = new RegExp(`^(node:.*|${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`)

/** Pure modules: shapes, word lists and rules. Both sides import them; they import nothing else. */
export const PURE = [
  'src-main/core/model.ts',
  'src-main/core/vocabulary.ts',
  'src-main/core/platform-catalog.ts',
  'src-main/core/token-kinds.ts',
  'src-main/core/errors.ts',
  'src-main/core/settings.ts',
  'src-main/core/sdk-config/catalog.ts',
  'src-main/core/placements/target.ts',
  'src-main/core/placements/state.ts',
  'src-main/core/import/choice.ts',
  'src-main/core/import/not-read.ts',
  'src-main/core/backup/requests.ts',
  'src-main/core/reminders/snooze.ts',
  'src-main/core/reminders/plan.ts',
  'src-main/core/doctor.ts',
  'src-main/core/desktop-inbox.ts',
  'src-main/core/connectors/types.ts',
  'src-main/core/connectors/kinds.ts',
  'src-main/core/connectors/check-only.ts',
  'src-main/core/connections/views.ts',
  'src-main/core/sdk-config/preview.ts',
  'src-main/core/requests.ts',
  'src-main/core/input.ts',
  'src-main/core/scan/report.ts',
  'src-main/core/scan/forms.ts',
  'src-main/core/scan/found-copies-plan.ts',
]

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * name: the room; files: which paths are in it; mayImport: rooms its value imports may reach;
 * typesFrom: rooms it may take types from besides (erased at build time); deny: package
 * specifiers it must not import, with the reason shown.
 */
export const ROOMS = [
  { name: 'test', files: /^(test|bench|hub|scripts|src-renderer-e2e)\/|\.spec\.tsx?$/, mayImport: '*' },
  { name: 'rules', files: /^src-main\/core\/rules\/[^/]+\.ts$/, mayImport: ['pure', 'rules'], deny: [[NODE_BUILTINS, 'rules are pure: no Node APIs'], [/^electron$/, 'rules are pure']] },
  { name: 'pure', files: new RegExp(`^(${PURE.map(esc).join('|')})$`), mayImport: ['pure', 'rules'], deny: [[NODE_BUILTINS, 'the renderer imports this module: no Node APIs'], [/^electron$/, 'the renderer imports this module']] },
  // The SQL: only the core reaches it.
  { name: 'store', files: /^src-main\/core\/store\//, mayImport: ['pure', 'rules', 'core', 'store'], deny: [[/^electron(\/.*)?$/, 'core is plain Node']] },
  { name: 'core', files: /^src-main\/core\//, mayImport: ['pure', 'rules', 'core', 'store'], deny: [[/^electron(\/.*)?$/, 'core is plain Node: it runs in the CLI and in tests without Electron']] },
  { name: 'api', files: /^src-main\/api\//, mayImport: ['pure', 'rules', 'core', 'store', 'api', 'contract'], deny: [[/^electron(\/.*)?$/, 'the handlers run in the browser tests\' loopback server too']] },
  { name: 'cli', files: /^src-main\/cli\//, mayImport: ['pure', 'rules', 'core', 'store', 'cli'], deny: [[/^electron(\/.*)?$/, 'the CLI runs without Electron']] },
  // The shell wires Electron to the core: no SQL (better-sqlite3, store/) and no rules of its own.
  { name: 'shell', files: /^src-main\/shell\//, mayImport: ['pure', 'core', 'api', 'contract', 'shell'], deny: [[/^better-sqlite3$/, 'the shell holds no SQL: go through the core']] },
  { name: 'contract', files: /^src-preload\/contract\//, mayImport: ['pure', 'rules', 'contract'], deny: [[NODE_BUILTINS, 'the contract is bundled into the preload and the renderer'], [/^electron$/, 'the contract is bundled into the renderer']] },
  { name: 'preload', files: /^src-preload\/[^/]+\.ts$/, mayImport: ['contract', 'preload'] },
  { name: 'renderer', files: /^src-renderer\//, mayImport: ['renderer', 'contract', 'pure', 'rules'], deny: [[NODE_BUILTINS, 'the renderer runs in a sandboxed page: no Node APIs'], [/^electron$/, 'the renderer reaches main only through window.tokendesk']] },
  { name: 'config', files: /^[^/]+\.(ts|mts|mjs)$|^eslint\//, mayImport: '*' },
]

/**
 * Electron's raw IPC objects, each allowed in the one file that wraps it; everything else goes
 * through the typed contract.
 */
export const RAW_IPC = [
  { name: 'ipcMain', only: 'src-main/shell/ipc.ts' },
  { name: 'ipcRenderer', only: 'src-preload/index.ts' },
]
