import type { Io } from './io'

/** A command module: gets the arguments after its name and returns the exit code. */
export interface CommandModule {
  run(args: string[], io: Io): Promise<number>
}

export interface CommandSpec {
  summary: string
  usage: string
  /** Imported on use, so each run loads only its own command (and `get` stays lean). */
  load: () => Promise<CommandModule>
}
