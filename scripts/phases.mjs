#!/usr/bin/env node
// Runs npm scripts one after the other, stops at the first that fails, and prints how many
// seconds each took at the end (passed or not): `npm test` is this over its phases, so every run —
// a developer's and CI's — says where its time went.
//   node scripts/phases.mjs typecheck lint test:unit
import { spawnSync } from 'node:child_process'

const phases = process.argv.slice(2)
const times = []
let failed = null
for (const name of phases) {
  const started = process.hrtime.bigint()
  const r = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit', shell: process.platform === 'win32' })
  times.push([name, Number(process.hrtime.bigint() - started) / 1e9])
  if (r.status !== 0) {
    failed = { name, code: r.status ?? 1 }
    break
  }
}
const total = times.reduce((a, [, s]) => a + s, 0)
console.log('\nphase times (s):')
for (const [name, s] of times) console.log(`  ${name.padEnd(16)} ${s.toFixed(1)}`)
console.log(`  ${'total'.padEnd(16)} ${total.toFixed(1)}${failed ? `  (stopped: ${failed.name} failed)` : ''}`)
process.exit(failed ? failed.code : 0)
