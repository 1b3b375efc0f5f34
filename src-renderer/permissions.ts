import type { Org, Role } from '../src-main/core/model'
import { canPerform, denial, type OrgAction } from '../src-main/core/rules/permissions'
import { KIND_RULES } from '../src-main/core/token-kinds'
import type { TokenKind } from '../src-main/core/model'

/** Why an action on a token is not allowed for the user's role, or null when it is. */
export function denyReason(org: string | null, orgs: Org[], action: OrgAction, kind: TokenKind): string | null {
  if (org === null) return null
  const o = orgs.find((x) => x.name === org)
  if (!o) return `"${org}" is not in your organizations; add it with your role first`
  const why = denial(org, o.role, action, KIND_RULES[kind].noun)
  return why === null ? null : why[0]!.toUpperCase() + why.slice(1)
}

export function roleOf(org: string | null, orgs: Org[]): Role | null {
  if (org === null) return null
  return orgs.find((x) => x.name === org)?.role ?? null
}

export const canAddTo = (o: Org) => canPerform(o.role, 'add')
