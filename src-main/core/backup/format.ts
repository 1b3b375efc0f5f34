import { z } from 'zod'
import { AuditActionSchema, TokenIdSchema, FieldsSchema, NameSchema, RoleSchema, ScopeSchema, SlugSchema, TokenKindSchema } from '../model'

/**
 * What a TokenDesk backup holds once decrypted: the tokens (with their secrets), the
 * organizations they belong to, and each token's audit history. The file around it is the age
 * format (age-crypt.ts). Connections are not included: their management tokens are re-entered
 * with `tokendesk connect` (docs/user-guide.md, "Backup").
 */
export const BACKUP_FORMAT = 'tokendesk-backup'
export const BACKUP_VERSION = 1

/** A decrypted backup larger than this is refused before it is parsed. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024

export const BackupTokenSchema = z
  .object({
    id: TokenIdSchema,
    kind: TokenKindSchema,
    platform: SlugSchema,
    org: SlugSchema.nullable(),
    name: NameSchema,
    scopes: z.array(ScopeSchema).max(64),
    fields: FieldsSchema,
    note: z.string().max(1000).nullable(),
    createdAt: z.number().int(),
    expiresAt: z.number().int().nullable(),
    revokedAt: z.number().int().nullable(),
    lastUsedAt: z.number().int().nullable(),
    secret: z.string().min(1),
  })
  .strict()
export type BackupToken = z.infer<typeof BackupTokenSchema>

export const BackupEventSchema = z
  .object({
    tokenId: z.string(),
    tokenName: z.string(),
    action: AuditActionSchema,
    at: z.number().int(),
    actor: z.string().max(200),
    detail: z.string().max(2000).nullable(),
  })
  .strict()
export type BackupEvent = z.infer<typeof BackupEventSchema>

export const BackupContentSchema = z
  .object({
    format: z.literal(BACKUP_FORMAT),
    version: z.literal(BACKUP_VERSION),
    createdAt: z.number().int(),
    orgs: z.array(z.object({ name: SlugSchema, role: RoleSchema }).strict()),
    tokens: z.array(BackupTokenSchema),
    audit: z.array(BackupEventSchema),
  })
  .strict()
export type BackupContent = z.infer<typeof BackupContentSchema>
