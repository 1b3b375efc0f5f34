import { UsageError } from './exit'

/** TOKENDESK_KEYCHAIN_TIMEOUT_MS shortens (or lengthens) the keychain deadline, e.g. for tests. */
export function keychainTimeoutMs(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.TOKENDESK_KEYCHAIN_TIMEOUT_MS
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 100 || n > 120_000) {
    throw new UsageError('TOKENDESK_KEYCHAIN_TIMEOUT_MS must be a whole number of milliseconds between 100 and 120000')
  }
  return n
}
