import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// electron-builder cannot run here (it downloads Electron), so its configuration is checked as data.
const config = parse(fs.readFileSync(path.resolve(__dirname, '../../electron-builder.yml'), 'utf8'))

describe('electron-builder.yml', () => {
  it('keeps every hardening fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('ships better-sqlite3 prebuilt drivers unpacked, only for the target OS (every CPU, for cross and universal builds)', () => {
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.files).toContain('!node_modules/better-sqlite3/build/**')
    const os = { linux: 'linux', mac: 'darwin', win: 'win32' } as const
    for (const [section, own] of Object.entries(os)) {
      const excluded: string = config[section].files.find((f: string) => f.includes('better-sqlite3/prebuilds'))
      const others = Object.values(os).filter((o) => o !== own)
      expect(excluded).toBe(`!node_modules/better-sqlite3/prebuilds/{${others.join(',')}}-*`)
    }
    // No Electron-ABI copy any more: Node-API drivers load in Node and Electron alike.
    expect(JSON.stringify(config.extraResources)).not.toContain('.native')
  })

  it('brings the keychain binding of the target OS and CPU before packing (npm installs only the host\'s)', async () => {
    expect(config.beforePack).toBe('scripts/keyring-for-target.cjs')
    const hook = await import('../../scripts/keyring-for-target.cjs')
    const lib = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../node_modules/@napi-rs/keyring/package.json'), 'utf8')) as { version: string; optionalDependencies: Record<string, string> }
    const cases: [string, string, string[]][] = [
      ['linux', 'x64', ['@napi-rs/keyring-linux-x64-gnu']],
      ['linux', 'arm64', ['@napi-rs/keyring-linux-arm64-gnu']],
      ['darwin', 'universal', ['@napi-rs/keyring-darwin-x64', '@napi-rs/keyring-darwin-arm64']],
      ['darwin', 'arm64', ['@napi-rs/keyring-darwin-arm64']],
      ['win32', 'x64', ['@napi-rs/keyring-win32-x64-msvc']],
      ['win32', 'arm64', ['@napi-rs/keyring-win32-arm64-msvc']],
    ]
    for (const [platform, arch, want] of cases) {
      const got = hook.keyringPackages(platform, arch)
      expect(got, `${platform}-${arch}`).toEqual(want)
      // Each is a binding the library itself knows, at its version.
      for (const name of got) expect(lib.optionalDependencies[name], name).toBe(lib.version)
    }
    // Unpacked from the asar: native code cannot load from inside it.
    expect(config.asarUnpack).toContain('node_modules/@napi-rs/keyring*/**')
  })

  it('names the Linux desktop entry, so the window groups with its launcher on X11', () => {
    const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { desktopName?: string }
    expect(pkg.desktopName).toBe(`${config.linux.executableName}.desktop`)
  })

  it('ships the tray icons drawn at 16 px and @2x, and the macOS template', () => {
    expect(config.extraResources).toContainEqual({ from: 'build/tray', to: 'tray' })
    for (const f of ['tray.png', 'tray@2x.png', 'trayTemplate.png', 'trayTemplate@2x.png']) {
      const png = fs.readFileSync(path.resolve(__dirname, '../../build/tray', f))
      const width = png.readUInt32BE(16)
      expect([f, width, png.readUInt32BE(20)]).toEqual([f, f.includes('@2x') ? 32 : 16, f.includes('@2x') ? 32 : 16])
    }
  })

  it('keeps the app id Windows notifications are grouped under', () => {
    expect(config.appId).toBe('org.tokendesk.desktop')
  })
})
