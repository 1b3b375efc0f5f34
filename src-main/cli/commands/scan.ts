import { ScanService, type Finding } from '../../core/scan/service'
import { FoundCopyRepo } from '../../core/store/found-copy-repo'
import { Fingerprinter } from '../../core/placements/fingerprint'
import { homeDir } from '../../core/sdk-config/service'
import { parse } from '../args'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'
import { progressLine } from '../progress-line'

const where = (f: Finding) =>
  `${f.file}:${f.line}${f.cell !== undefined ? ` (cell ${f.cell})` : ''}${f.session !== undefined ? ` (session ${f.session})` : ''}${f.key ? ` ${f.key}` : ''}`

/**
 * `tokendesk scan [PATH...] [--git] [--json]`: every place a secret TokenDesk holds is written in
 * plaintext — exactly, so no false positives. Exit 0: none found; 1: found (for scripts and
 * pre-commit hooks); 2: bad usage.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('scan', args, { git: { type: 'boolean' }, json: { type: 'boolean' } }, { min: 0, max: 10_000, names: '' })
  return withVault(io, async ({ vault, db, secrets }) => {
    const fingerprinter = new Fingerprinter(secrets)
    const progress = progressLine(io.stderr)
    let report
    try {
      report = await new ScanService({ vault, home: homeDir(io.env), env: io.env, foundCopies: new FoundCopyRepo(db), fingerprint: (x) => fingerprinter.of(x) }).scan(positionals, { git: values.git === true, onProgress: progress.update })
    } finally {
      progress.done()
    }
    if (values.json) printJson(io, report)
    else {
      for (const f of report.findings) {
        const what = `${f.token.name} (${f.token.id.slice(0, 8)}${f.last4 ? `, …${f.last4}` : ''})`
        const git = f.commit ? ` in commit ${f.commit.slice(0, 12)} (${f.date})` : ''
        out(io, `${where(f)}: ${what}${f.form === 'as is' ? '' : `, ${f.form}`}${git}`)
      }
      const mb = (report.bytes / 1e6).toFixed(1)
      out(io, `${report.findings.length === 0 ? 'no held secret found' : `${report.findings.length} plaintext ${report.findings.length === 1 ? 'copy' : 'copies'} found`}; read ${report.files} files (${mb} MB)`)
      for (const s of report.skipped) out(io, `  skipped ${s.count} (${s.reason}), e.g. ${s.examples.join(', ')}`)
      const rec = report.recorded
      if (rec && (rec.added > 0 || rec.gone > 0)) {
        const parts = [rec.added > 0 ? `${rec.added} new` : '', rec.gone > 0 ? `${rec.gone} no longer there` : ''].filter(Boolean)
        out(io, `found copies recorded: ${parts.join(', ')} (\`tokendesk where NAME\` lists a token's copies)`)
      }
      if (report.gitMissing) io.stderr.write('tokendesk: --git: there is no git executable on this machine, so git history was not read\n')
      if (report.findings.some((f) => f.commit)) {
        out(io, 'A secret in git history stays in every clone and fork, also after a later commit removes it: rotate the token (tokendesk rotate); rewriting history does not reach copies already pushed.')
      }
      if (report.findings.length > 0) out(io, 'Rotate the tokens whose secrets were found, or turn .env copies into references: tokendesk where NAME --to-references')
    }
    return report.findings.length > 0 ? 1 : 0
  })
}
