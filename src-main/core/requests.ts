import { z } from 'zod'
import { FieldsSchema, MAX_SECRET_LENGTH, NameSchema, NoteSchema, ScopeSchema, SlugSchema, TokenKindSchema } from './model'
import { CONNECTOR_KINDS } from './vocabulary'

// What the core's commands take, written once: the vault and the connections parse with these,
// and the bridge contract builds its requests from them (adding only what the bridge carries
// besides, such as the secret or the connection id). Pure, so the renderer's bundle may hold them.

export const AddTokenInputSchema = z
  .object({
    kind: TokenKindSchema,
    platform: SlugSchema,
    name: NameSchema,
    org: SlugSchema.nullish(),
    /** A preset (30d, 60d, 90d, 1y), a date YYYY-MM-DD, or never (provider tokens only). */
    expires: z.string().max(32).optional(),
    scopes: z.array(ScopeSchema).max(64).default([]),
    fields: FieldsSchema.default({}),
    note: NoteSchema.nullish(),
  })
  .strict()
export type AddTokenInput = z.input<typeof AddTokenInputSchema>

/** Changes to a token's metadata (`tokendesk edit`, the app's Edit dialog); the rules are rules/edit.ts. */
export const EditTokenInputSchema = z.strictObject({
  name: NameSchema.optional(),
  /** As for add: a preset, Nd, a date, a local date-time, or never (provider tokens). */
  expires: z.string().max(32).optional(),
  scopes: z.array(ScopeSchema).max(64).optional(),
  fields: FieldsSchema.optional(),
  unsetFields: z.array(z.string().max(40)).max(16).optional(),
  note: NoteSchema.nullable().optional(),
})
export type EditTokenInput = z.input<typeof EditTokenInputSchema>

/** A secret as a request carries it; the keychain store checks the rest (secrets/secret-store.ts). */
export const SecretSchema = z.string().min(1, 'the secret is empty').max(MAX_SECRET_LENGTH, `the secret is at most ${MAX_SECRET_LENGTH} characters`)

/** An AWS access key id (AKIA… long-term, ASIA… temporary): the rule the core and the connect dialog share. */
export const AwsAccessKeyIdSchema = z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{12,124}$/, 'an AWS access key id starts with AKIA and has only capital letters and digits')

export const ConnectInputSchema = z.strictObject({
  kind: z.enum(CONNECTOR_KINDS, { error: `the platform kind is one of ${CONNECTOR_KINDS.join(', ')}` }),
  baseUrl: z.string({ error: 'the platform URL is required' }).min(1, 'the platform URL is required').max(2048, 'the platform URL is too long'),
  name: NameSchema.optional(),
  /** AWS IAM only: the access key id whose secret is the management credential (not a secret). */
  accessKeyId: AwsAccessKeyIdSchema.optional(),
})
export type ConnectInput = z.input<typeof ConnectInputSchema>

export const GenerateInputSchema = z.strictObject({
  name: NameSchema,
  /** 30d, 60d, 90d, 1y, Nd or a date; default 30d. `never` only where the platform allows it (IBM Cloud API keys). */
  expires: z.string().max(32).optional(),
  scopes: z.array(ScopeSchema).max(32).default([]),
  /** Fields kept on the new token, e.g. an IBM Quantum `instance` CRN for the SDK configs. */
  fields: FieldsSchema.optional(),
  /** The organization a service token belongs to (token-kinds.ts); the user's own token otherwise. */
  org: SlugSchema.nullish(),
})
export type GenerateInput = z.input<typeof GenerateInputSchema>
