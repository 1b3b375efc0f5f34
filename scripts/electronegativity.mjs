#!/usr/bin/env node
/**
 * Electron security lint (Doyensec Electronegativity) over the app's sources.
 *
 * src-main/, src-preload/ and src-renderer/ are scanned TOGETHER (copied into one folder): the
 * global checks (CSP, navigation limits, permission handler) must see the shell and the page at
 * once, or every folder alone "lacks" what the others provide. Results go to
 * test-results/electronegativity/report.csv. Exit 1 when a MEDIUM or HIGH finding is not in
 * scripts/electronegativity-allow.json (id + file + reason). The release-list check needs GitHub
 * and is skipped (-x); Electron updates are tracked by Dependabot/npm instead.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outDir = path.join(root, 'test-results', 'electronegativity')
const report = path.join(outDir, 'report.csv')
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')).version
const allow = JSON.parse(fs.readFileSync(path.join(root, 'scripts/electronegativity-allow.json'), 'utf8')).accepted

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-eneg-'))
try {
  for (const dir of ['src-main', 'src-preload', 'src-renderer']) {
    fs.cpSync(path.join(root, dir), path.join(tmp, dir), { recursive: true, filter: (src) => !/\.(spec|test|typetest)\.tsx?$/.test(src) })
  }
  fs.mkdirSync(outDir, { recursive: true })
  fs.rmSync(report, { force: true })
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity')
  const offline = path.join(root, 'scripts', 'electronegativity-offline.cjs')
  const r = spawnSync(bin, ['-i', tmp, '-r', '-v', 'false', '-e', electronVersion, '-x', 'AvailableSecurityFixesGlobalCheck', '-o', report], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${JSON.stringify(offline)}`.trim() },
  })
  // A scan that died half way leaves an empty report: that must fail, never read as "0 findings".
  const text = fs.existsSync(report) ? fs.readFileSync(report, 'utf8') : ''
  if (r.status !== 0 || !/^issue,/i.test(text.trimStart())) {
    console.error(r.stdout, r.stderr)
    console.error(`electronegativity did not finish its scan (exit ${r.status ?? r.signal}); no findings to judge`)
    process.exit(2)
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true })
}

/** CSV parser for the report: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text) {
  const rows = []
  let row = []
  let cur = ''
  let q = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (q) {
      if (c === '"' && text[i + 1] === '"') (cur += '"'), i++
      else if (c === '"') q = false
      else cur += c
    } else if (c === '"') q = true
    else if (c === ',') row.push(cur.trim()), (cur = '')
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cur.trim())
      if (row.some((cell) => cell !== '')) rows.push(row)
      row = []
      cur = ''
    } else cur += c
  }
  row.push(cur.trim())
  if (row.some((cell) => cell !== '')) rows.push(row)
  return rows
}

const [, ...rows] = parseCsv(fs.readFileSync(report, 'utf8'))
const findings = rows.map(([id, severity, confidence, file, location, sample, description]) => ({ id, severity, confidence, file, location, sample, description }))
let failed = 0
for (const f of findings) {
  const serious = f.severity === 'HIGH' || f.severity === 'MEDIUM'
  const accepted = allow.find((a) => a.id === f.id && a.file === f.file)
  const tag = !serious ? 'info    ' : accepted ? 'accepted' : 'FAIL    '
  if (serious && !accepted) failed++
  console.log(`${tag} ${f.severity.padEnd(6)} ${f.confidence.padEnd(9)} ${f.id} ${f.file}:${f.location} — ${f.description}`)
}
console.log(`\nelectronegativity (Electron ${electronVersion}): ${findings.length} findings, ${failed} unexplained MEDIUM/HIGH; report: ${path.relative(root, report)}`)
process.exit(failed > 0 ? 1 : 0)
