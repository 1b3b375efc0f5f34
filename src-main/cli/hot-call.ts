/**
 * The commands that start before every script, job or AWS command (`get` in `$(…)`, `run`
 * before a job, `credential-process` inside every AWS CLI command and new SDK session), so their
 * start-up is the user's latency. They run from a bundle of their own, a tenth of the CLI's size
 * (scripts/build-cli.mjs); anything else, and their `--help`, goes to the whole CLI.
 */
export const HOT_COMMANDS = ['get', 'run', 'credential-process'] as const
export type HotCommand = (typeof HOT_COMMANDS)[number]

/** The hot command this call runs, or null when the whole CLI must answer it. Pure. */
export function hotCallOf(argv: readonly string[]): HotCommand | null {
  const [first, ...rest] = argv
  if (!(HOT_COMMANDS as readonly string[]).includes(first ?? '')) return null
  // Only options before `--` are ours (`tokendesk run -- ls -h` runs ls -h); help texts live in the whole CLI.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest
  return own.includes('--help') || own.includes('-h') ? null : (first as HotCommand)
}
