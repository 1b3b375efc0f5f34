import { invalid } from '../errors'
import type { Token } from '../model'
import { KIND_RULES, ownershipProblem } from '../token-kinds'
import { resolveExpiry } from './expiry'

/**
 * What an edit changes, decided without I/O (the vault applies it): the parsed request against
 * the token as it is, at `now`. A token generated through a connection keeps the platform's scopes
 * and expiry (sync brings those); its name, fields and note are TokenDesk's own and may change.
 */
export interface EditRequest {
  name?: string | undefined
  expires?: string | undefined
  scopes?: string[] | undefined
  /** Fields to set (added or replaced). */
  fields?: Record<string, string> | undefined
  /** Field names to remove. */
  unsetFields?: string[] | undefined
  note?: string | null | undefined
}

export interface EditPlan {
  patch: Partial<Pick<Token, 'name' | 'expiresAt' | 'scopes' | 'fields' | 'note'>>
  /** For the audit and the user: what changed, by name — never a field's value. */
  changes: string[]
}

const day = (t: number | null) => (t === null ? 'never' : new Date(t).toISOString().slice(0, 10))

export function planEdit(token: Pick<Token, 'kind' | 'org' | 'name' | 'expiresAt' | 'scopes' | 'fields' | 'note' | 'connectionId'>, req: EditRequest, now: number): EditPlan {
  const patch: EditPlan['patch'] = {}
  const changes: string[] = []
  const linked = !!token.connectionId
  if (req.name !== undefined && req.name !== token.name) {
    patch.name = req.name
    changes.push(`name ${token.name} → ${req.name}`)
  }
  if (req.expires !== undefined) {
    if (linked) throw invalid(`"${token.name}" was generated on a platform, which keeps its expiry; sync brings it over`)
    const at = resolveExpiry(req.expires, now, { allowNever: KIND_RULES[token.kind].allowNever })
    if (at !== token.expiresAt) {
      patch.expiresAt = at
      changes.push(`expiry ${day(token.expiresAt)} → ${day(at)}`)
    }
  }
  if (req.scopes !== undefined) {
    const scopes = [...new Set(req.scopes)]
    if (linked) throw invalid(`"${token.name}" was generated on a platform, which keeps its scopes; they cannot be changed here`)
    if (scopes.join(' ') !== token.scopes.join(' ')) {
      patch.scopes = scopes
      changes.push(`scopes ${token.scopes.join(' ') || '(none)'} → ${scopes.join(' ') || '(none)'}`)
    }
  }
  if (req.fields !== undefined || req.unsetFields !== undefined) {
    const fields = { ...token.fields }
    const set: string[] = []
    const removed: string[] = []
    for (const k of req.unsetFields ?? []) {
      if (!Object.hasOwn(fields, k)) throw invalid(`"${token.name}" has no field ${k}`)
      if (req.fields && Object.hasOwn(req.fields, k)) throw invalid(`field ${k} is both set and unset`)
      delete fields[k]
      removed.push(k)
    }
    for (const [k, v] of Object.entries(req.fields ?? {})) {
      if (fields[k] !== v) set.push(k)
      fields[k] = v
    }
    // A service token must keep naming its service account.
    const problem = ownershipProblem(token.kind, token.org, fields)
    if (problem) throw invalid(problem)
    if (set.length + removed.length > 0) {
      patch.fields = fields
      changes.push(['fields', ...set.map((k) => `${k} set`), ...removed.map((k) => `${k} removed`)].join(' '))
    }
  }
  if (req.note !== undefined && (req.note ?? null) !== token.note) {
    patch.note = req.note ?? null
    changes.push(patch.note === null ? 'note removed' : 'note changed')
  }
  return { patch, changes }
}
