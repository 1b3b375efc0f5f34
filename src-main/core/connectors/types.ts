import { z } from 'zod'
import { TokenDeskError } from '../errors'
import { NameSchema, ScopeSchema } from '../model'
import { CONNECTOR_KINDS, type ConnectorKind } from '../vocabulary'

/**
 * One interface over every platform TokenDesk talks to. A connector only implements what the
 * platform documents; everything else is `false` in `capabilities` and throws `unsupported(...)`,
 * so the UI can hide the action instead of guessing at an undocumented API.
 */

export { CONNECTOR_KINDS }
export type { ConnectorKind }

export const OPERATIONS = ['whoami', 'listTokens', 'createToken', 'revokeToken', 'restoreToken', 'deleteToken', 'checkToken'] as const
export type Operation = (typeof OPERATIONS)[number]

export interface Capabilities extends Record<Operation, boolean> {
  /** createToken accepts scopes (otherwise the token inherits the user's permissions). */
  scopes: boolean
  /** createToken accepts an exact expiry time (otherwise only a number of days). */
  expiresAt: boolean
  /** createToken accepts a token that never expires. */
  noExpiry?: boolean
  /** The platform's tokens have no expiry at all (AWS access keys): only "never" is accepted. */
  neverExpires?: boolean
}

/** Token metadata as the platform reports it. Times are epoch ms like the rest of the core. */
export const RemoteTokenSchema = z.object({
  remoteId: z.string().min(1),
  name: z.string(),
  createdAt: z.number().int(),
  expiresAt: z.number().int().nullable(),
  active: z.boolean(),
  lastUsedAt: z.number().int().nullable(),
  scopes: z.array(z.string()),
})
export type RemoteToken = z.infer<typeof RemoteTokenSchema>

/**
 * Expiry is always a deliberate choice: `expiresInDays` (1–365) or `expiresAt` (epoch ms), and
 * `null` in either means "never". Leaving both out is an error rather than a silent default.
 */
export const CreateTokenInputSchema = z
  .strictObject({
    name: NameSchema,
    scopes: z.array(ScopeSchema).max(32).default([]),
    expiresInDays: z.number().int().min(1, 'expiresInDays is at least 1').max(365, 'expiresInDays is at most 365').nullable().optional(),
    expiresAt: z.number().int().nullable().optional(),
    /** The generate request's fields; a connector reads the ones its platform takes (Qualytics: service_user_id). */
    fields: z.record(z.string(), z.string()).optional(),
  })
  .refine((i) => (i.expiresInDays === undefined) !== (i.expiresAt === undefined), {
    message: 'give exactly one of expiresInDays or expiresAt (null in either means never)',
  })
export type CreateTokenInput = z.input<typeof CreateTokenInputSchema>

export interface WhoAmI {
  user: string
  orgs: { name: string; role: string }[]
}

export interface CheckResult {
  ok: boolean
  /** works: the platform accepted the token; rejected: it refused it (401/403). */
  status: 'works' | 'rejected'
  httpStatus: number
  message: string
}

export interface Connector {
  readonly kind: ConnectorKind
  readonly capabilities: Capabilities
  whoami(): Promise<WhoAmI>
  listTokens(): Promise<RemoteToken[]>
  /**
   * The secret is returned here once; callers must store it and never log it. `fields` are what
   * the platform adds to the token besides (AWS: its access key id).
   */
  createToken(input: CreateTokenInput): Promise<{ token: RemoteToken; secret: string; fields?: Record<string, string> }>
  revokeToken(remoteId: string): Promise<void>
  restoreToken(remoteId: string): Promise<void>
  deleteToken(remoteId: string): Promise<void>
  /** `fields` are the token's own (AWS needs its access key id beside the secret). */
  checkToken(secret: string, fields?: Record<string, string>): Promise<CheckResult>
}

/** Refusal for an operation the platform does not document; says where to do it instead. */
export function unsupported(platform: string, op: Operation, instead: string): TokenDeskError {
  return new TokenDeskError('rule_refused', `${op} is not documented by ${platform}; ${instead}`)
}
