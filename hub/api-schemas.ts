import { z } from 'zod'
import { MAX_SECRET_LENGTH, NameSchema, NoteSchema, SlugSchema } from '../src-main/core/model'

/**
 * Request bodies, strict so a typo (`expires_in_day`) is a 400 instead of a silently ignored
 * field. Names reuse the desktop app's NameSchema so a name valid in one is valid in the other.
 */

/** Scopes the hub understands. `backends:<provider>` lets a token submit jobs to that backend. */
export const FIXED_SCOPES = ['tokens:read', 'tokens:write', 'orgs:read', 'orgs:write'] as const
export const BACKEND_SCOPE_PREFIX = 'backends:'
/** Management tokens hold this and so pass every scope check. */
export const ALL_SCOPES = '*'

export const HubScopeSchema = z
  .string()
  .refine(
    (s) =>
      (FIXED_SCOPES as readonly string[]).includes(s) ||
      (s.startsWith(BACKEND_SCOPE_PREFIX) && SlugSchema.safeParse(s.slice(BACKEND_SCOPE_PREFIX.length)).success),
    { message: `unknown scope: use ${FIXED_SCOPES.join(', ')} or backends:<provider>` },
  )

export const EXPIRY_DAY_PRESETS = [30, 60, 90, 365] as const
export const MAX_EXPIRY_DAYS = 365

const IsoDate = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}(T.+)?$/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'expires_at must be an ISO date (YYYY-MM-DD) or date-time',
  })

export const CreateTokenBodySchema = z
  .strictObject({
    name: NameSchema,
    scopes: z.array(HubScopeSchema).max(32, 'at most 32 scopes').default([]),
    expires_in_days: z
      .number({ error: 'expires_in_days must be a whole number of days or null' })
      .int('expires_in_days must be a whole number of days')
      .min(1, 'expires_in_days is at least 1')
      .max(MAX_EXPIRY_DAYS, `expires_in_days is at most ${MAX_EXPIRY_DAYS}`)
      .nullable()
      .optional(),
    expires_at: IsoDate.nullable().optional(),
  })
  .refine((b) => !(b.expires_in_days != null && b.expires_at != null), {
    message: 'give expires_in_days or expires_at, not both',
  })
export type CreateTokenBody = z.infer<typeof CreateTokenBodySchema>

export const PutProviderTokenBodySchema = z.strictObject({
  secret: z
    .string({ error: 'secret is required' })
    .min(1, 'secret is required')
    .max(MAX_SECRET_LENGTH, 'secret is too long')
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'secret cannot contain control characters'),
  note: NoteSchema.nullable().optional(),
})

export const SubmitJobBodySchema = z.strictObject({
  program: z.string({ error: 'program is required' }).min(1, 'program is required').max(32 * 1024, 'program is too long'),
  shots: z.number().int().min(1).max(100_000).default(1024),
})

/** Bodies of action endpoints (revoke, restore) must be empty or `{}`. */
export const EmptyBodySchema = z.strictObject({})

export const OrgParam = SlugSchema
export const ProviderParam = SlugSchema
