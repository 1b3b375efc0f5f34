import fs from 'node:fs'
import path from 'node:path'
import type { SecretForm } from './forms'
import { commitsWithBlob, gitAvailable, gitBlobs } from './git'
import { keyBefore, lineOf, notebookCell } from './locate'
import { SecretMatcher } from './matcher'
import type { Finding, ScanProgress, SkipReason } from './report'
import { readScannable, SCAN_MAX_FILE_BYTES, ScanTally, walkFiles } from './walk'

/** What a match names: the token, the form of its secret, and the secret's last 4 characters at most. */
export type PatternRef = { id: string; name: string; platform: string; form: SecretForm; last4: string }

/**
 * One scan's work, as plain data so it can cross to a worker thread (scan-worker.ts): the
 * patterns (each held secret in each form: the only place they are, for the scan's length),
 * where to look, and whether to read git history.
 */
export interface ScanJob {
  patterns: { text: string; ref: PatternRef }[]
  /** Folders and files to scan; empty: `defaults`. */
  paths: string[]
  /** The places secrets leak on this machine (histories, SDK files), for a scan without paths. */
  defaults: string[]
  git: boolean
}

export interface EngineResult {
  findings: Finding[]
  files: number
  bytes: number
  skipped: { reason: SkipReason; count: number; examples: string[] }[]
  gitMissing?: boolean
  /** Files read, roots scanned and repositories whose history was read: what the scan covered. */
  read: string[]
  roots: string[]
  gitRead: string[]
  /** SQLite files (IPython's history) met on the way: the caller reads them as databases. */
  sqlite: string[]
}

const isSqlite = (file: string) => path.basename(file) === 'history.sqlite' || file.endsWith('.sqlite')

/**
 * Walks, reads and matches: the files under the paths (or the defaults), and with `git` the
 * history of each repository found under them. Plain Node and no database driver, so it runs the
 * same in the CLI's process and in the app's worker thread.
 */
export async function runScanJob(job: ScanJob, onProgress?: (p: ScanProgress) => void): Promise<EngineResult> {
  const matcher = new SecretMatcher(job.patterns.map((p) => ({ bytes: Buffer.from(p.text, 'utf8'), ref: p.ref })))
  const tally = new ScanTally()
  const findings: Finding[] = []
  const repos = new Set<string>()
  const roots: string[] = []
  const gitRead: string[] = []
  const sqlite: string[] = []
  const scanBuf = (file: string, buf: Buffer) => {
    let notebook: string | undefined
    matcher.scan(buf, (start, _end, ref) => {
      const f: Finding = { token: { id: ref.id, name: ref.name, platform: ref.platform }, file, line: lineOf(buf, start), form: ref.form, last4: ref.last4 }
      const key = keyBefore(buf, start)
      if (key) f.key = key
      if (file.endsWith('.ipynb')) {
        notebook ??= buf.toString('utf8')
        const cell = notebookCell(notebook, start)
        if (cell !== undefined) f.cell = cell
      }
      findings.push(f)
    })
  }
  const scanFile = (file: string) => {
    if (isSqlite(file)) sqlite.push(file)
    else {
      const buf = readScannable(file, tally)
      if (buf) scanBuf(file, buf)
    }
    onProgress?.({ files: tally.files, bytes: tally.bytes, findings: findings.length })
  }
  if (job.paths.length === 0) {
    for (const f of job.defaults) if (fs.existsSync(f)) scanFile(f)
  } else {
    for (const raw of job.paths) {
      const p = path.resolve(raw)
      roots.push(p)
      let isDir = false
      try {
        isDir = fs.statSync(p).isDirectory()
      } catch {
        tally.skip('unreadable', p)
        continue
      }
      if (isDir) walkFiles(p, tally, scanFile, (repo) => repos.add(repo))
      else scanFile(p)
    }
  }
  let gitMissing: boolean | undefined
  if (job.git && repos.size > 0) {
    if (!gitAvailable()) gitMissing = true
    else {
      for (const repo of repos) {
        const found: { sha: string; at: number }[] = []
        await gitBlobs(
          repo,
          SCAN_MAX_FILE_BYTES,
          (blob) => {
            tally.bytes += blob.bytes.length
            const before = findings.length
            scanBuf(path.join(repo, blob.path), blob.bytes)
            for (let i = before; i < findings.length; i++) found.push({ sha: blob.sha, at: i })
            onProgress?.({ files: tally.files, bytes: tally.bytes, findings: findings.length })
          },
          (p) => tally.skip('too large', path.join(repo, p)),
        )
        gitRead.push(repo)
        const dates = new Map<string, { commit: string; date: string } | undefined>()
        for (const { sha, at } of found) {
          if (!dates.has(sha)) dates.set(sha, commitsWithBlob(repo, sha)[0])
          const c = dates.get(sha)
          if (c) Object.assign(findings[at]!, { commit: c.commit, date: c.date })
        }
      }
    }
  }
  return {
    findings,
    files: tally.files,
    bytes: tally.bytes,
    skipped: [...tally.skipped.entries()].map(([reason, s]) => ({ reason, ...s })),
    ...(gitMissing ? { gitMissing } : {}),
    read: [...tally.read],
    roots,
    gitRead,
    sqlite,
  }
}
