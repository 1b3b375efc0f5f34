#!/usr/bin/env node
/**
 * `npm run check:runtimes`: says whether TokenDesk still ships on supported runtimes.
 *
 * - Electron supports the latest three stable majors (electronjs.org/docs/latest/tutorial/
 *   electron-timelines). The stable versions come from the npm registry (`npm view electron
 *   versions`); the version TokenDesk ships is the one in package-lock.json.
 * - Node's release schedule (start, LTS, maintenance, end of each major) comes from the
 *   `node-releases` package, the data browserslist uses: its newest version from the registry
 *   (`npm pack`), or the installed copy when the registry cannot be reached (said in the report).
 *   Checked: the Node running now and the lowest major `engines.node` allows.
 *
 * It is a report: it exits 0 whatever it finds (CI prints it; a new Electron major must not turn
 * CI red on the day it ships). `--strict` exits 1 when anything is unsupported.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const STABLE = /^(\d+)\.(\d+)\.(\d+)$/

/** The latest `count` stable majors among `versions`, newest first. */
export function supportedElectronMajors(versions, count = 3) {
  const majors = new Set()
  for (const v of versions) {
    const m = STABLE.exec(v)
    if (m) majors.add(Number(m[1]))
  }
  return [...majors].sort((a, b) => b - a).slice(0, count)
}

/** A Node major's phase on `today` (YYYY-MM-DD) from a node-releases schedule entry. */
export function nodePhase(entry, today) {
  if (!entry) return 'unknown'
  if (today < entry.start) return 'unreleased'
  if (today >= entry.end) return 'end-of-life'
  if (!entry.lts) return 'current' // odd majors never become LTS
  if (today < entry.lts) return 'current'
  return today < entry.maintenance ? 'active-lts' : 'maintenance-lts'
}

/** Every LTS line supported on `today`, newest first: [{ major, phase, end }]. */
export function ltsLines(schedule, today) {
  return Object.entries(schedule)
    .map(([k, e]) => ({ major: Number(k.replace(/^v/, '')), phase: nodePhase(e, today), end: e.end }))
    .filter((l) => Number.isInteger(l.major) && (l.phase === 'active-lts' || l.phase === 'maintenance-lts'))
    .sort((a, b) => b.major - a.major)
}

/** The lowest major a semver range like ">=22.12" or "^22.14 || >=24" lets in. */
export function lowestMajor(range) {
  const majors = [...String(range).matchAll(/(\d+)(?:\.\d+)*/g)].map((m) => Number(m[1]))
  return majors.length ? Math.min(...majors) : null
}

/**
 * The whole verdict. `electron`: the lockfile's version; `electronVersions`: the registry's list;
 * `node`: versions to judge, each { label, version }; `schedule`: node-releases' schedule.
 */
export function runtimeReport({ electron, electronVersions, node, schedule, today }) {
  const majors = supportedElectronMajors(electronVersions)
  const electronMajor = Number(String(electron).split('.')[0])
  const electronOk = majors.includes(electronMajor)
  const lts = ltsLines(schedule, today)
  const lines = [
    `Electron ${electron} (package-lock.json): ${electronOk ? 'supported' : 'UNSUPPORTED'} — supported majors ${majors.join(', ')} (the latest three stable)`,
  ]
  let ok = electronOk
  for (const n of node) {
    const major = Number(String(n.version).replace(/^v/, '').split('.')[0])
    const phase = nodePhase(schedule[`v${major}`], today)
    const good = phase === 'active-lts' || phase === 'maintenance-lts'
    ok &&= good
    const end = schedule[`v${major}`]?.end
    lines.push(`Node ${n.version} (${n.label}): ${good ? 'supported' : 'UNSUPPORTED'} — ${phase}${end ? `, end of life ${end}` : ''}`)
  }
  lines.push(`Node LTS lines on ${today}: ${lts.map((l) => `${l.major} (${l.phase.replace('-lts', '')}, until ${l.end})`).join(', ')}`)
  lines.push(`verdict: ${ok ? 'supported' : 'unsupported — see docs/development.md "Supported runtimes" for what to do'}`)
  return { ok, lines }
}

function npm(args, cwd) {
  return execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 })
}

/** node-releases' schedule: newest from the registry, else the installed copy. */
function loadSchedule(root) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-runtimes-'))
  try {
    const file = JSON.parse(npm(['pack', 'node-releases@latest', '--json', '--pack-destination', tmp], tmp))[0].filename
    execFileSync('tar', ['xzf', path.join(tmp, path.basename(file)), '-C', tmp])
    return { schedule: JSON.parse(fs.readFileSync(path.join(tmp, 'package/data/release-schedule/release-schedule.json'), 'utf8')), source: 'node-releases@latest from the registry' }
  } catch {
    const installed = path.join(root, 'node_modules/node-releases/data/release-schedule/release-schedule.json')
    return { schedule: JSON.parse(fs.readFileSync(installed, 'utf8')), source: 'the installed node-releases (registry unreachable)' }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'))
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
  const electron = lock.packages['node_modules/electron']?.version
  let electronVersions
  try {
    electronVersions = JSON.parse(npm(['view', 'electron', 'versions', '--json'], root))
  } catch (e) {
    console.log(`check:runtimes: the npm registry did not answer (${e instanceof Error ? e.message.split('\n')[0] : e}); no verdict`)
    return
  }
  const { schedule, source } = loadSchedule(root)
  const floor = lowestMajor(pkg.engines?.node ?? '')
  const node = [{ label: 'running', version: process.version }]
  if (floor !== null) node.push({ label: `lowest allowed by engines "${pkg.engines.node}"`, version: `${floor}` })
  const today = new Date().toISOString().slice(0, 10)
  const r = runtimeReport({ electron, electronVersions, node, schedule, today })
  for (const l of r.lines) console.log(l)
  console.log(`(Node schedule: ${source})`)
  if (!r.ok && process.argv.includes('--strict')) process.exit(1)
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main()
}
