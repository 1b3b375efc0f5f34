import { join } from 'node:path'
import { loadBundle } from './code-cache'
import { hotCallOf } from './hot-call'

/** The hot commands' bundle, beside this file (scripts/build-cli.mjs). */
export const HOT_BUNDLE = 'tokendesk.cjs'

/**
 * What bin/tokendesk.cjs runs: the CLI's entry bundle loaded with its V8 code cache
 * (code-cache.ts). The cache is written after a hot command (`get`, `run`, `credential-process`)
 * succeeded without one, so it holds what those commands compile — the runs whose start-up is
 * the user's latency. Any other command leaves it alone: a cache made by `tokendesk list`
 * would hold almost none of the hot code, and being valid, would never be replaced.
 */
export function loadCli(argv: readonly string[]): { run(argv: string[]): void } {
  const bundle = loadBundle<typeof import('./entry')>(join(__dirname, HOT_BUNDLE))
  if (hotCallOf(argv) && bundle.state !== 'used') {
    process.on('exit', (code) => {
      if (code === 0) bundle.save()
    })
  }
  return bundle.exports
}
