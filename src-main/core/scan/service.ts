import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { FoundCopyRepo } from '../store/found-copy-repo'
import type { Vault } from '../vault'
import { resolveConfigPath } from '../sdk-config/formats'
import { FORMAT_TABLE } from '../sdk-config/format-table'
import { secretForms, type SecretForm } from './forms'
import { planFoundCopies } from './found-copies-plan'
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
  /** What the scan changed in the found copies `where` lists: new places, and places now gone. */
  recorded?: { added: number; gone: number }
}

/** How far a scan is, for a progress line on a terminal: after each file. */
export interface ScanProgress {
  files: number
  bytes: number
  findings: number
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
  constructor(
    private readonly deps: {
      vault: Vault
      home?: string
      env?: Readonly<Record<string, string | undefined>>
      /** Where findings are recorded as found copies of their tokens; not recorded without it. */
      foundCopies?: FoundCopyRepo
      /** The keyed fingerprint of a secret (placements/fingerprint.ts), recorded with each found copy. */
      fingerprint?: (secret: string) => Promise<string>
      clock?: Clock
    },
  ) {}

  /** One matcher over every held secret in each form it takes; the fingerprint of each token's secret looked for. */
  private async matcher(): Promise<{ matcher: SecretMatcher<Ref>; lookedFor: Map<string, string> }> {
    const patterns: { bytes: Buffer; ref: Ref }[] = []
    const lookedFor = new Map<string, string>()
    for (const t of this.deps.vault.allReady()) {
      let secret: string
      try {
        secret = await this.deps.vault.peekSecret(t.id)
      } catch {
        continue // a missing secret has no copies to find
      }
      if (this.deps.foundCopies && this.deps.fingerprint) lookedFor.set(t.id, await this.deps.fingerprint(secret))
      for (const f of secretForms(secret)) patterns.push({ bytes: Buffer.from(f.text, 'utf8'), ref: { id: t.id, name: t.name, platform: t.platform, form: f.form, last4: secret.length >= 12 ? secret.slice(-4) : '' } })
    }
    return { matcher: new SecretMatcher(patterns), lookedFor }
  }

  async scan(paths: readonly string[], opts: { git?: boolean; onProgress?: (p: ScanProgress) => void } = {}): Promise<ScanReport> {
    const home = this.deps.home ?? os.homedir()
    const env = this.deps.env ?? process.env
    const { matcher, lookedFor } = await this.matcher()
    const tally = new ScanTally()
    const findings: Finding[] = []
    const repos = new Set<string>()
    const roots: string[] = []
    const gitRead: string[] = []
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
    const progress = opts.onProgress
    const scanFile = (file: string) => {
      if (path.basename(file) === 'history.sqlite' || file.endsWith('.sqlite')) this.scanIpython(file, matcher, tally, findings)
      else {
        const buf = readScannable(file, tally)
        if (buf) scanBuf(file, buf)
      }
      progress?.({ files: tally.files, bytes: tally.bytes, findings: findings.length })
    }
    if (paths.length === 0) {
      // The places secrets leak on this machine: histories, and the files import reads.
      for (const f of historyFiles(home, env)) scanFileIfThere(f, scanFile)
      scanFileIfThere(path.join(home, '.ipython', 'profile_default', 'history.sqlite'), scanFile)
      for (const m of Object.values(FORMAT_TABLE).filter((x) => x.knownLocation)) scanFileIfThere(resolveConfigPath(m.format, { home, env }), scanFile)
    } else {
      for (const raw of paths) {
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
    const recorded = this.record(findings, lookedFor, (c) => {
      if (c.commit !== '') return gitRead.some((repo) => c.path.startsWith(repo + path.sep))
      if (tally.read.has(c.path)) return true
      // A file under a scanned folder that is not there any more took its copies with it.
      return roots.some((r) => c.path.startsWith(r + path.sep)) && !fs.existsSync(c.path)
    })
    return {
      findings,
      files: tally.files,
      bytes: tally.bytes,
      skipped: [...tally.skipped.entries()].map(([reason, s]) => ({ reason, ...s })),
      ...(gitMissing ? { gitMissing } : {}),
      ...(recorded ? { recorded } : {}),
    }
  }

  /** The findings as found copies of their tokens (found-copies-plan.ts): what is new, what is gone. */
  private record(findings: readonly Finding[], lookedFor: ReadonlyMap<string, string>, covered: (c: { path: string; commit: string }) => boolean): ScanReport['recorded'] {
    const repo = this.deps.foundCopies
    if (!repo || !this.deps.fingerprint) return undefined
    const plan = planFoundCopies(
      repo.known(),
      findings.map((f) => ({
        tokenId: f.token.id,
        path: f.file,
        commit: f.commit ?? '',
        line: f.line,
        ...(f.cell !== undefined ? { cell: f.cell } : {}),
        ...(f.session !== undefined ? { session: f.session } : {}),
        ...(f.key ? { key: f.key } : {}),
        form: f.form,
        ...(f.date ? { commitDate: f.date } : {}),
        fingerprint: lookedFor.get(f.token.id)!,
      })),
      covered,
      lookedFor,
    )
    repo.apply(plan.seen, plan.gone, (this.deps.clock ?? Date.now)())
    return { added: plan.added, gone: plan.gone.length }
  }

  /** IPython's history (SQLite: history(session, line, source)), read as the database it is. */
  private scanIpython(file: string, matcher: SecretMatcher<Ref>, tally: ScanTally, findings: Finding[]): void {
    let db: Database.Database | undefined
    try {
      db = new Database(file, { readonly: true, fileMustExist: true })
      const rows = db.prepare<[], { session: number; line: number; source: string }>('SELECT session, line, source FROM history ORDER BY session, line').all()
      tally.files++
      tally.read.add(file)
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
