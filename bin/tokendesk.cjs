#!/usr/bin/env node
'use strict'
// Launcher for the bundled CLI. The bundles are built by `npm install` (prepare) or `npm run build:cli`.
const path = require('node:path')
const out = path.join(__dirname, '..', 'out', 'cli')
// Node's compile cache for the whole CLI (tokendesk-main.cjs), which every command but the hot
// ones loads. Beside the bundles, not in Node's default of a shared temporary folder: a cache is
// code this process runs, so it must be no easier to change than the bundles. The hot commands'
// bundle has a cache of its own, made after a whole run (src-main/cli/code-cache.ts).
require('node:module').enableCompileCache?.(path.join(out, 'node-compile-cache'))
let cli
try {
  cli = require(path.join(out, 'launcher.cjs')).loadCli(process.argv.slice(2))
} catch (e) {
  if (e && (e.code === 'MODULE_NOT_FOUND' || e.code === 'ENOENT') && /launcher\.cjs|tokendesk\.cjs/.test(String(e.message))) {
    process.stderr.write('tokendesk: the CLI is not built yet; run `npm run build:cli` (or `npm install`) in the TokenDesk folder\n')
    process.exit(1)
  }
  throw e
}
cli.run(process.argv.slice(2))
