import fs from 'node:fs'
import path from 'node:path'

/**
 * Where the app finds better-sqlite3's native driver. From version 13 better-sqlite3 is a
 * Node-API addon and ships one prebuilt binary per OS/CPU in its npm package
 * (`prebuilds/<os>-<arch>.node`). Node-API is ABI-stable, so the very file `npm test` loads under
 * Node also loads in Electron: there is no Electron-ABI build any more. A driver compiled from
 * source (`build/Release`, see scripts/ensure-electron.mjs) is preferred in development, as
 * better-sqlite3 itself does. Packaged, the prebuilds sit in `app.asar.unpacked` (asarUnpack).
 *
 * Pure on purpose (no electron import): the shell passes app.isPackaged, app.getAppPath(),
 * process.resourcesPath, process.platform and process.arch; unit tests pass their own.
 */
export const NATIVE_FILE = 'better_sqlite3.node'

/** The OS/CPU pairs better-sqlite3 13 ships a prebuilt driver for (its lib/binding.js). */
const PREBUILT_PLATFORMS = new Set(['linux', 'darwin', 'win32'])
const PREBUILT_ARCHS = new Set(['x64', 'arm64'])

export interface NativeLocation {
  isPackaged: boolean
  /** app.getAppPath(): the project root in dev (where package.json is). */
  appPath: string
  /** process.resourcesPath in a packaged app. */
  resourcesPath: string
  platform: NodeJS.Platform
  arch: string
}

/** `linux-x64`, `darwin-arm64`, … or null where better-sqlite3 ships no prebuilt driver. */
export function prebuildName(platform: string, arch: string): string | null {
  return PREBUILT_PLATFORMS.has(platform) && PREBUILT_ARCHS.has(arch) ? `${platform}-${arch}` : null
}

/** The package folder of better-sqlite3 as the running app sees it on disk. */
export function driverPackageDir(loc: Pick<NativeLocation, 'isPackaged' | 'appPath' | 'resourcesPath'>): string {
  return loc.isPackaged
    ? path.join(loc.resourcesPath, 'app.asar.unpacked', 'node_modules', 'better-sqlite3')
    : path.join(loc.appPath, 'node_modules', 'better-sqlite3')
}

/** Candidate driver files, best first: a driver compiled from source (dev only), then the prebuild. */
export function nativeBindingCandidates(loc: NativeLocation): string[] {
  const dir = driverPackageDir(loc)
  const prebuild = prebuildName(loc.platform, loc.arch)
  return [
    ...(loc.isPackaged ? [] : [path.join(dir, 'build', 'Release', NATIVE_FILE)]),
    ...(prebuild ? [path.join(dir, 'prebuilds', `${prebuild}.node`)] : []),
  ]
}

/** The path, or a message telling the user how to get the driver. */
export function findNativeBinding(loc: NativeLocation, exists: (p: string) => boolean = fs.existsSync): { path: string } | { error: string } {
  const candidates = nativeBindingCandidates(loc)
  const found = candidates.find(exists)
  if (found) return { path: found }
  const where = `${loc.platform}-${loc.arch}`
  if (loc.isPackaged) return { error: `TokenDesk is missing its database driver for ${where} (${candidates.join(', ') || 'none is built for this system'}); reinstall TokenDesk.` }
  return {
    error:
      `better-sqlite3 has no driver for ${where} (looked for ${candidates.join(', ')}); ` +
      'run `node scripts/ensure-electron.mjs` (npm start does), which compiles one from source.',
  }
}
