import { TokenDeskError } from '../errors'
import type { Role } from '../model'

/** What may be done with an organization's provider tokens, by role (platform docs). */
const MANAGERS: readonly Role[] = ['owner', 'maintainer']

export type OrgAction = 'add' | 'revoke' | 'restore' | 'delete' | 'rotate' | 'update' | 'use'

export function canPerform(role: Role, action: OrgAction): boolean {
  return action === 'use' ? true : MANAGERS.includes(role)
}

export function assertCanPerform(org: string, role: Role, action: OrgAction): void {
  if (!canPerform(role, action)) {
    throw new TokenDeskError(
      'permission_denied',
      `you are a ${role} of "${org}"; only an owner or maintainer may ${action} its provider tokens`,
    )
  }
}
