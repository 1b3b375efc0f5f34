import { type ParseArgsConfig, parseArgs } from 'node:util'
import { UsageError } from './exit'

type Options = NonNullable<ParseArgsConfig['options']>

/**
 * node:util parseArgs with our conventions: unknown options are usage errors, and stray
 * positionals are reported without echoing them (a pasted secret must not reach the terminal log).
 */
export function parse<O extends Options>(command: string, args: string[], options: O, positionals: { min: number; max: number; names: string }) {
  let r: ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>
  try {
    r = parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    // Node's parser appends advice about `--` that does not fit here; its first sentence, and this command's help.
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError((e as Error).message.split('\n')[0]!.split('. ')[0]!, command)
    }
    throw e
  }
  const n = r.positionals.length
  if (n < positionals.min) throw new UsageError(`missing ${positionals.names}`, command)
  if (n > positionals.max) {
    throw new UsageError(
      `unexpected extra argument${n - positionals.max > 1 ? 's' : ''}; secrets are read from standard input, never from the command line`,
      command,
    )
  }
  return r
}

export function oneOf<T extends string>(command: string, flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`, command)
}

export function intOption(command: string, flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${flag} must be a whole number from ${min} to ${max}`, command)
  return n
}
