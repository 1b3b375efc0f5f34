// electron-builder `beforePack` hook: brings the @napi-rs/keyring binding of the target OS and CPU
// into node_modules before the app is packed. The library loads a separate npm package per OS and
// CPU (@napi-rs/keyring-<os>-<arch>[-<abi>], its optionalDependencies), and npm installs only the
// host's: an --arm64 or universal build made on x64 would otherwise ship no keychain binding at
// all (npmRebuild: false adds nothing; it cannot be compiled). Each missing one is installed at the
// library's own version, bypassing npm's os/cpu check (--force), without touching package.json.
'use strict'
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

/** electron-builder's Arch enum (builder-util): 0 ia32, 1 x64, 2 armv7l, 3 arm64, 4 universal. */
const ARCH = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' }

/** The binding packages a build for `platform` (process.platform names) and `arch` needs. */
function keyringPackages(platform, arch) {
  const cpus = arch === 'universal' ? ['x64', 'arm64'] : [arch]
  return cpus.map((cpu) => {
    if (platform === 'linux') return `@napi-rs/keyring-linux-${cpu === 'armv7l' ? 'arm' : cpu}-${cpu === 'armv7l' ? 'gnueabihf' : 'gnu'}`
    if (platform === 'darwin') return `@napi-rs/keyring-darwin-${cpu}`
    if (platform === 'win32') return `@napi-rs/keyring-win32-${cpu}-msvc`
    throw new Error(`no @napi-rs/keyring binding is known for ${platform}-${cpu}`)
  })
}

async function beforePack(context) {
  const root = path.resolve(__dirname, '..')
  const lib = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@napi-rs', 'keyring', 'package.json'), 'utf8'))
  const arch = ARCH[context.arch]
  for (const name of keyringPackages(context.electronPlatformName, arch)) {
    if (!(name in (lib.optionalDependencies ?? {}))) throw new Error(`@napi-rs/keyring ${lib.version} has no ${name}`)
    if (fs.existsSync(path.join(root, 'node_modules', ...name.split('/'), 'package.json'))) continue
    console.log(`keyring-for-target: installing ${name}@${lib.version} for ${context.electronPlatformName}-${arch}`)
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--force', '--ignore-scripts', `${name}@${lib.version}`], { cwd: root, stdio: 'inherit' })
  }
}

module.exports = beforePack
module.exports.default = beforePack
module.exports.keyringPackages = keyringPackages
