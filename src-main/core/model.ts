import { z } from 'zod'
import { ROLES, STATUSES, TOKEN_KINDS } from './vocabulary'

/**
 * The vault's data model. The zod schemas are the single definition: TypeScript types are
 * inferred from them, and the bridge re-uses them to validate what crosses the process boundary.
 * Times are epoch milliseconds so rules can be tested with an injected clock.
 */

export { KNOWN_PLATFORMS, KNOWN_PROVIDERS, ROLES, STATUSES, TOKEN_KINDS } from './vocabulary'
export const TokenKindSchema = z.enum(TOKEN_KINDS)
export type TokenKind = z.infer<typeof TokenKindSchema>

export const RoleSchema = z.enum(ROLES)
export type Role = z.infer<typeof RoleSchema>

export const StatusSchema = z.enum(STATUSES)
export type Status = z.infer<typeof StatusSchema>

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const slugMessage = 'use lowercase letters, digits and single hyphens (e.g. "my-token-1")'

/** A token's id: a UUID the vault made (randomUUID). Its keychain entry is `<id>.<n>`, so no other shape may name one. */
export const TokenIdSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a token id is a UUID')

/** Token names, organization names and platform/provider ids share one shape. */
export const NameSchema = z
  .string({ error: 'a name is required' })
  .min(1, 'a name is required')
  .max(64, 'a name is at most 64 characters')
  .regex(SLUG, `invalid name: ${slugMessage}`)

export const SlugSchema = z
  .string()
  .min(1, 'required')
  .max(64, 'at most 64 characters')
  .regex(SLUG, slugMessage)

/** An endpoint or backend a token may reach; free text but bounded and printable. */
export const ScopeSchema = z
  .string()
  .min(1, 'a scope cannot be empty')
  .max(128, 'a scope is at most 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'a scope is printable ASCII without spaces')

export const NoteSchema = z
  .string()
  .max(1000, 'a note is at most 1000 characters')
  .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'a note cannot contain control characters')

/** Non-secret fields an SDK needs beside the secret (IBM channel/instance, AWS key id, ...). */
export const FieldsSchema = z
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'field names are lowercase snake_case'), z.string().max(512))
  .refine((f) => Object.keys(f).length <= 16, 'at most 16 fields')

export const MAX_SECRET_LENGTH = 16 * 1024

export const TokenSchema = z.object({
  id: z.string(),
  kind: TokenKindSchema,
  /** For personal tokens the platform; for provider tokens the provider. */
  platform: SlugSchema,
  /** Owning organization, or null when the token is the user's own. */
  org: SlugSchema.nullable(),
  name: NameSchema,
  scopes: z.array(ScopeSchema),
  fields: FieldsSchema,
  note: z.string().nullable(),
  createdAt: z.number().int(),
  expiresAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
  lastUsedAt: z.number().int().nullable(),
  /** The platform connection the token was generated through (null: added by hand). */
  connectionId: z.string().nullable().optional(),
  /** The token's id on that platform. */
  remoteId: z.string().nullable().optional(),
  /** The last check against the platform: when, and whether it accepted the token. */
  checkedAt: z.number().int().nullable().optional(),
  checkStatus: z.enum(['works', 'rejected']).nullable().optional(),
  checkMessage: z.string().nullable().optional(),
})
export type Token = z.infer<typeof TokenSchema>

export const OrgSchema = z.object({ name: SlugSchema, role: RoleSchema })
export type Org = z.infer<typeof OrgSchema>

export const AUDIT_ACTIONS = ['created', 'revoked', 'restored', 'deleted', 'used', 'rotated', 'reconciled', 'updated', 'checked', 'synced', 'imported'] as const
export const AuditActionSchema = z.enum(AUDIT_ACTIONS)
export type AuditAction = z.infer<typeof AuditActionSchema>

export const AuditEventSchema = z.object({
  id: z.number().int(),
  tokenId: z.string(),
  tokenName: z.string(),
  action: AuditActionSchema,
  at: z.number().int(),
  actor: z.string(),
  detail: z.string().nullable(),
})
export type AuditEvent = z.infer<typeof AuditEventSchema>

/** One platform's tokens in a list sorted by platform: its place comes from the sizes before it. */
export interface ListGroup {
  platform: string
  count: number
}

/** A token as it is shown: with its status now and its problem marker, if any. */
export type TokenView = Token & { status: Status; problem: string | null }
