import { sqliteFailure } from '../core/store/sqlite-errors'
import { type ErrorCode, isTokenDeskError } from '../core/errors'

/** Documented exit codes; scripts branch on them, so they never change meaning. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  notFound: 3,
  refused: 4,
  keychain: 5,
} as const

const BY_CODE: Record<ErrorCode, number> = {
  invalid_input: EXIT.usage,
  conflict: EXIT.usage,
  not_found: EXIT.notFound,
  rule_refused: EXIT.refused,
  permission_denied: EXIT.refused,
  keychain_unavailable: EXIT.keychain,
  storage: EXIT.failure,
  platform: EXIT.failure,
  internal: EXIT.failure,
}

/** A mistake in how the CLI was called: printed with a pointer to the help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message)
  }
}

/**
 * Turns any failure into one line for stderr and an exit code. Only our own messages are
 * trusted to be free of secrets; anything else is reduced to its first line, bounded, and
 * never printed with a stack.
 */
export function describeFailure(e: unknown): { message: string; exitCode: number } {
  if (e instanceof UsageError) {
    const hint = e.command ? `; see \`tokendesk help ${e.command}\`` : '; see `tokendesk --help`'
    return { message: `${e.message}${hint}`, exitCode: EXIT.usage }
  }
  if (isTokenDeskError(e)) return { message: e.message, exitCode: BY_CODE[e.code] ?? EXIT.failure }
  const storage = sqliteFailure(e)
  if (storage) return { message: storage.message, exitCode: EXIT.failure }
  const code = (e as { code?: unknown } | null)?.code
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
    // Node's parser appends advice about `--` that does not fit here; keep its first sentence.
    const first = firstLine(e).split('. ')[0] ?? ''
    return { message: `${first}; see \`tokendesk --help\``, exitCode: EXIT.usage }
  }
  return { message: `unexpected error: ${firstLine(e)}`, exitCode: EXIT.failure }
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  return (msg.split('\n')[0] ?? '').slice(0, 200)
}
