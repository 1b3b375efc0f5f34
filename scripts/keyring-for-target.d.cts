/** The electron-builder beforePack hook (keyring-for-target.cjs). */
declare function beforePack(context: { electronPlatformName: string; arch: number }): Promise<void>
declare namespace beforePack {
  /** The @napi-rs/keyring binding packages a build for `platform` (process.platform names) and `arch` (x64, arm64, universal, …) needs. */
  function keyringPackages(platform: string, arch: string): string[]
}
export = beforePack
