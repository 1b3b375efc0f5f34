/**
 * `tokendesk scan`'s matcher against ripgrep (Debian's `rg -F -f`, fixed strings) on the same tree
 * and the same patterns, in the same run (issue #24's goal: within 3x of ripgrep). Builds a tree of
 * SCAN_BENCH_MB megabytes (default 400) of text files with 1,000 held secrets, a few planted, then
 * times both over it three times each, interleaved. `npm run bench:scan`. Asserts nothing.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { secretForms } from '../src-main/core/scan/forms'
import { SecretMatcher } from '../src-main/core/scan/matcher'
import { readScannable, ScanTally, walkFiles } from '../src-main/core/scan/walk'
import { fmt, median } from './lib/stats'

const MB = Number(process.env.SCAN_BENCH_MB ?? 400)
const SECRETS = 1000
const FILE_BYTES = 4 * 1024 * 1024

function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-scan-bench-'))
  try {
    const secrets = Array.from({ length: SECRETS }, (_, i) => `tok_${i}_${randomBytes(18).toString('base64url')}`)
    const line = () => `export VALUE_${randomBytes(3).toString('hex')}=${randomBytes(24).toString('base64')} # note ${randomBytes(6).toString('hex')}\n`
    const block = Buffer.from(Array.from({ length: 4000 }, line).join(''))
    let written = 0
    let planted = 0
    for (let f = 0; written < MB * 1024 * 1024; f++) {
      const parts: Buffer[] = []
      let size = 0
      while (size < FILE_BYTES) {
        parts.push(block)
        size += block.length
      }
      if (f % 10 === 0) {
        parts.push(Buffer.from(`TOKEN=${secrets[(f * 7) % SECRETS]}\n`))
        planted++
      }
      const sub = path.join(dir, `d${f % 16}`)
      fs.mkdirSync(sub, { recursive: true })
      fs.writeFileSync(path.join(sub, `f${f}.txt`), Buffer.concat(parts))
      written += size
    }
    const patternsFile = path.join(dir, '..', `patterns-${path.basename(dir)}.txt`)
    const forms = secrets.flatMap((s) => secretForms(s).map((f) => f.text))
    fs.writeFileSync(patternsFile, forms.join('\n'))

    const ours = () => {
      const t0 = performance.now()
      const m = new SecretMatcher(forms.map((text, i) => ({ bytes: Buffer.from(text), ref: i })))
      const tally = new ScanTally()
      let hits = 0
      walkFiles(dir, tally, (file) => {
        const buf = readScannable(file, tally)
        if (buf) m.scan(buf, () => hits++)
      }, () => undefined)
      return { ms: performance.now() - t0, hits, bytes: tally.bytes }
    }
    const rg = () => {
      const t0 = performance.now()
      const r = spawnSync('rg', ['-F', '-c', '--no-ignore', '--hidden', '-f', patternsFile, dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
      if (r.error) throw new Error('ripgrep (rg) is not installed: apt-get install ripgrep')
      const hits = r.stdout.split('\n').filter(Boolean).reduce((a, l) => a + Number(l.split(':').at(-1)), 0)
      return { ms: performance.now() - t0, hits }
    }
    const t: { ours: number[]; rg: number[] } = { ours: [], rg: [] }
    let ourHits = 0
    let rgHits = 0
    let bytes = 0
    for (let i = 0; i < 3; i++) {
      const o = ours()
      t.ours.push(o.ms)
      ourHits = o.hits
      bytes = o.bytes
      const r = rg()
      t.rg.push(r.ms)
      rgHits = r.hits
    }
    const ratio = median(t.ours) / median(t.rg)
    console.log(`tokendesk scan matcher vs ripgrep (node ${process.version}, ${os.cpus().length} CPUs)`)
    console.table([
      { case: `tokendesk matcher, ${fmt(bytes / 1e6)} MB, ${SECRETS} secrets (${forms.length} forms)`, median: `${fmt(median(t.ours))} ms`, hits: ourHits },
      { case: 'rg -F -f (fixed strings)', median: `${fmt(median(t.rg))} ms`, hits: rgHits },
      { case: 'ratio (goal <= 3x)', median: `${ratio.toFixed(2)}x`, hits: `${planted} planted` },
    ])
    fs.rmSync(patternsFile, { force: true })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main()
