#!/usr/bin/env node
'use strict'
// Launcher for the bundled CLI. The bundle is built by `npm install` (prepare) or `npm run build:cli`.
const path = require('node:path')
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
