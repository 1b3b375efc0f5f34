export declare const NATIVE_FILE: string
export declare function electronBinaryPresent(electronDir: string, exists?: (p: string) => boolean, read?: (p: string) => string): boolean
export declare function driverCandidates(pkgDir: string, platform?: string, arch?: string): string[]
export declare function ensureDriver(opts: {
  pkgDir: string
  platform?: string
  arch?: string
  exists?: (p: string) => boolean
  build: (pkgDir: string) => Promise<void> | void
  log?: (msg: string) => void
}): Promise<{ status: 'present' | 'built'; target: string }>
export declare function downloadFailureReason(output: string): string
