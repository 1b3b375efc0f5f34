// Replaced by esbuild's `define` at build time (scripts/build-cli.mjs); "dev" when run from source.
declare const __TOKENDESK_VERSION__: string | undefined
export const VERSION: string = typeof __TOKENDESK_VERSION__ === 'string' ? __TOKENDESK_VERSION__ : 'dev'
