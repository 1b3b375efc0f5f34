import { z } from 'zod'
import type { AuditEvent, Org, Status, Token } from '../../src-main/core/model'
import {
  NameSchema,
  RoleSchema,
  ScopeSchema,
  SlugSchema,
  StatusSchema,
  TokenKindSchema,
  FieldsSchema,
  NoteSchema,
  MAX_SECRET_LENGTH,
} from '../../src-main/core/model'
import type { Settings } from '../../src-main/core/settings'
import { SettingsPatchSchema } from '../../src-main/core/settings'
import { call, event } from './define'

/**
 * The single source of every bridge channel. Main registers one handler per entry, the preload
 * exposes one function per entry, and the renderer calls those functions; all three import this
 * module, so a channel name and its types are written once. Adding a channel here makes the
 * handler map in main fail to typecheck until it is implemented.
 */

export type TokenView = Token & { status: Status; problem: string | null }
export type { AuditEvent, Org, Settings, Status, Token }

const Id = z.string().min(1).max(200)
const Ref = z.object({ id: Id }).strict()
const Secret = z.string().min(1, 'the secret is empty').max(MAX_SECRET_LENGTH, `the secret is at most ${MAX_SECRET_LENGTH} characters`)

export const ListQuerySchema = z
  .object({
    kind: TokenKindSchema.optional(),
    platform: SlugSchema.optional(),
    org: SlugSchema.nullable().optional(),
    status: StatusSchema.optional(),
    search: z.string().max(64).optional(),
    sort: z.enum(['name', 'platform', 'createdAt', 'expiresAt', 'lastUsedAt', 'status']).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict()
export type ListQuery = z.infer<typeof ListQuerySchema>

export const AddTokenRequestSchema = z
  .object({
    token: z
      .object({
        kind: TokenKindSchema,
        platform: SlugSchema,
        name: NameSchema,
        org: SlugSchema.nullable().optional(),
        expires: z.string().max(32).optional(),
        scopes: z.array(ScopeSchema).max(64).optional(),
        fields: FieldsSchema.optional(),
        note: NoteSchema.nullable().optional(),
      })
      .strict(),
    secret: Secret,
  })
  .strict()
export type AddTokenRequest = z.infer<typeof AddTokenRequestSchema>

export const contract = {
  tokens: {
    list: call<{ items: TokenView[]; total: number }>()(ListQuerySchema),
    /** One token with its audit history. */
    show: call<{ token: TokenView; audit: AuditEvent[] }>()(Ref),
    /** Tokens expiring within the window or already expired (not revoked), for the banner. */
    expiring: call<TokenView[]>()(z.object({}).strict()),
    add: call<TokenView>()(AddTokenRequestSchema),
    revoke: call<TokenView>()(Ref),
    restore: call<TokenView>()(Ref),
    delete: call<{ deleted: true }>()(Ref),
    /** Returns the secret, on an explicit user request only; records the use. */
    reveal: call<{ secret: string }>()(Ref),
    /** Copies the secret in main; the renderer never sees it. */
    copy: call<{ clearsAfterSeconds: number }>()(Ref),
  },
  orgs: {
    list: call<Org[]>()(z.object({}).strict()),
    set: call<Org>()(z.object({ name: SlugSchema, role: RoleSchema }).strict()),
  },
  settings: {
    get: call<Settings>()(z.object({}).strict()),
    update: call<Settings>()(SettingsPatchSchema),
  },
} as const

/** Events main pushes to the renderer. */
export const events = {
  tokensChanged: event<{ ids: string[] }>(),
  reminderDue: event<{ tokenId: string; title: string; body: string }>(),
  /** Main asks the UI to show a token (e.g. a notification was clicked). */
  openToken: event<{ tokenId: string }>(),
} as const

export type Contract = typeof contract
export type Events = typeof events
