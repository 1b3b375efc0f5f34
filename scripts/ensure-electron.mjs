#!/usr/bin/env node
/**
 * Makes `npm start` / `npm run dev` / `npm run package` work without ever breaking `npm test`:
 *
 * 1. Electron's ~100 MB binary is not downloaded at `npm install` (from Electron 42 on the package
 *    has no postinstall at all). Download it now if it is missing (node_modules/electron/install.js).
 *    Offline this fails with one clear message, not a stack trace.
 * 2. better-sqlite3 (13+) is a Node-API addon with prebuilt drivers for linux/darwin/win32 on
 *    x64/arm64 inside its npm package; Node-API is ABI-stable, so the same file serves Node (the
 *    tests) and Electron (the app) — nothing is rebuilt for Electron's ABI any more. Only on a system
 *    with no prebuild is the driver compiled from source into node_modules/better-sqlite3/build
 *    (node-gyp against Node's headers: Node-API, so Electron loads it too).
 *
 * The pure parts are exported for test/unit/shell-pure.test.ts.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { apparmorAdvice, userNamespacesRestricted } from './apparmor.mjs'

export const NATIVE_FILE = 'better_sqlite3.node'
const PREBUILT_PLATFORMS = ['linux', 'darwin', 'win32']
const PREBUILT_ARCHS = ['x64', 'arm64']

/** Whether node_modules/electron has its binary (path.txt names it inside dist/). */
export function electronBinaryPresent(electronDir, exists = fs.existsSync, read = (p) => fs.readFileSync(p, 'utf8')) {
  const pathFile = path.join(electronDir, 'path.txt')
  if (!exists(pathFile)) return false
  return exists(path.join(electronDir, 'dist', read(pathFile).trim()))
}

/** The driver files better-sqlite3 would load on this system, best first (same order as src-main/shell/native.ts). */
export function driverCandidates(pkgDir, platform = process.platform, arch = process.arch) {
  const prebuilt = PREBUILT_PLATFORMS.includes(platform) && PREBUILT_ARCHS.includes(arch)
  return [path.join(pkgDir, 'build', 'Release', NATIVE_FILE), ...(prebuilt ? [path.join(pkgDir, 'prebuilds', `${platform}-${arch}.node`)] : [])]
}

/**
 * Ensures a driver exists for this system; `build(pkgDir)` compiles one into build/Release.
 * Returns 'present' (with the file) without doing anything when one is already there.
 */
export async function ensureDriver({ pkgDir, platform = process.platform, arch = process.arch, exists = fs.existsSync, build, log = console.log }) {
  const found = driverCandidates(pkgDir, platform, arch).find(exists)
  if (found) return { status: 'present', target: found }
  log(`ensure-electron: better-sqlite3 ships no driver for ${platform}-${arch}; compiling it from source`)
  await build(pkgDir)
  const built = path.join(pkgDir, 'build', 'Release', NATIVE_FILE)
  if (!exists(built)) throw new Error(`the build finished but ${built} is missing`)
  return { status: 'built', target: built }
}

/** The last line of a failed download's output that says what went wrong (no stack frames). */
export function downloadFailureReason(output) {
  const lines = String(output)
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '))
  return lines.find((l) => /error/i.test(l)) ?? lines[0] ?? 'no output'
}

function run(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env, shell: process.platform === 'win32' })
  return r.status === 0
}

/** node-gyp in the package folder, as its own `build-release` script does. */
function compileDriver(root) {
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'node-gyp.cmd' : 'node-gyp')
  return async (pkgDir) => {
    if (!run(bin, ['rebuild', '--release', '--force_build=1'], pkgDir)) {
      throw new Error('could not compile better-sqlite3: node-gyp failed (it needs python3, make and a C++ compiler)')
    }
  }
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const electronDir = path.join(root, 'node_modules', 'electron')
  const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version

  // --native-only: skip the Electron download (packaging with a cached binary, or to try step 2 alone).
  if (!process.argv.includes('--native-only') && !electronBinaryPresent(electronDir)) {
    console.log(`ensure-electron: downloading Electron ${electronVersion} (never done at npm install)`)
    const env = { ...process.env }
    delete env.ELECTRON_SKIP_BINARY_DOWNLOAD
    const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] })
    if (r.status !== 0 || !electronBinaryPresent(electronDir)) {
      console.error(
        `ensure-electron: the Electron ${electronVersion} binary could not be downloaded (${downloadFailureReason(r.stderr)}). ` +
          'It comes from GitHub releases (or ELECTRON_MIRROR); check the network or proxy, then run `npm start` again. ' +
          'The tokendesk CLI works meanwhile (npx tokendesk --help).',
      )
      process.exit(1)
    }
  }

  // Ubuntu 24.04+: without an AppArmor profile the dev Electron binary stops at launch (apparmor.mjs).
  if (process.platform === 'linux' && electronBinaryPresent(electronDir)) {
    const executablePath = path.join(electronDir, 'dist', fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim())
    const advice = apparmorAdvice({
      executablePath,
      name: 'tokendesk-dev-electron',
      restricted: userNamespacesRestricted(),
      profileInstalled: fs.existsSync('/etc/apparmor.d/tokendesk-dev-electron'),
    })
    if (advice) console.warn(`ensure-electron: ${advice}`)
  }

  try {
    const pkgDir = path.join(root, 'node_modules', 'better-sqlite3')
    const r = await ensureDriver({ pkgDir, build: compileDriver(root) })
    console.log(`ensure-electron: better-sqlite3 driver (Node-API, for Node and Electron ${electronVersion}): ${r.status} (${path.relative(root, r.target)})`)
  } catch (e) {
    console.error(`ensure-electron: ${e instanceof Error ? e.message : e}`)
    process.exit(1)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main()
}
