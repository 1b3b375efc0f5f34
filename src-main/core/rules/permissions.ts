import { TokenDeskError } from '../errors'
import type { Role } from '../model'

/**
 * What may be done with an organization's tokens (provider and service tokens), by role: owners
 * and maintainers manage them, members use them (the platforms' docs; Qualytics: service tokens
 * are admin-managed).
 */
const MANAGERS: readonly Role[] = ['owner', 'maintainer']

export type OrgAction = 'add' | 'revoke' | 'restore' | 'delete' | 'rotate' | 'update' | 'use'

export function canPerform(role: Role, action: OrgAction): boolean {
  return action === 'use' ? true : MANAGERS.includes(role)
}

/** Why `role` may not do `action` to the org's tokens of that kind ("service token"), or null. */
export function denial(org: string, role: Role, action: OrgAction, noun: string): string | null {
  return canPerform(role, action) ? null : `you are a ${role} of "${org}"; only an owner or maintainer may ${action} its ${noun}s`
}

export function assertCanPerform(org: string, role: Role, action: OrgAction, noun: string): void {
  const why = denial(org, role, action, noun)
  if (why) throw new TokenDeskError('permission_denied', why)
}
