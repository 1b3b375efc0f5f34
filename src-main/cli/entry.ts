import { join } from 'node:path'
import type { CommandModule } from './command'
import { type HotCommand, hotCallOf } from './hot-call'
import { guarded, runToExit } from './process-run'

/** The whole CLI's bundle, built beside this one (scripts/build-cli.mjs). */
export const MAIN_BUNDLE = 'tokendesk-main.cjs'

const HOT: Record<HotCommand, () => Promise<CommandModule>> = {
  get: () => import('./commands/get'),
  run: () => import('./commands/run'),
  'credential-process': () => import('./commands/credential-process'),
}

/**
 * What `tokendesk` runs first (out/cli/tokendesk.cjs): the hot commands from this small bundle,
 * everything else from the whole CLI. Requiring the whole CLI's 500 KB took 7 ms of `get`'s
 * start and this bundle 3.5 ms (docs/development.md "Performance").
 */
export function run(argv: string[]): void {
  const hot = hotCallOf(argv)
  if (hot) return runToExit((io) => guarded(io, async () => (await HOT[hot]()).run(argv.slice(1), io)))
  // A path computed at run time, so the bundler leaves this require alone.
  const main = require(join(__dirname, MAIN_BUNDLE)) as typeof import('./main')
  main.run(argv)
}

if (require.main === module) run(process.argv.slice(2))
