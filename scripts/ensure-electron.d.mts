export declare const NATIVE_FILE: string
export declare function nativeTarget(root: string, electronVersion: string): string
export declare function electronBinaryPresent(electronDir: string, exists?: (p: string) => boolean, read?: (p: string) => string): boolean
export declare function shouldCopy(rel: string): boolean
export declare function ensureNative(opts: {
  root: string
  electronVersion: string
  exists?: (p: string) => boolean
  build: (workDir: string) => Promise<void> | void
  log?: (msg: string) => void
}): Promise<{ status: 'present' | 'built'; target: string }>
export declare function buildForElectron(root: string, electronVersion: string, arch?: string): (workDir: string) => Promise<void>
