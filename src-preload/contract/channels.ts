import { z } from 'zod'
import type { AuditEvent, ListGroup, Org, Status, Token } from '../../src-main/core/model'
import {
  RoleSchema,
  SlugSchema,
  StatusSchema,
  TokenKindSchema,
} from '../../src-main/core/model'
import type { DesktopPending } from '../../src-main/core/desktop-inbox'
import type { Orphan } from '../../src-main/core/doctor'
import type { PlacementView } from '../../src-main/core/placements/state'
import { CopyKeySchema } from '../../src-main/core/placements/target'
import { ImportChoiceSchema } from '../../src-main/core/import/choice'
import type { FoundCopyView } from '../../src-main/core/scan/found-copies-plan'
import type { Finding, ScanProgress, ScanReport as FindReport } from '../../src-main/core/scan/report'
import type { ScanReport } from '../../src-main/core/import/choice'
import type { Settings } from '../../src-main/core/settings'
import { SettingsPatchSchema } from '../../src-main/core/settings'
import type { NotificationText, Reminder } from '../../src-main/core/reminders/plan'
import { SnoozeChoiceSchema } from '../../src-main/core/reminders/snooze'
import { ConfigTargetSchema, type FormatInfo } from '../../src-main/core/sdk-config/catalog'
import type { ConfigPreviewView, EntryChange } from '../../src-main/core/sdk-config/preview'
import type { CheckOutcome, ConnectionView, ConnectResult, SyncReport } from '../../src-main/core/connections/views'
import { SORT_COLUMNS } from '../../src-main/core/vocabulary'
import { BackupCreateRequestSchema, BackupRestoreRequestSchema, type BackupReport, type RestoreReport } from '../../src-main/core/backup/requests'
import { AddTokenInputSchema, ConnectInputSchema, EditTokenInputSchema, GenerateInputSchema, SecretSchema } from '../../src-main/core/requests'
import { call, event } from './define'

/**
 * The single source of every bridge channel. Main registers one handler per entry, the preload
 * exposes one function per entry, and the renderer calls those functions; all three import this
 * module, so a channel name and its types are written once. Adding a channel here makes the
 * handler map in main fail to typecheck until it is implemented.
 */

export type { TokenView } from '../../src-main/core/model'
import type { TokenView } from '../../src-main/core/model'
export type { AuditEvent, BackupReport, Finding, FindReport, FoundCopyView, Orphan, Org, PlacementView, RestoreReport, ScanProgress, ScanReport, Settings, Status, Token }

const Id = z.string().min(1).max(200)
const Ref = z.object({ id: Id }).strict()

export const ListQuerySchema = z
  .object({
    kind: TokenKindSchema.optional(),
    platform: SlugSchema.optional(),
    org: SlugSchema.nullable().optional(),
    status: StatusSchema.optional(),
    search: z.string().max(64).optional(),
    sort: z.enum(SORT_COLUMNS).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
  })
  .strict()
export type ListQuery = z.infer<typeof ListQuerySchema>

/** A new token's metadata, as add and doctor's adopt take it: the vault's own input schema. */
const NewTokenSchema = AddTokenInputSchema

export const AddTokenRequestSchema = z.object({ token: NewTokenSchema, secret: SecretSchema }).strict()
export type AddTokenRequest = z.infer<typeof AddTokenRequestSchema>

export type DueReminder = Reminder & NotificationText
export type { FormatInfo }
/** The masked diff, and what the write does to the entry's credential (sdk-config/service.ts). */
export type { ConfigPreviewView, EntryChange }
export interface ConfigWriteView {
  path: string
  created: boolean
  changed: boolean
  backupPath: string | null
}

export type { CheckOutcome, ConnectionView, ConnectResult, SyncReport }

/** The connections' own inputs, with what the bridge adds: the connection, the management token. */
export const GenerateTokenRequestSchema = GenerateInputSchema.extend({ connectionId: Id })
/** The core's edit request (core/requests.ts) and which token. */
export const EditTokenRequestSchema = EditTokenInputSchema.extend({ id: Id })
export const ConnectRequestSchema = ConnectInputSchema.extend({
  /** Required where the kind needs a management credential (connectors/kinds.ts); PlanQK / Kipu connections only check tokens. */
  managementToken: SecretSchema.optional(),
})

export const contract = {
  tokens: {
    list: call<{ items: TokenView[]; total: number; groups?: ListGroup[] }>()(ListQuerySchema),
    /** One token with its audit history. */
    show: call<{ token: TokenView; audit: AuditEvent[] }>()(Ref),
    /**
     * For the banner: the soonest of the tokens expiring within the window or already expired (not
     * revoked), at most 50, and how many of each there are in all.
     */
    expiring: call<{ items: TokenView[]; expired: number; expiring: number }>()(z.object({}).strict()),
    add: call<TokenView>()(AddTokenRequestSchema),
    /**
     * Before a pasted token is stored: asks its platform whether it works, where a check needs no
     * connection (Kipu Quantum Hub, IonQ, Hugging Face); `available: false` where there is none.
     */
    checkNew: call<{ available: boolean; ok?: boolean; status?: 'works' | 'rejected'; message?: string }>()(
      z.object({ kind: TokenKindSchema, platform: SlugSchema, secret: SecretSchema }).strict(),
    ),
    revoke: call<TokenView>()(Ref),
    restore: call<TokenView>()(Ref),
    delete: call<{ deleted: true }>()(Ref),
    /** Returns the secret, on an explicit user request only; records the use. */
    reveal: call<{ secret: string }>()(Ref),
    /** Copies the secret in main; the renderer never sees it. */
    copy: call<{ clearsAfterSeconds: number }>()(Ref),
    /** Creates a token on a connected platform and stores it; the secret is returned this once. */
    generate: call<{ token: TokenView; secret: string }>()(GenerateTokenRequestSchema),
    /** Asks the platform whether the token still works and records the answer. */
    check: call<CheckOutcome>()(Ref),
    /**
     * Rotates a connected token on its platform: the successor's secret is returned this once; the
     * old platform token is revoked at `retireAt` (now, or after the grace period).
     */
    rotateOnPlatform: call<{ token: TokenView; secret: string; retireAt: number; retireError: string | null }>()(
      z.object({ id: Id, grace: z.enum(['now', '1h', '1d', '7d']).default('now') }).strict(),
    ),
    /**
     * Replaces the secret in place with one the user made on the platform, as `tokendesk rotate`
     * does: same id, name and history; its copies in files become stale until updated.
     */
    rotate: call<TokenView>()(z.object({ id: Id, secret: SecretSchema }).strict()),
    /** Changes name, expiry, scopes, fields or note; never the secret. `changes` says what, by name. */
    edit: call<{ token: TokenView; changes: string[] }>()(EditTokenRequestSchema),
  },
  connections: {
    list: call<ConnectionView[]>()(z.object({}).strict()),
    /** Checks the management token (who-am-I), keeps it in the OS keychain, imports orgs. */
    connect: call<ConnectResult>()(ConnectRequestSchema),
    /** Removes the connection and its keychain entry; its tokens stay, unlinked. */
    disconnect: call<{ disconnected: true; unlinkedTokens: number }>()(Ref),
    /** Brings tokens up to date with their platforms: one connection ({id}) or all. */
    sync: call<SyncReport>()(z.object({ id: Id.optional() }).strict()),
  },
  orgs: {
    list: call<Org[]>()(z.object({}).strict()),
    set: call<Org>()(z.object({ name: SlugSchema, role: RoleSchema }).strict()),
  },
  settings: {
    get: call<Settings>()(z.object({}).strict()),
    update: call<Settings>()(SettingsPatchSchema),
  },
  reminders: {
    /** Re-arms a shown reminder to come back once, in 1 hour or 1 day. */
    snooze: call<{ key: string; snoozedUntil: number }>()(
      z.object({ key: z.string().min(1).max(240), choice: SnoozeChoiceSchema }).strict(),
    ),
    /**
     * Reminders due now and not snoozed (a notification already shown still counts: the panel is
     * where they stay until acted on), with their text: the soonest 50, and how many in all.
     */
    due: call<{ items: DueReminder[]; total: number }>()(z.object({}).strict()),
  },
  placements: {
    /** The file entries the token was written into, with their state read from the files now. */
    list: call<{ placements: PlacementView[] }>()(Ref),
    /** Rewrites the stale copies with the current secret (and the changed ones with replace). */
    update: call<{ written: PlacementView[]; left: PlacementView[] }>()(
      z.object({ id: Id, replace: z.boolean().default(false), only: z.array(CopyKeySchema).max(1000).optional() }).strict(),
    ),
    /**
     * Takes the token's entry out of the files that hold its secret (current or old), only those
     * listed when `only` is given; entries someone changed are left alone. Removed copies are forgotten.
     */
    remove: call<{ removed: PlacementView[]; left: PlacementView[] }>()(z.object({ id: Id, only: z.array(CopyKeySchema).max(1000).optional() }).strict()),
    /**
     * Turns the token's plaintext .env copies — written by TokenDesk, or lines scan found whose
     * value is exactly the secret — into tokendesk:// references (`tokendesk run` resolves them).
     */
    toReferences: call<{ written: PlacementView[]; left: PlacementView[] }>()(Ref),
  },
  scan: {
    /**
     * Looks for the exact secrets TokenDesk holds (or one token's) in plaintext: the files under
     * the paths, or without paths the shell and Python histories and the SDK files; with git, each
     * repository's history. Runs in a worker thread, one at a time, with scanProgress events; the
     * findings are recorded as found copies. Never a secret: at most its last 4 characters.
     */
    run: call<FindReport>()(
      z.object({ paths: z.array(z.string().min(1).max(4096)).max(100).default([]), git: z.boolean().default(false), tokenId: Id.optional() }).strict(),
    ),
    /** Ends the running scan at once; it records nothing. */
    cancel: call<{ cancelled: boolean }>()(z.object({}).strict()),
    /** The copies scan found of a token, with their state now: present, old secret or gone. */
    found: call<{ found: FoundCopyView[] }>()(Ref),
  },
  imports: {
    /**
     * Credentials in the SDK files TokenDesk knows, and in the files and folders given (a folder's
     * .env files), each with a suggested name, its secret masked (last 4 at most) and whether a
     * token already holds it.
     */
    scan: call<ScanReport>()(z.object({ paths: z.array(z.string().min(1).max(4096)).max(100).optional() }).strict()),
    /** Imports the ticked credentials under the chosen names; each file is read again for the secret. */
    apply: call<{ imported: { name: string; id: string; file: string; entry: string }[]; failed: { name: string; reason: string }[] }>()(
      z.object({ items: z.array(ImportChoiceSchema).min(1).max(10_000) }).strict(),
    ),
  },
  doctor: {
    /** Keychain entries no token points at, once those the audit log proves deleted are removed. */
    orphans: call<{ orphans: Orphan[]; reclaimed: number }>()(z.object({}).strict()),
    /** Keeps an entry as a new token: its secret moves from entry to entry, never to the window. */
    adopt: call<TokenView>()(z.object({ ref: Id, token: NewTokenSchema }).strict()),
    /** Removes an entry for good (the window confirms first). */
    purge: call<{ purged: true }>()(z.object({ ref: Id }).strict()),
  },
  backup: {
    /** Where a new backup goes unless the user says otherwise (a dated file in the home folder). */
    suggestPath: call<{ path: string }>()(z.object({}).strict()),
    /** Writes every token, secret and history entry into an age-encrypted file (0600). */
    create: call<BackupReport & { file: string }>()(BackupCreateRequestSchema),
    /** Adds a backup's tokens to this vault; clashing names are skipped, or renamed on request. */
    restore: call<RestoreReport>()(BackupRestoreRequestSchema),
  },
  desktop: {
    /** What main holds for the window (a token to open, notices to show once); taking it clears it. */
    pending: call<DesktopPending>()(z.object({}).strict()),
    /** Opens where a person makes a token of this platform (the catalog's own https URL) in the system browser. */
    openCreatePage: call<{ url: string }>()(z.object({ platform: SlugSchema }).strict()),
  },
  sdkConfig: {
    /** Every config file format, its default path and which token platforms it fits. */
    formats: call<FormatInfo[]>()(z.object({}).strict()),
    /** The change a write would make, as a diff with every secret masked; records no use. */
    preview: call<ConfigPreviewView>()(ConfigTargetSchema),
    /** Writes the token into the file (atomic, 0600, backup); records a use; never returns the secret. */
    write: call<ConfigWriteView>()(ConfigTargetSchema),
  },
} as const

/** Events main pushes to the renderer. */
export const events = {
  tokensChanged: event<{ ids: string[] }>(),
  /** Main holds something for the window (a token to open, a notice): take it with desktop.pending. */
  desktopPending: event<Record<string, never>>(),
  /** Settings were changed (main re-plans reminders and the login item on it). */
  settingsChanged: event<Settings>(),
  /** A reminder became due or was snoozed; the due list changed. */
  remindersChanged: event<Record<string, never>>(),
  /** A platform connection was added or removed (main re-arms the sync schedule on it). */
  connectionsChanged: event<Record<string, never>>(),
  /** How far the running scan is: files and bytes read, copies found. */
  scanProgress: event<ScanProgress>(),
} as const

export type Contract = typeof contract
export type Events = typeof events
