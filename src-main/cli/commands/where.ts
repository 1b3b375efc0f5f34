import { homeDir } from '../../core/sdk-config/service'
import { selfCommand } from '../self'
import { copiesService, fileBackups, foundCopies, placementService, sdkConfigService } from '../../core/services'
import { UsageError } from '../exit'
import { parse } from '../args'
import { confirm } from '../confirm'
import { type Io, out, printJson } from '../io'
import { withVault } from '../open'
import { printDiffs, printFoundCopies, printPlacements, updatePlacements, whyLeft } from '../placements'
import type { CopiesService } from '../../core/placements/copies'

export async function run(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    'where',
    args,
    { json: { type: 'boolean' }, update: { type: 'boolean' }, yes: { type: 'boolean' }, replace: { type: 'boolean' }, 'print-version': { type: 'string' }, 'to-references': { type: 'boolean' } },
    { min: 1, max: 1, names: 'REF (a token id or name)' },
  )
  return withVault(io, async (opened) => {
    const placements = placementService(opened)
    const { token, placements: list } = await placements.list(positionals[0]!)
    const version = values['print-version']
    if (version !== undefined) {
      // An earlier version is sealed (file-backups.ts): opened here, for the user to take back what
      // TokenDesk replaced. Only a version of one of this token's files; its bytes go to stdout as `get`'s secret does.
      if (!list.some((p) => p.backups.includes(version))) throw new UsageError(`${version} is not an earlier version of a file ${token.name} was written into; \`tokendesk where ${token.name}\` lists them`, 'where')
      io.stdout.write(Buffer.from(await fileBackups(opened).open(version)))
      return 0
    }
    if (values['to-references']) return toReferences(io, copiesService(opened, placements, sdkConfigService(opened, placements, { home: homeDir(io.env), env: io.env, selfCommand: selfCommand() })), token, values.yes === true)
    if (!values.update) {
      const found = await foundCopies(opened).list(token.id)
      if (values.json) printJson(io, { token: { id: token.id, name: token.name }, placements: list, found })
      else {
        if (list.length === 0) out(io, `${token.name} was not written into any file by TokenDesk`)
        else printPlacements(io, list)
        printFoundCopies(io, found)
      }
      return 0
    }
    const copies = copiesService(opened, placements, sdkConfigService(opened, placements, { home: homeDir(io.env), env: io.env, selfCommand: selfCommand() }))
    const r = await updatePlacements(io, copies, token.id, {
      replace: values.replace === true,
      confirm: async () => values.yes === true || (io.stdin.isTTY === true && (await confirm(io, 'Write these changes? [y/N] '))),
    })
    if (values.json) printJson(io, r)
    else {
      for (const p of r.written) out(io, `updated ${p.path} (${p.entry})`)
      for (const p of r.left) out(io, `left ${p.path} (${p.entry}): ${whyLeft(p, 'pass --replace to overwrite it')}`)
      if (r.written.length === 0 && r.left.length === 0) out(io, `every copy of ${token.name} is current`)
    }
    const declined = r.written.length === 0 && r.left.some((p) => p.state === 'stale')
    if (declined) io.stderr.write('tokendesk: nothing written; run again with --yes\n')
    return declined ? 1 : 0
  })
}

/** `where REF --to-references`: the token's plaintext .env copies become references, masked diffs first. */
async function toReferences(io: Io, copies: CopiesService, token: { id: string; name: string }, yes: boolean): Promise<number> {
  const plan = await copies.planReferences(token.id)
  for (const p of plan.left) {
    if (p.state === 'stale' || p.state === 'changed' || p.format !== 'dotenv') {
      const why =
        p.format !== 'dotenv'
          ? `a ${p.format} file holds no reference (AWS profiles: --format aws-credential-process)`
          : p.state === 'stale'
            ? 'holds an old secret; update it first (--update) or remove it'
            : p.foundByScan && p.state === 'changed' && !p.problem
              ? "found by scan, but its value is not exactly the secret now (part of a longer value, or edited since); left as it is — edit it by hand"
              : whyLeft(p, 'not the secret; left as it is')
      out(io, `left ${p.path} (${p.entry}): ${why}`)
    }
  }
  if (plan.todo.length === 0) {
    out(io, `no plaintext .env copy of ${token.name} to turn into a reference`)
    return 0
  }
  printDiffs(io, plan.todo)
  if (!yes && !(io.stdin.isTTY === true && (await confirm(io, 'Write these changes? [y/N] ')))) {
    io.stderr.write('tokendesk: nothing written; run again with --yes\n')
    return 1
  }
  const r = await copies.toReferences(token.id, { only: plan.todo })
  for (const p of r.written) out(io, `${p.path} (${p.entry}) now holds a reference, no secret${p.foundByScan ? ' (a line scan found)' : ''}`)
  out(io, `run your programs with \`tokendesk run --env-file FILE -- COMMAND\``)
  return 0
}
