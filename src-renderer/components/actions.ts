import { DELETED_ON_PLATFORM } from '../../src-main/core/vocabulary'
import { connectorKindFor, KINDS } from '../../src-main/core/connectors/kinds'
import { standaloneCheckFor } from '../../src-main/core/connectors/check-only'
import type { ConnectionView, TokenView } from '../../src-preload/contract/channels'
import { denyReason } from '../permissions'
import { useDesk } from '../store'

/**
 * Whether the token can be checked with a platform: null when it can, a reason when it cannot, or
 * 'hidden' when checking does not apply to it at all (provider tokens, platforms TokenDesk cannot ask).
 */
export function checkAvailability(t: TokenView, connections: ConnectionView[]): string | null | 'hidden' {
  if (t.status === 'revoked') return 'hidden'
  if (t.connectionId && connections.some((c) => c.id === t.connectionId)) return null
  // IonQ and Hugging Face answer a who-am-I with the token alone: no connection needed.
  if (!t.connectionId && standaloneCheckFor(t)) return null
  const kind = connectorKindFor(t)
  if (kind === null) return 'hidden'
  const n = connections.filter((c) => c.kind === kind && c.capabilities.checkToken).length
  if (n === 1) return null
  // A provider token (an IBM Quantum key added by hand) offers a check once its account service is
  // connected; until then there is nothing to point at, as for other providers.
  if (n === 0 && t.kind === 'provider') return 'hidden'
  return n === 0 ? `connect a ${KINDS[kind].label} account first` : `${n} ${kind} connections; TokenDesk cannot tell which to use`
}

/** What may be done with a token, and why not when the user's role forbids it. */
export function useTokenPermissions(t: TokenView) {
  const orgs = useDesk((s) => s.orgs)
  return {
    revoke: denyReason(t.org, orgs, 'revoke', t.kind),
    restore: denyReason(t.org, orgs, 'restore', t.kind),
    delete: denyReason(t.org, orgs, 'delete', t.kind),
    rotate: denyReason(t.org, orgs, 'add', t.kind),
    edit: denyReason(t.org, orgs, 'update', t.kind),
  }
}

/**
 * Whether "Rotate" means rotation on the platform for this token: generated through a connection
 * that can make and revoke tokens, and not an AWS key (core/connections/rotation.ts says why).
 */
export function rotatesOnPlatform(t: TokenView, connections: ConnectionView[]): boolean {
  const conn = connections.find((c) => c.id === t.connectionId)
  return !!conn && conn.capabilities.createToken && conn.capabilities.revokeToken && conn.kind !== 'aws-iam' && t.problem !== DELETED_ON_PLATFORM
}
