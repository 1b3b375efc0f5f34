#!/usr/bin/env node
/**
 * Makes `npm start` / `npm run dev` / `npm run package` work without ever breaking `npm test`:
 *
 * 1. Electron's ~100 MB binary is not downloaded at `npm install` (.npmrc); download it now if
 *    it is missing (node node_modules/electron/install.js). Offline this fails with a clear message.
 * 2. The app needs better-sqlite3 compiled for Electron's ABI, while tests need the Node build in
 *    node_modules/better-sqlite3/build. So the Electron build goes to its own folder,
 *    `.native/electron-<version>/better_sqlite3.node` (src-main/shell/native.ts loads it from
 *    there), built in a temporary copy of the package: node_modules is never rebuilt in place.
 *    prebuild-install (a prebuilt download) first, node-gyp against Electron's headers second.
 *
 * The pure parts are exported for test/unit/ensure-electron.test.ts.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const NATIVE_FILE = 'better_sqlite3.node'

/** `.native/electron-<version>/better_sqlite3.node` under the project root (same rule as native.ts). */
export function nativeTarget(root, electronVersion) {
  return path.join(root, '.native', `electron-${electronVersion}`, NATIVE_FILE)
}

/** Whether node_modules/electron has its binary (path.txt names it inside dist/). */
export function electronBinaryPresent(electronDir, exists = fs.existsSync, read = (p) => fs.readFileSync(p, 'utf8')) {
  const pathFile = path.join(electronDir, 'path.txt')
  if (!exists(pathFile)) return false
  return exists(path.join(electronDir, 'dist', read(pathFile).trim()))
}

/** Files of the better-sqlite3 package to copy into the scratch build (never its build/ output). */
export function shouldCopy(rel) {
  const top = rel.split(/[\\/]/)[0]
  return top !== 'build' && top !== 'node_modules' && top !== 'prebuilds'
}

/**
 * Ensures the Electron-ABI binary exists; `build(tmpDir)` must leave build/Release/better_sqlite3.node
 * in tmpDir. Returns 'present' without doing anything when the target already exists.
 */
export async function ensureNative({ root, electronVersion, exists = fs.existsSync, build, log = console.log }) {
  const target = nativeTarget(root, electronVersion)
  if (exists(target)) return { status: 'present', target }
  const pkgDir = path.join(root, 'node_modules', 'better-sqlite3')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-native-'))
  try {
    const work = path.join(tmp, 'better-sqlite3')
    fs.cpSync(pkgDir, work, { recursive: true, filter: (src) => shouldCopy(path.relative(pkgDir, src)) })
    log(`ensure-electron: building better-sqlite3 for Electron ${electronVersion} in ${work}`)
    await build(work)
    const built = path.join(work, 'build', 'Release', NATIVE_FILE)
    if (!fs.existsSync(built)) throw new Error(`the build finished but ${built} is missing`)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    const partial = `${target}.partial-${process.pid}`
    fs.copyFileSync(built, partial)
    fs.renameSync(partial, target)
    return { status: 'built', target }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

function run(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env, shell: process.platform === 'win32' })
  return r.status === 0
}

/** prebuild-install first (no compiler needed), node-gyp against Electron's headers second. */
export function buildForElectron(root, electronVersion, arch = process.arch) {
  const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name)
  return async (work) => {
    if (run(bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--verbose'], work)) return
    console.log('ensure-electron: no prebuilt binary; compiling with node-gyp against Electron headers')
    const ok = run(
      bin('node-gyp'),
      ['rebuild', '--release', `--target=${electronVersion}`, `--arch=${arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
      work,
    )
    if (!ok) {
      throw new Error(
        `could not get better-sqlite3 for Electron ${electronVersion}: prebuild-install found no binary and node-gyp failed ` +
          '(it needs network access to electronjs.org/headers, python3, make and a C++ compiler)',
      )
    }
  }
}

/** Size and mtime of the Node build, to prove it was not touched. */
function fingerprint(file) {
  try {
    const s = fs.statSync(file)
    return `${s.size}:${s.mtimeMs}`
  } catch {
    return 'missing'
  }
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const electronDir = path.join(root, 'node_modules', 'electron')
  const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version

  // --native-only: skip the Electron download (CI packaging with a cached binary, or to try step 2 alone).
  if (!process.argv.includes('--native-only') && !electronBinaryPresent(electronDir)) {
    console.log(`ensure-electron: downloading Electron ${electronVersion} (skipped at npm install)`)
    const env = { ...process.env }
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
    if (!run(process.execPath, [path.join(electronDir, 'install.js')], root, env) || !electronBinaryPresent(electronDir)) {
      console.error(
        `ensure-electron: the Electron ${electronVersion} binary could not be downloaded. It comes from GitHub releases ` +
          '(or ELECTRON_MIRROR); check the network or proxy, then run `node scripts/ensure-electron.mjs` again.',
      )
      process.exit(1)
    }
  }

  const nodeBuild = path.join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', NATIVE_FILE)
  const before = fingerprint(nodeBuild)
  try {
    const r = await ensureNative({ root, electronVersion, build: buildForElectron(root, electronVersion) })
    console.log(`ensure-electron: better-sqlite3 for Electron ${electronVersion}: ${r.status} (${path.relative(root, r.target)})`)
  } catch (e) {
    console.error(`ensure-electron: ${e instanceof Error ? e.message : e}`)
    process.exit(1)
  }
  if (fingerprint(nodeBuild) !== before) {
    console.error('ensure-electron: node_modules/better-sqlite3/build changed; run `npm rebuild better-sqlite3` to restore the Node build for tests')
    process.exit(1)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main()
}
