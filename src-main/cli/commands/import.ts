import { ImportService } from '../../core/import/service'
import { NOT_READ_WORDS } from '../../core/import/not-read'
import { homeDir } from '../../core/sdk-config/service'
import { placementService } from '../../core/services'
import { parse } from '../args'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('import', args, { json: { type: 'boolean' }, yes: { type: 'boolean' } }, { min: 0, max: 10_000, names: '' })
  return withVault(io, async (opened) => {
    const service = new ImportService({ vault: opened.vault, placements: placementService(opened), home: homeDir(io.env), env: io.env })
    const scan = await service.scan(positionals)
    for (const u of scan.unreadable) io.stderr.write(`tokendesk: skipped ${u.file}: ${u.reason}\n`)
    for (const n of scan.notRead) io.stderr.write(`tokendesk: not read: ${n.count} ${NOT_READ_WORDS[n.reason]}, e.g. ${n.examples.join(', ')}\n`)
    const fresh = scan.found.filter((f) => !f.heldBy && !f.problem)
    if (!values.yes) {
      if (values.json) printJson(io, scan)
      else if (scan.found.length === 0) out(io, 'nothing found')
      else {
        printFound(io, scan.found)
        out(io, fresh.length > 0 ? `${fresh.length} to import: run again with --yes` : 'nothing new to import')
      }
      return 0
    }
    const r = await service.importFound(scan.found)
    if (values.json) printJson(io, { ...r, held: scan.found.filter((f) => f.heldBy).length, problems: scan.found.filter((f) => f.problem), unreadable: scan.unreadable, notRead: scan.notRead })
    else {
      if (scan.found.length === 0) out(io, 'nothing found')
      for (const t of r.imported) out(io, `imported ${t.name} from ${t.file} (${t.entry})`)
      const held = scan.found.filter((f) => f.heldBy).length
      if (held > 0) out(io, `${held} already held by TokenDesk`)
      for (const f of scan.found.filter((x) => x.problem)) out(io, `not imported: ${f.file} (${f.entry}) ${f.problem}`)
      for (const f of r.failed) io.stderr.write(`tokendesk: could not import ${f.name}: ${f.reason}\n`)
    }
    // Refused (exit 4) when every failure was a refusal — another process imported the same
    // credentials at the same moment — and failed (exit 1) when anything else went wrong.
    if (r.failed.length === 0) return 0
    return r.failed.every((f) => f.code === 'rule_refused' || f.code === 'conflict') ? 4 : 1
  })
}

function printFound(io: Io, found: Awaited<ReturnType<ImportService['scan']>>['found']): void {
  const rows = found.map((f) => [f.file, f.entry, f.kind, f.platform, f.name, f.masked, f.heldBy ? `held as ${f.heldBy}` : f.problem ? 'not importable' : 'new'])
  const head = ['FILE', 'ENTRY', 'KIND', 'PLATFORM', 'NAME', 'SECRET', 'STATUS']
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  for (const r of [head, ...rows]) out(io, r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!))).join('  '))
  for (const f of found.filter((x) => x.problem)) out(io, `  ${f.file} (${f.entry}): ${f.problem}`)
}
