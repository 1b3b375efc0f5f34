import { lifecycleOf, platformName } from '../platform-catalog'

/**
 * The lifecycle rules that depend on the platform (platform-catalog.ts `lifecycle`): a platform
 * that documents delete only (AceCloud AI Hub) has no revoke and no restore, and its tokens are
 * deleted in one confirmed step; every other keeps revoke, restore, and delete of a revoked token.
 * No platform name in an `if`: the catalog says. Pure; the vault, the CLI and the app ask here.
 */
type T = { name: string; platform: string; revokedAt: number | null }

export const deleteOnly = (t: Pick<T, 'platform'>): boolean => lifecycleOf(t.platform) === 'delete-only'

/** Why the token cannot be revoked (or restored) for its platform's lifecycle, or null. */
export function revokeRefusal(t: Pick<T, 'name' | 'platform'>): string | null {
  if (!deleteOnly(t)) return null
  return `${platformName(t.platform)} has no revoke: its tokens are only deleted, which is permanent ("Any API requests using this token will immediately fail"). Delete "${t.name}" instead: tokendesk delete ${t.name} --yes`
}

/** Why the token cannot be deleted yet, or null: a revoke-lifecycle token must be revoked first. */
export function deleteRefusal(t: T): string | null {
  if (deleteOnly(t) || t.revokedAt !== null) return null
  return `"${t.name}" is not revoked; revoke it first, then delete it`
}
