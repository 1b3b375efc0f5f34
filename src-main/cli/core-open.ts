import { type Core, createCore } from '../core/core'
import { homeDir } from '../core/sdk-config/service'
import { CLI_ACTOR } from './actor'
import type { Io } from './io'
import { cliFetch } from './net'
import { cliSecretStore, sayIfStranded } from './open'

/**
 * Like withVault, for the commands that talk to platforms: opens the vault plus connections, and
 * first finishes or rolls back whatever an earlier run (of the app or the CLI) left half done.
 */
export async function withCore<T>(io: Io, fn: (core: Core) => Promise<T> | T): Promise<T> {
  const fetch = cliFetch(io.env)
  const core = createCore({ actor: CLI_ACTOR, secrets: cliSecretStore(io.env), home: homeDir(io.env), env: io.env, ...(fetch ? { fetch } : {}) })
  try {
    await sayIfStranded(io, core)
    try {
      await core.reconcile()
    } catch (e) {
      const msg = e instanceof Error && e.name === 'TokenDeskError' ? e.message : 'unexpected error'
      io.stderr.write(`tokendesk: warning: could not finish an interrupted operation (${msg}); it will be retried next time\n`)
    }
    return await fn(core)
  } finally {
    core.close()
  }
}
