import path from 'node:path'
import { invalid } from '../errors'
import type { Token } from '../model'
import type { AwsProcessEntry } from './aws-config-process'
import type { AwsEntry } from './aws-credentials-ini'
import type { FileFormat } from './catalog'
import type { DotenvEntry } from './dotenv'
import type { EntryOptions } from './format-module'
import { FORMAT_TABLE } from './format-table'
import type { HfStoredEntry, HfTokenFileEntry } from './huggingface'
import type { PlanqkEntry } from './planqk-json'
import type { QiskitEntry } from './qiskit-ibm-json'
import type { QualyticsEntry } from './qualytics-yaml'

// The names live in catalog.ts (no renderer code) so the bridge contract can import them.
export { FILE_FORMATS, FileFormatSchema, type FileFormat } from './catalog'
export type { EntryOptions } from './format-module'

/** An entry of a file, tagged with its format; each format's module (formats/*.ts) knows the rest. */
export type ConfigEntry =
  | ({ format: 'planqk-json' } & PlanqkEntry)
  | ({ format: 'qualytics-yaml' } & QualyticsEntry)
  | ({ format: 'qiskit-ibm-json' } & QiskitEntry)
  | ({ format: 'aws-credentials-ini' } & AwsEntry)
  | ({ format: 'aws-credential-process' } & AwsProcessEntry)
  | ({ format: 'hf-stored-tokens' } & HfStoredEntry)
  | ({ format: 'hf-token-file' } & HfTokenFileEntry)
  | ({ format: 'dotenv' } & DotenvEntry)

/** Renders the entry into the file's text, by its format's module (format-table.ts). */
export function renderConfig(existing: string | null, entry: ConfigEntry, file: string): { text: string } {
  return FORMAT_TABLE[entry.format].render(existing, entry, file)
}

/** The secret values an entry writes: what a preview must mask. */
export function entrySecrets(entry: ConfigEntry): string[] {
  return FORMAT_TABLE[entry.format].secrets(entry)
}

/** Builds a format's entry from a vault token, its secret (or what stands for it) and the user's options. */
export function entryForToken(format: FileFormat, token: Pick<Token, 'name' | 'fields'>, secret: string, opts: EntryOptions = {}): ConfigEntry {
  return { format, ...FORMAT_TABLE[format].fromToken(token, secret, opts) } as ConfigEntry
}

export interface PathContext {
  home: string
  env: Readonly<Record<string, string | undefined>>
  /** Explicit target; required for dotenv (a project's .env), optional elsewhere. */
  path?: string
}

/**
 * Resolves the file a format is written to from a passed-in home and environment, never from the
 * real process state, so tests and the CLI's --home stay hermetic: the explicit path, else the
 * first location variable the SDK reads, else the SDK's default (the format's module says which).
 */
export function resolveConfigPath(format: FileFormat, ctx: PathContext): string {
  const expand = (p: string) => (p === '~' ? ctx.home : p.startsWith('~/') ? path.join(ctx.home, p.slice(2)) : p)
  const mod = FORMAT_TABLE[format]
  const p = ctx.path ?? mod.pathOverrides.map((n) => ctx.env[n]).find((v) => !!v) ?? mod.defaultPath(ctx.env)
  if (p === null) throw invalid("choose the .env file to write (e.g. the project folder's .env)")
  const resolved = expand(p)
  if (!path.isAbsolute(resolved)) throw invalid(`the config path must be absolute: ${p}`)
  return path.normalize(resolved)
}
