import dotenv from 'dotenv'
import { invalid, notFound, TokenDeskError } from '../../core/errors'
import { readBounded } from '../../core/files/read-bounded'
import { parseReference, SCHEME, type Reference } from '../../core/references/grammar'
import { resolveRef } from '../../core/resolve-ref'
import type { TokenRow } from '../../core/store/token-repo'
import { runChild } from '../child'
import { UsageError } from '../exit'
import type { Io } from '../io'
import { type LeanVault, openLeanVault } from '../lean-vault'
import { checkUsable } from '../usable'

/** A .env file is a few KB; a larger one is not what --env-file is for. */
const MAX_ENV_FILE_BYTES = 1024 * 1024

interface Options {
  envFiles: string[]
  masking: boolean
  force: boolean
  command: string
  args: string[]
}

/** Hand-parsed, as `get` is: this path must start about as fast as bare node. */
function parseOptions(args: string[]): Options {
  const sep = args.indexOf('--')
  if (sep === -1) throw new UsageError('put -- before the command, e.g. tokendesk run --env-file .env -- python job.py', 'run')
  const own = args.slice(0, sep)
  const [command, ...rest] = args.slice(sep + 1)
  const o: Options = { envFiles: [], masking: true, force: false, command: command ?? '', args: rest }
  for (let i = 0; i < own.length; i++) {
    const a = own[i]!
    if (a === '--no-masking') o.masking = false
    else if (a === '--force') o.force = true
    else if (a === '--env-file') {
      const f = own[++i]
      if (f === undefined || f === '') throw new UsageError('--env-file needs a file', 'run')
      o.envFiles.push(f)
    } else if (a.startsWith('--env-file=')) o.envFiles.push(a.slice('--env-file='.length))
    else throw new UsageError(`unknown option "${a.slice(0, 40)}" (run takes --env-file FILE, --no-masking and --force before --)`, 'run')
  }
  if (o.command === '') throw new UsageError('missing the command after --', 'run')
  return o
}

/** Where a variable's value came from, for messages: the inherited environment, or FILE:LINE. */
type Origin = { file: string; line: number } | 'environment'
const where = (name: string, o: Origin) => (o === 'environment' ? `${name} (from the environment)` : `${name} (${o.file}:${o.line})`)

/** The line a variable is assigned on in a .env text (the last one: dotenv keeps the last). */
function lineOf(text: string, name: string): number {
  const lines = text.split(/\r?\n/)
  const re = new RegExp(`^\\s*(?:export\\s+)?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*[=:]`)
  for (let i = lines.length - 1; i >= 0; i--) if (re.test(lines[i]!)) return i + 1
  return 0
}

/**
 * `tokendesk run [--env-file FILE]... [--no-masking] [--force] -- COMMAND [ARGS...]`, as
 * 1Password's `op run` and Proton Pass's `pass-cli run`: every `tokendesk://…` value in the
 * inherited environment and in the env files (read with dotenv, in order, each overriding what
 * came before) is resolved before COMMAND starts, or COMMAND does not start; the secrets exist
 * only in its environment; what it prints is masked. The same child contract as `exec`.
 */
export async function run(args: string[], io: Io): Promise<number> {
  const o = parseOptions(args)
  const env: NodeJS.ProcessEnv = { ...io.env }
  const origin = new Map<string, Origin>()
  for (const [k, v] of Object.entries(env)) if (v?.startsWith(SCHEME)) origin.set(k, 'environment')
  for (const file of o.envFiles) {
    const read = readBounded(file, { maxBytes: MAX_ENV_FILE_BYTES })
    if (read === null) throw invalid(`--env-file ${file}: no such file`)
    const text = read.bytes.toString('utf8')
    for (const [k, v] of Object.entries(dotenv.parse(text))) {
      env[k] = v
      if (v.startsWith(SCHEME)) origin.set(k, { file, line: lineOf(text, k) })
      else origin.delete(k)
    }
  }
  const wanted: { name: string; ref: Reference; origin: Origin }[] = []
  for (const [name, o2] of origin) {
    try {
      wanted.push({ name, ref: parseReference(env[name]!)!, origin: o2 })
    } catch (e) {
      throw e instanceof TokenDeskError ? new TokenDeskError(e.code, `${where(name, o2)}: ${e.message}`) : e
    }
  }
  const secrets: string[] = []
  if (wanted.length > 0) {
    const vault = await openLeanVault(io.env)
    try {
      const used: TokenRow[] = []
      const secretOf = new Map<string, Promise<string>>()
      for (const w of wanted) {
        const { value, row, secret } = await resolveOne(vault, w, o.force, secretOf)
        env[w.name] = value
        if (secret) {
          used.push(row)
          secrets.push(value)
        }
      }
      // Every reference resolved: the uses are recorded (once per token), then the command starts.
      vault.recordUse(used)
    } finally {
      vault.close()
    }
  }
  return runChild(o.command, o.args, env, io, o.masking ? { mask: secrets } : {})
}

async function resolveOne(
  vault: LeanVault,
  w: { name: string; ref: Reference; origin: Origin },
  force: boolean,
  cache: Map<string, Promise<string>>,
): Promise<{ value: string; row: TokenRow; secret: boolean }> {
  const say = (e: unknown): never => {
    throw e instanceof TokenDeskError ? new TokenDeskError(e.code, `${where(w.name, w.origin)}: ${e.message}`) : e
  }
  const find = (ref: string): TokenRow | null => {
    try {
      return resolveRef(vault.repo, ref)
    } catch (e) {
      if (e instanceof TokenDeskError && e.code === 'not_found') return null
      return say(e)
    }
  }
  const asSecret = async (row: TokenRow) => {
    try {
      checkUsable(row, force)
      if (!cache.has(row.id)) cache.set(row.id, vault.secretOf(row))
      return { value: await cache.get(row.id)!, row, secret: true }
    } catch (e) {
      return say(e)
    }
  }
  const asField = (row: TokenRow, field: string) => {
    const value = row.fields[field]
    if (value === undefined) say(notFound(`"${row.name}" has no field ${field}${Object.keys(row.fields).length ? ` (it has ${Object.keys(row.fields).join(', ')})` : ''}`))
    return { value: value!, row, secret: false }
  }
  const r = w.ref
  if (r.kind === 'secret') {
    const row = find(r.ref)
    return row ? asSecret(row) : say(notFound(`no token "${r.ref}"`))
  }
  if (r.kind === 'field') {
    const row = find(r.ref)
    return row ? asField(row, r.field) : say(notFound(`no token "${r.ref}"`))
  }
  // Fits both readings: the token PLATFORM/NAME if there is one, else REF's field.
  const named = find(`${r.ref}/${r.field}`)
  if (named) return asSecret(named)
  const row = find(r.ref)
  return row ? asField(row, r.field) : say(notFound(`no token "${r.ref}/${r.field}" and no token "${r.ref}"`))
}
