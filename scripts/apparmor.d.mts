export declare const RESTRICT_SYSCTL: string
export declare function userNamespacesRestricted(read?: (p: string) => string): boolean
export declare function profileName(name: string): string
export declare function apparmorProfile(executablePath: string, name: string): string
export declare function apparmorAdvice(opts: { executablePath: string; name: string; restricted: boolean; profileInstalled: boolean }): string | null
