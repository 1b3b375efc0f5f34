import fs from 'node:fs'
import path from 'node:path'

/**
 * Where the Electron-ABI better-sqlite3 binary lives. `npm test` uses the Node build in
 * node_modules/better-sqlite3/build; the app must never load that one (different ABI) and must
 * never rebuild it in place, so scripts/ensure-electron.mjs builds a second copy into
 * `.native/electron-<version>/better_sqlite3.node`, and electron-builder ships it as
 * `<resources>/native/electron-<version>/better_sqlite3.node` (electron-builder.yml).
 *
 * Pure on purpose (no electron import): the shell passes app.isPackaged, app.getAppPath(),
 * process.resourcesPath and process.versions.electron; unit tests pass their own.
 */
export const NATIVE_FILE = 'better_sqlite3.node'

export const nativeDirName = (electronVersion: string) => `electron-${electronVersion}`

export interface NativeLocation {
  isPackaged: boolean
  /** app.getAppPath(): the project root in dev (where package.json is). */
  appPath: string
  /** process.resourcesPath in a packaged app. */
  resourcesPath: string
  electronVersion: string
}

export function nativeBindingPath(loc: NativeLocation): string {
  return loc.isPackaged
    ? path.join(loc.resourcesPath, 'native', nativeDirName(loc.electronVersion), NATIVE_FILE)
    : path.join(loc.appPath, '.native', nativeDirName(loc.electronVersion), NATIVE_FILE)
}

/** The path, or a message telling the user how to get the binary. */
export function findNativeBinding(loc: NativeLocation, exists: (p: string) => boolean = fs.existsSync): { path: string } | { error: string } {
  const p = nativeBindingPath(loc)
  if (exists(p)) return { path: p }
  return {
    error: loc.isPackaged
      ? `TokenDesk is missing its database driver (${p}); reinstall TokenDesk.`
      : `The Electron build of better-sqlite3 is missing (${p}); run \`node scripts/ensure-electron.mjs\` (npm start does).`,
  }
}
