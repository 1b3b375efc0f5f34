import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Vault } from '../vault'
import { resolveConfigPath } from '../sdk-config/formats'
import { FORMAT_TABLE } from '../sdk-config/format-table'
import { secretForms, type SecretForm } from './forms'
import { commitsWithBlob, gitAvailable, gitBlobs } from './git'
import { keyBefore, lineOf, notebookCell } from './locate'
import { SecretMatcher } from './matcher'
import { readScannable, SCAN_MAX_FILE_BYTES, ScanTally, walkFiles, type SkipReason } from './walk'

/** One place a held secret was found. Never the secret: its last 4 characters at most. */
export interface Finding {
  token: { id: string; name: string; platform: string }
  file: string
  line: number
  /** A notebook's cell index; an IPython history's session and line. */
  cell?: number
  session?: number
  /** The variable or key the line assigns it to, when it says. */
  key?: string
  form: SecretForm
  last4: string
  /** --git: the commit that first holds it, its date, and the path there. */
  commit?: string
  date?: string
}

export interface ScanReport {
  findings: Finding[]
  files: number
  bytes: number
  skipped: { reason: SkipReason; count: number; examples: string[] }[]
  /** Said when --git was asked and there is no git executable. */
  gitMissing?: boolean
}

type Ref = { id: string; name: string; platform: string; form: SecretForm; last4: string }

/** Shell and REPL histories (bash, zsh, fish, Python, psql, node; IPython's SQLite history apart). */
export function historyFiles(home: string, env: Readonly<Record<string, string | undefined>>): string[] {
  return [
    env.HISTFILE || path.join(home, '.bash_history'),
    path.join(home, '.zsh_history'),
    path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'fish', 'fish_history'),
    path.join(home, '.python_history'),
    env.PSQL_HISTORY || path.join(home, '.psql_history'),
    env.NODE_REPL_HISTORY || path.join(home, '.node_repl_history'),
  ]
}

/**
 * `tokendesk scan`: finds the exact secrets TokenDesk holds in files, histories and git history.
 * The secrets are read from the keychain into one matcher for the scan and dropped with it; what
 * comes out carries at most their last 4 characters.
 */
export class ScanService {
  constructor(private readonly deps: { vault: Vault; home?: string; env?: Readonly<Record<string, string | undefined>> }) {}

  private async matcher(): Promise<SecretMatcher<Ref>> {
    const patterns: { bytes: Buffer; ref: Ref }[] = []
    for (const t of this.deps.vault.allReady()) {
      let secret: string
      try {
        secret = await this.deps.vault.peekSecret(t.id)
      } catch {
        continue // a missing secret has no copies to find
      }
      for (const f of secretForms(secret)) patterns.push({ bytes: Buffer.from(f.text, 'utf8'), ref: { id: t.id, name: t.name, platform: t.platform, form: f.form, last4: secret.length >= 12 ? secret.slice(-4) : '' } })
    }
    return new SecretMatcher(patterns)
  }

  async scan(paths: readonly string[], opts: { git?: boolean } = {}): Promise<ScanReport> {
    const home = this.deps.home ?? os.homedir()
    const env = this.deps.env ?? process.env
    const matcher = await this.matcher()
    const tally = new ScanTally()
    const findings: Finding[] = []
    const repos = new Set<string>()
    const scanBuf = (file: string, buf: Buffer, extra: Partial<Finding> = {}) => {
      let notebook: string | undefined
      matcher.scan(buf, (start, _end, ref) => {
        const f: Finding = { token: { id: ref.id, name: ref.name, platform: ref.platform }, file, line: lineOf(buf, start), form: ref.form, last4: ref.last4, ...extra }
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
      if (path.basename(file) === 'history.sqlite' || file.endsWith('.sqlite')) return this.scanIpython(file, matcher, tally, findings)
      const buf = readScannable(file, tally)
      if (buf) scanBuf(file, buf)
    }
    if (paths.length === 0) {
      // The places secrets leak on this machine: histories, and the files import reads.
      for (const f of historyFiles(home, env)) scanFileIfThere(f, scanFile)
      scanFileIfThere(path.join(home, '.ipython', 'profile_default', 'history.sqlite'), scanFile)
      for (const m of Object.values(FORMAT_TABLE).filter((x) => x.knownLocation)) scanFileIfThere(resolveConfigPath(m.format, { home, env }), scanFile)
    } else {
      for (const raw of paths) {
        const p = path.resolve(raw)
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
    if (opts.git && repos.size > 0) {
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
            },
            (p) => tally.skip('too large', path.join(repo, p)),
          )
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
    }
  }

  /** IPython's history (SQLite: history(session, line, source)), read as the database it is. */
  private scanIpython(file: string, matcher: SecretMatcher<Ref>, tally: ScanTally, findings: Finding[]): void {
    let db: Database.Database | undefined
    try {
      db = new Database(file, { readonly: true, fileMustExist: true })
      const rows = db.prepare<[], { session: number; line: number; source: string }>('SELECT session, line, source FROM history ORDER BY session, line').all()
      tally.files++
      for (const r of rows) {
        const buf = Buffer.from(r.source ?? '', 'utf8')
        tally.bytes += buf.length
        matcher.scan(buf, (start, _e, ref) => {
          const key = keyBefore(buf, start)
          findings.push({ token: { id: ref.id, name: ref.name, platform: ref.platform }, file, line: r.line, session: r.session, form: ref.form, last4: ref.last4, ...(key ? { key } : {}) })
        })
      }
    } catch {
      tally.skip('unreadable', file)
    } finally {
      db?.close()
    }
  }
}

function scanFileIfThere(file: string, scan: (f: string) => void): void {
  try {
    fs.accessSync(file)
  } catch {
    return
  }
  scan(file)
}
