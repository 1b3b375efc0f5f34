import type { Org, Role } from '../src-main/core/model'
import { canPerform, type OrgAction } from '../src-main/core/rules/permissions'

/** Why an action on a token is not allowed for the user's role, or null when it is. */
export function denyReason(org: string | null, orgs: Org[], action: OrgAction): string | null {
  if (org === null) return null
  const o = orgs.find((x) => x.name === org)
  if (!o) return `"${org}" is not in your organizations; add it with your role first`
  if (canPerform(o.role, action)) return null
  return `You are a ${o.role} of ${org}; only an owner or maintainer may ${action} its provider tokens`
}

export function roleOf(org: string | null, orgs: Org[]): Role | null {
  if (org === null) return null
  return orgs.find((x) => x.name === org)?.role ?? null
}

export const canAddTo = (o: Org) => canPerform(o.role, 'add')
