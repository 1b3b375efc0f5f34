#!/usr/bin/env node
'use strict'
// Launcher for the bundled CLI. The bundle is built by `npm install` (prepare) or `npm run build:cli`.
const path = require('node:path')
const out = path.join(__dirname, '..', 'out', 'cli')
// V8's compile cache (Node 22.1+): the bundles are compiled once and reused by every later run.
// Kept beside the bundles, not in Node's default of a shared temporary folder, which any local
// user can create first and fill: a cache is code this process runs, so it must be no easier to
// change than the bundles (docs/security.md, "The code the CLI runs"). An installation this user
// cannot write runs without one.
require('node:module').enableCompileCache?.(path.join(out, 'node-compile-cache'))
const bundle = path.join(out, 'tokendesk.cjs')
let cli
try {
  cli = require(bundle)
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes('tokendesk.cjs')) {
    process.stderr.write('tokendesk: the CLI is not built yet; run `npm run build:cli` (or `npm install`) in the TokenDesk folder\n')
    process.exit(1)
  }
  throw e
}
cli.run(process.argv.slice(2))
