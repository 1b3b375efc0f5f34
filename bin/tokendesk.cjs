#!/usr/bin/env node
'use strict'
// Launcher for the bundled CLI. The bundle is built by `npm install` (prepare) or `npm run build:cli`.
const path = require('node:path')
// V8's compile cache (Node 22.1+): the bundle is compiled once and reused by every later run, which
// takes about a third off each start of a hot command (`get`, `run`, `credential-process`; README
// "Performance"). Kept under the OS temp dir by Node, keyed by the file's contents.
require('node:module').enableCompileCache?.()
const bundle = path.join(__dirname, '..', 'out', 'cli', 'tokendesk.cjs')
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
