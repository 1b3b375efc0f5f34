import type { TokenDeskError } from '../errors'
import type { ConnectorKind } from '../vocabulary'
import { KINDS } from './kinds'
import { unsupported, type Capabilities, type Operation } from './types'

/**
 * What each platform's API documents, per kind: fixed, so reading it needs no connector, no
 * management token and no keychain (the connections list shows it; the service refuses an
 * unsupported operation from it before any request). Each connector declares its own from here.
 * Sources: the connectors' headers (hub.ts, qualytics.ts, planqk.ts, ibm-cloud.ts, aws-iam.ts) and ../shared/platform-apis.md.
 */
export const CAPABILITIES: Readonly<Record<ConnectorKind, Capabilities>> = {
  'tokendesk-hub': { whoami: true, listTokens: true, createToken: true, revokeToken: true, restoreToken: true, deleteToken: true, checkToken: true, scopes: true, expiresAt: true },
  qualytics: { whoami: false, listTokens: true, createToken: true, revokeToken: true, restoreToken: true, deleteToken: true, checkToken: true, scopes: false, expiresAt: false },
  planqk: { whoami: false, listTokens: false, createToken: false, revokeToken: false, restoreToken: false, deleteToken: false, checkToken: true, scopes: false, expiresAt: false },
  'kipu-hub': { whoami: false, listTokens: false, createToken: false, revokeToken: false, restoreToken: false, deleteToken: false, checkToken: true, scopes: false, expiresAt: false },
  // IAM Identity API (ibm-cloud.ts): API keys have no scopes (they act as their user) and take an
  // exact expiry or none.
  'ibm-cloud': { whoami: true, listTokens: true, createToken: true, revokeToken: true, restoreToken: true, deleteToken: true, checkToken: true, scopes: false, expiresAt: true, noExpiry: true },
  // IAM and STS through AWS's SDK (aws-iam.ts): access keys have no scopes and never expire.
  'aws-iam': { whoami: true, listTokens: true, createToken: true, revokeToken: true, restoreToken: true, deleteToken: true, checkToken: true, scopes: false, expiresAt: false, noExpiry: true, neverExpires: true },
}

const platformName = (kind: ConnectorKind): string => (kind === 'tokendesk-hub' ? 'the TokenDesk hub' : KINDS[kind].label)

/** The refusal for an operation the platform does not document, with what to do instead. */
export function unsupportedOn(kind: ConnectorKind, op: Operation): TokenDeskError {
  const platform = platformName(kind)
  if (kind === 'qualytics') {
    return unsupported(platform, op, op === 'whoami' ? 'see your user in the Qualytics UI' : 'do it in the Qualytics UI (Settings → Tokens)')
  }
  return unsupported(platform, op, `do it in the ${platform} web UI (account settings → access tokens)`)
}
