#!/usr/bin/env node
// Bundles the CLI into CommonJS files, so `npx tokendesk` starts without a TypeScript loader:
// out/cli/tokendesk.cjs (src-main/cli/entry.ts: the hot commands get, run and credential-process,
// ~100 KB) and beside it tokendesk-main.cjs (the whole CLI), which the first loads for anything else.
// Native addons stay external: they are loaded from node_modules
// at run time with the binary built for this Node. Run by `npm run build:cli` and `prepare`.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'))

// testHooks: the crash and concurrency tests' pause points (src-main/core/pause-point.ts and the
// keychain broker's) are compiled in only for the test builds (test/cli/harness.ts); the shipped
// CLI has none: `__TOKENDESK_TEST_HOOKS__` is false there and the bundler drops the code.
export async function buildCli({ outfile = path.join(root, 'out', 'cli', 'tokendesk.cjs'), quiet = false, testHooks = false } = {}) {
  const hooks = { __TOKENDESK_TEST_HOOKS__: testHooks ? 'true' : 'false' }
  const cliBundle = (entry, file, extra = {}) =>
    build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: file,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      // Every runtime dependency stays external and is loaded from node_modules on first use:
      // the native addons must be, and bundling the others (zod, yaml) would make each start parse
      // code that `tokendesk get` never runs. The bundle is only TokenDesk's own code.
      external: [...Object.keys(pkg.dependencies ?? {}).filter((d) => !extra.bundled?.includes(d)), 'electron'],
      define: { __TOKENDESK_VERSION__: JSON.stringify(pkg.version), ...hooks },
      minifySyntax: true,
      legalComments: 'none',
      logLevel: quiet ? 'error' : 'info',
      plugins: extra.plugins ?? [],
    })
  // The hot commands' bundle carries dotenv (for `run`), and gives dotenv's `require('crypto')`
  // a shim that loads node:crypto on first use (src-main/cli/lazy-crypto.cjs says why). Only the
  // bare name from inside dotenv: TokenDesk's own code asks for 'node:crypto' and gets it.
  const lazyCrypto = {
    name: 'dotenv-lazy-crypto',
    setup(b) {
      b.onResolve({ filter: /^crypto$/ }, (args) =>
        /[\\/]node_modules[\\/]dotenv[\\/]/.test(args.importer) ? { path: path.join(root, 'src-main', 'cli', 'lazy-crypto.cjs') } : undefined,
      )
    },
  }
  const entry = await cliBundle('src-main/cli/entry.ts', outfile, { bundled: ['dotenv'], plugins: [lazyCrypto] })
  // The name entry.ts requires (MAIN_BUNDLE there).
  const main = await cliBundle('src-main/cli/main.ts', path.join(path.dirname(outfile), 'tokendesk-main.cjs'))
  // The keychain broker (src-main/core/secrets/keychain-broker.ts) forks this file, found beside the CLI.
  const broker = await build({
    absWorkingDir: root,
    entryPoints: ['src-main/core/secrets/keychain-broker-child.ts'],
    outfile: path.join(path.dirname(outfile), 'keychain-broker.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['@napi-rs/keyring'],
    define: hooks,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: quiet ? 'error' : 'info',
  })
  return { outfile, warnings: [...entry.warnings, ...main.warnings, ...broker.warnings] }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildCli().catch((e) => {
    console.error(e instanceof Error ? e.message : e)
    process.exit(1)
  })
}
