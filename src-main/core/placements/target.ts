import { z } from 'zod'
import { FileFormatSchema, type ConfigTarget } from '../sdk-config/catalog'
import type { PlacementState } from './state'

/** The config write that puts a token back into a placement's entry (where --update, rotate --update-configs). */
export function targetOf(tokenId: string, p: CopyKey, replace = false, reference = false): ConfigTarget {
  const base: ConfigTarget = { id: tokenId, format: p.format, path: p.path, ...(replace ? { replace: true } : {}), ...(reference && p.format === 'dotenv' ? { reference: true } : {}) }
  if (p.format === 'dotenv') return { ...base, envKey: p.entry }
  // The entry is named in full: an AWS profile or qiskit account may be called "default" too.
  if (p.format === 'aws-credentials-ini' || p.format === 'aws-credential-process' || p.format === 'qiskit-ibm-json' || p.format === 'hf-stored-tokens') return { ...base, profile: p.entry }
  return base
}

/** Which placements an update rewrites: stale ones, and changed ones only when the user said replace. */
export function copiesToUpdate<P extends { state: PlacementState }>(placements: readonly P[], replace: boolean): { todo: P[]; left: P[] } {
  const todo = placements.filter((p) => p.state === 'stale' || (replace && p.state === 'changed'))
  // A reference names the token, not its secret: nothing to rewrite after a rotation.
  const left = placements.filter((p) => !todo.includes(p) && p.state !== 'current' && p.state !== 'reference')
  return { todo, left }
}

/** A copy that holds this token's secret, current or old: what rotate, revoke and delete speak of. */
export const holdsTokenSecret = (p: { state: PlacementState }): boolean => p.state === 'current' || p.state === 'stale'

/** Which placements a removal acts on: those holding this token's secret, or TokenDesk's reference to it. */
export function copiesToRemove<P extends { state: PlacementState }>(placements: readonly P[]): { todo: P[]; left: P[] } {
  const todo = placements.filter((p) => holdsTokenSecret(p) || p.state === 'reference')
  return { todo, left: placements.filter((p) => !todo.includes(p)) }
}

/** A copy as the user picks it (the app's checklists): the file, its format and the entry in it. */
export const CopyKeySchema = z.object({ path: z.string().min(1).max(4096), format: FileFormatSchema, entry: z.string().min(1).max(512) })
export type CopyKey = z.infer<typeof CopyKeySchema>

export const sameCopy = (a: CopyKey, b: CopyKey): boolean => a.path === b.path && a.format === b.format && a.entry === b.entry
