import type { ConnectorKind, TOKEN_KINDS } from '../vocabulary'

type TokenKind = (typeof TOKEN_KINDS)[number]

/**
 * What each connector kind is, in one table both sides read (pure: the renderer's connect dialog,
 * the core's connections service and the CLI): its name for people, whether connecting needs a
 * management credential, the API base used when the user gives none, and what a token generated
 * through it becomes in the vault.
 */
export interface KindInfo {
  label: string
  /** Connecting asks for a credential of the account (the others only check tokens given per call). */
  managementCredential: string | null
  /** The base URL when none is given (the vendor's public API); null when every account has its own. */
  defaultBaseUrl: string | null
  /** Generated tokens: their kind and platform, and fields every one of them carries. */
  mints: { kind: TokenKind; platform: string; fields: Readonly<Record<string, string>> }
  /**
   * The generate field that makes the token a service account's (Qualytics: service_user_id, the
   * account's user id, sent as the create call's user_id): such a token is a service token.
   */
  serviceAccountField?: string
}

export const KINDS: Readonly<Record<ConnectorKind, KindInfo>> = {
  'tokendesk-hub': { label: 'TokenDesk hub', managementCredential: 'management token', defaultBaseUrl: null, mints: { kind: 'personal', platform: 'tokendesk-hub', fields: {} } },
  qualytics: {
    label: 'Qualytics',
    managementCredential: 'management token',
    defaultBaseUrl: null,
    mints: { kind: 'personal', platform: 'qualytics', fields: {} },
    serviceAccountField: 'service_user_id',
  },
  planqk: { label: 'PlanQK', managementCredential: null, defaultBaseUrl: null, mints: { kind: 'personal', platform: 'planqk', fields: {} } },
  'kipu-hub': { label: 'Kipu Quantum Hub', managementCredential: null, defaultBaseUrl: null, mints: { kind: 'personal', platform: 'kipu-hub', fields: {} } },
  // IBM Quantum Platform authenticates with IBM Cloud API keys (qiskit-ibm-runtime's
  // `ibm_quantum_platform` channel); the IAM Identity API at iam.cloud.ibm.com manages them.
  'ibm-cloud': {
    label: 'IBM Cloud',
    managementCredential: 'IBM Cloud API key',
    defaultBaseUrl: 'https://iam.cloud.ibm.com',
    mints: { kind: 'provider', platform: 'ibm-quantum', fields: { channel: 'ibm_quantum_platform' } },
  },
  // Amazon Braket authenticates with an IAM user's access keys; IAM manages them (aws-iam.ts).
  'aws-iam': {
    label: 'AWS IAM',
    managementCredential: 'AWS secret access key',
    defaultBaseUrl: 'https://iam.amazonaws.com',
    mints: { kind: 'provider', platform: 'aws-braket', fields: {} },
  },
}

/** What a token generated through `kind` with these request fields becomes in the vault. */
export function mintsFor(kind: ConnectorKind, fields: Readonly<Record<string, string>> | undefined): KindInfo['mints'] {
  const info = KINDS[kind]
  const forService = info.serviceAccountField !== undefined && fields?.[info.serviceAccountField] !== undefined
  return forService ? { ...info.mints, kind: 'service' } : info.mints
}

/** Whether a connection of `kind` makes tokens of `tokenKind` (a Qualytics one makes service tokens too). */
export function makesKind(kind: ConnectorKind, tokenKind: string): boolean {
  const info = KINDS[kind]
  return info.mints.kind === tokenKind || (tokenKind === 'service' && info.serviceAccountField !== undefined)
}

export const needsManagementCredential = (kind: ConnectorKind): boolean => KINDS[kind].managementCredential !== null

/**
 * The connector kind whose generated tokens are of this kind and platform (an IBM Quantum provider
 * token → ibm-cloud; a qualytics personal token → qualytics), so a token added by hand can be
 * checked with a connection of that kind. Null when no connector makes such tokens.
 */
export function connectorKindFor(token: { kind: string; platform: string }): ConnectorKind | null {
  for (const [k, info] of Object.entries(KINDS) as [ConnectorKind, KindInfo][]) {
    if (makesKind(k, token.kind) && info.mints.platform === token.platform) return k
  }
  return null
}
