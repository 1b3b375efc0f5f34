/**
 * The fixed word lists of the model, without zod: the renderer's first screen (filters, status
 * chips, row actions) imports these, and zod's schemas load only with the dialogs that validate
 * input. model.ts builds its schemas from the same lists.
 */

export const TOKEN_KINDS = ['personal', 'provider', 'service'] as const

export const ROLES = ['owner', 'maintainer', 'member'] as const

export const STATUSES = ['active', 'expiring', 'expired', 'revoked'] as const

/** The columns the token list sorts by. */
export const SORT_COLUMNS = ['name', 'platform', 'createdAt', 'expiresAt', 'lastUsedAt', 'status'] as const

/** A token's problem markers: its secret is gone from the keychain; the platform no longer has it. */
export const SECRET_MISSING = 'secret_missing'
export const DELETED_ON_PLATFORM = 'deleted_on_platform'

/** Platforms a personal token authenticates to; users may add others (any valid slug). */
export const KNOWN_PLATFORMS = ['kipu-hub', 'planqk', 'qualytics', 'acecloud', 'huggingface', 'tokendesk-hub'] as const
/** Quantum backends a provider token is for; users may add others (any valid slug). */
export const KNOWN_PROVIDERS = ['ibm-quantum', 'ionq', 'aws-braket', 'azure-quantum', 'quantinuum', 'rigetti'] as const

/** What current qiskit-ibm-runtime accepts; IBM retired the `ibm_quantum` channel (and the SDK rejects it). */
export const QISKIT_CHANNELS = ['ibm_quantum_platform', 'ibm_cloud'] as const

/** Platforms TokenDesk can connect to (connectors/registry.ts has one connector for each). */
export const CONNECTOR_KINDS = ['tokendesk-hub', 'qualytics', 'planqk', 'kipu-hub', 'ibm-cloud', 'aws-iam'] as const
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number]
