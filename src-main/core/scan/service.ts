import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import type { Clock } from '../clock'
import type { FoundCopyRepo } from '../store/found-copy-repo'
import type { Vault } from '../vault'
import { resolveConfigPath } from '../sdk-config/formats'
import { FORMAT_TABLE } from '../sdk-config/format-table'
import type { EngineResult, PatternRef, ScanJob } from './engine'
import { secretForms } from './forms'
import { planFoundCopies } from './found-copies-plan'
import { keyBefore } from './locate'
import { SecretMatcher } from './matcher'
import type { Finding, ScanProgress, ScanReport } from './report'
import { inProcessScan, ScanCancelled, type ScanRunner } from './runner'

export type { Finding, ScanProgress, ScanReport } from './report'

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

export interface ScanOptions {
  git?: boolean
  /** Only this token's secret (the app's "Find copies…" in a token's detail panel). */
  tokenId?: string
  onProgress?: (p: ScanProgress) => void
  /** Cancels the scan (the app's Cancel): it rejects with ScanCancelled and records nothing. */
  signal?: AbortSignal
}

/**
 * `tokendesk scan` and the app's scan: finds the exact secrets TokenDesk holds in files,
 * histories and git history. The secrets are read from the keychain into the scan's job (in
 * this process, or a worker thread: runner.ts) and dropped with it; what comes out carries at
 * most their last 4 characters. Findings are recorded as found copies of their tokens.
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
      /** Where the walk and the matching run: in this process unless given (the app: a worker thread). */
      runner?: ScanRunner
      /** The SQLite driver's binary (the app picks it per OS and CPU: shell/native.ts), for IPython's history. */
      nativeBinding?: string
    },
  ) {}

  /** Each held secret (or the one token's) in each form it takes; the fingerprint of each token's secret looked for. */
  private async patterns(tokenId?: string): Promise<{ patterns: ScanJob['patterns']; lookedFor: Map<string, string> }> {
    const patterns: ScanJob['patterns'] = []
    const lookedFor = new Map<string, string>()
    const tokens = this.deps.vault.allReady().filter((t) => tokenId === undefined || t.id === tokenId)
    for (const t of tokens) {
      let secret: string
      try {
        secret = await this.deps.vault.peekSecret(t.id)
      } catch {
        continue // a missing secret has no copies to find
      }
      if (this.deps.foundCopies && this.deps.fingerprint) lookedFor.set(t.id, await this.deps.fingerprint(secret))
      for (const f of secretForms(secret)) patterns.push({ text: f.text, ref: { id: t.id, name: t.name, platform: t.platform, form: f.form, last4: secret.length >= 12 ? secret.slice(-4) : '' } })
    }
    return { patterns, lookedFor }
  }

  /** The places secrets leak on this machine: the histories, IPython's, and the files import reads. */
  private defaults(): string[] {
    const home = this.deps.home ?? os.homedir()
    const env = this.deps.env ?? process.env
    return [
      ...historyFiles(home, env),
      path.join(home, '.ipython', 'profile_default', 'history.sqlite'),
      ...Object.values(FORMAT_TABLE)
        .filter((x) => x.knownLocation)
        .map((m) => resolveConfigPath(m.format, { home, env })),
    ]
  }

  async scan(paths: readonly string[], opts: ScanOptions = {}): Promise<ScanReport> {
    if (opts.tokenId !== undefined) this.deps.vault.resolve(opts.tokenId) // an unknown token is "not found" before anything is read
    const { patterns, lookedFor } = await this.patterns(opts.tokenId)
    const job: ScanJob = { patterns, paths: [...paths], defaults: this.defaults(), git: opts.git === true }
    const onProgress = opts.onProgress ?? (() => undefined)
    const r = await (this.deps.runner ?? inProcessScan())(job, onProgress, opts.signal)
    // IPython's history is a SQLite database: read as one here, where the driver is loaded.
    if (r.sqlite.length > 0) {
      const matcher = new SecretMatcher(patterns.map((p) => ({ bytes: Buffer.from(p.text, 'utf8'), ref: p.ref })))
      for (const file of r.sqlite) this.scanIpython(file, matcher, r)
      onProgress({ files: r.files, bytes: r.bytes, findings: r.findings.length })
    }
    if (opts.signal?.aborted) throw new ScanCancelled()
    const read = new Set(r.read)
    const recorded = this.record(r.findings, lookedFor, (c) => {
      if (c.commit !== '') return r.gitRead.some((repo) => c.path.startsWith(repo + path.sep))
      if (read.has(c.path)) return true
      // A file under a scanned folder that is not there any more took its copies with it.
      return r.roots.some((root) => c.path.startsWith(root + path.sep)) && !fs.existsSync(c.path)
    })
    return {
      findings: r.findings,
      files: r.files,
      bytes: r.bytes,
      skipped: r.skipped,
      ...(r.gitMissing ? { gitMissing: r.gitMissing } : {}),
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
  private scanIpython(file: string, matcher: SecretMatcher<PatternRef>, r: EngineResult): void {
    let db: Database.Database | undefined
    try {
      db = new Database(file, { readonly: true, fileMustExist: true, ...(this.deps.nativeBinding ? { nativeBinding: this.deps.nativeBinding } : {}) })
      const rows = db.prepare<[], { session: number; line: number; source: string }>('SELECT session, line, source FROM history ORDER BY session, line').all()
      r.files++
      r.read.push(file)
      for (const row of rows) {
        const buf = Buffer.from(row.source ?? '', 'utf8')
        r.bytes += buf.length
        matcher.scan(buf, (start, _e, ref) => {
          const key = keyBefore(buf, start)
          r.findings.push({ token: { id: ref.id, name: ref.name, platform: ref.platform }, file, line: row.line, session: row.session, form: ref.form, last4: ref.last4, ...(key ? { key } : {}) })
        })
      }
    } catch {
      const s = r.skipped.find((x) => x.reason === 'unreadable')
      if (s) {
        s.count++
        if (s.examples.length < 3) s.examples.push(file)
      } else r.skipped.push({ reason: 'unreadable', count: 1, examples: [file] })
    }
  }
}
