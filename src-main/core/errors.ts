/**
 * Every failure the core reports carries a code the CLI maps to an exit code and the bridge maps
 * to a typed `{code, message}` for the UI. Messages are written for the user and must never
 * contain a secret: callers build them from names and ids only.
 */
export const ERROR_CODES = [
  'invalid_input',
  'conflict',
  'not_found',
  'rule_refused',
  'permission_denied',
  'keychain_unavailable',
  'storage',
  'platform',
  'internal',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export class TokenDeskError extends Error {
  override readonly name = 'TokenDeskError'
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message)
  }
}

export const invalid = (message: string) => new TokenDeskError('invalid_input', message)
export const notFound = (message: string) => new TokenDeskError('not_found', message)
export const refused = (message: string) => new TokenDeskError('rule_refused', message)

export function isTokenDeskError(e: unknown): e is TokenDeskError {
  return e instanceof TokenDeskError
}
