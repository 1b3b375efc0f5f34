import type { AuditEvent, CheckOutcome, ConnectionView, ConnectResult, DueReminder, ListQuery, Org, Settings, Status, SyncReport, TokenView } from '../../src-preload/contract/channels'
import type { ListGroup, TokenKind } from '../../src-main/core/model'
import type { desk } from '../bridge'

/**
 * The renderer store's shapes, one interface per slice. The store holds token METADATA only; two
 * fields may briefly hold a secret (SecretsSlice): `secretOnce`, shown once after add/generate and
 * cleared when its dialog closes, and `revealed`, a secret the user asked to see, cleared by a
 * timer, when the detail panel closes, or when another token is selected.
 */

/** What the store calls: the unwrapped bridge (a fake of the same shape in specs). */
export type DeskApi = typeof desk

export type View = 'personal' | 'provider' | 'service' | 'connections' | 'orgs' | 'settings'
/** The views that list tokens: one per token kind. */
export type ListView = Extract<View, TokenKind>
export type SortKey = NonNullable<ListQuery['sort']>
export type SortDir = 'asc' | 'desc'

export interface Filters {
  search: string
  status: Status | ''
  platform: string
  /** '' any owner, '@me' the user's own, else an organization slug. */
  org: string
  sort: SortKey
  dir: SortDir
}

export interface Page {
  gen: number
  items: TokenView[]
}

export interface AddPrefill {
  kind: TokenKind
  platform?: string
  org?: string | null
  name?: string
  scopes?: string[]
  fields?: Record<string, string>
  note?: string | null
}

export interface SecretOnce {
  /** 'added' after Add existing; 'generated' when a platform connection created the token. */
  variant: 'added' | 'generated'
  id: string
  name: string
  platform: string
  secret: string
}

export interface Revealed {
  id: string
  secret: string
  hidesAt: number
}

export interface Toast {
  id: number
  tone: 'success' | 'error' | 'info'
  title: string
  description?: string
}

export type Confirm =
  | { action: 'revoke' | 'delete'; token: TokenView }
  | { action: 'disconnect'; connection: ConnectionView }
  /** Copy or reveal the secret of an expired token: its platform will most likely refuse it. */
  | { action: 'use-expired'; token: TokenView; use: 'copy' | 'reveal' }
  | null

/** The token list: which view, its filters, and the paging cache. */
export interface ListSlice {
  view: View
  filters: Record<ListView, Filters>
  /** Pages of the current list, keyed by page number; a page from an older `gen` is stale. */
  pages: Record<number, Page>
  gen: number
  total: number | null
  /** Sorted by platform: each platform's count, from the latest page (the list's group headers). */
  groups: ListGroup[] | null
  listError: string | null
  /** Total tokens of the current kind without filters, for the empty state. */
  kindTotal: number | null
  focusedIndex: number
  setView(view: View): void
  /** Fetches the current view's list from the top, and its kind's total. */
  startList(): void
  setFilter(patch: Partial<Filters>): void
  clearFilters(): void
  toggleSort(key: SortKey): void
  ensureRange(startIndex: number, endIndex: number): void
  /** Re-fetches what is on screen without clearing it, so a change elsewhere does not flicker. */
  refreshList(): void
  setFocusedIndex(i: number): void
}

/** What a scan looks for: every held secret, or one token's. */
export type ScanTarget = { all: true } | { all: false; tokenId: string; name: string }

/** Which dialog is open, and for what. */
export interface DialogsSlice {
  addDialog: { open: boolean; prefill: AddPrefill | null }
  confirm: Confirm
  connectDialog: boolean
  /** The Generate dialog; `connectionId` preselects a connection, `service` starts it on "for a service account". */
  generateDialog: { open: boolean; connectionId: string | null; service: boolean }
  /** The token the "Write to SDK config" dialog is for (metadata only). */
  sdkDialog: TokenView | null
  /** "Import tokens from this computer" is open. */
  importDialog: boolean
  /** "Find copies" is open: of every held secret, or of one token's (its detail panel). */
  scanDialog: ScanTarget | null
  /** The token the Edit dialog is for (metadata only). */
  editDialog: TokenView | null
  /** The connected token the "Rotate on the platform" dialog is for. */
  rotateDialog: TokenView | null
  openRotate(token: TokenView): void
  closeRotate(): void
  openEdit(token: TokenView): void
  closeEdit(): void
  openAdd(prefill?: AddPrefill | null): void
  closeAdd(): void
  openConnect(): void
  closeConnect(): void
  openGenerate(connectionId?: string | null, service?: boolean): void
  closeGenerate(): void
  openSdk(token: TokenView): void
  closeSdk(): void
  openImport(): void
  closeImport(): void
  openScan(target: ScanTarget): void
  closeScan(): void
  askConfirm(c: Confirm): void
  /** Closes the topmost open dialog (or the detail panel); false when none is open. */
  closeTopDialog(): boolean
}

/** The only two places a secret may sit in the renderer, each with its way out. */
export interface SecretsSlice {
  secretOnce: SecretOnce | null
  revealed: Revealed | null
  showSecretOnce(s: SecretOnce): void
  closeSecretOnce(): void
  /** Shows a revealed secret and starts the timer that hides it. */
  showRevealed(id: string, secret: string): void
  hideReveal(): void
}

export interface ToastsSlice {
  toasts: Toast[]
  toast(t: Omit<Toast, 'id'>): void
  dismissToast(id: number): void
}

/** What main holds, as last loaded: no actions of its own (the action modules fill it). */
export interface WorkspaceSlice {
  ready: boolean
  /** The expiry banner's tokens (the soonest few) and how many need attention in all. */
  attention: { items: TokenView[]; expired: number; expiring: number }
  orgs: Org[]
  settings: Settings | null
  selectedId: string | null
  detail: { token: TokenView; audit: AuditEvent[] } | null
  connections: ConnectionView[]
  /** Due reminders (the soonest few, from main's planner) and how many are due in all. */
  reminders: DueReminder[]
  remindersTotal: number
}

/** Start-up, the side lists (attention, organizations, settings, reminders) and refreshing. */
export interface AppActions {
  init(): Promise<void>
  /** Takes what main holds for the window: a token to open, notices to show once. */
  takePending(): Promise<void>
  refreshAll(): void
  loadExpiring(): Promise<void>
  loadOrgs(): Promise<void>
  setOrg(name: string, role: Org['role']): Promise<boolean>
  updateSettings(patch: Partial<Settings>): Promise<boolean>
  loadReminders(): Promise<void>
  snooze(key: string, choice: '1h' | '1d'): Promise<boolean>
}

/** A token's lifecycle from the window, each with the words its toast says. */
export interface TokenActions {
  openDetail(id: string): Promise<void>
  closeDetail(): void
  /** Adds a token; throws the BridgeError so the dialog can show it inline. */
  addToken(req: Parameters<DeskApi['tokens']['add']>[0]): Promise<TokenView>
  /** Generates a token on a platform; throws the BridgeError so the dialog can show it inline. */
  generate(req: Parameters<DeskApi['tokens']['generate']>[0]): Promise<{ token: TokenView; secret: string }>
  checkToken(id: string): Promise<CheckOutcome | null>
  /** Rotates a connected token on its platform; throws the BridgeError so the dialog can show it inline. */
  /** In place, as `tokendesk rotate`: the user made the new secret on the platform. */
  rotateToken(id: string, secret: string): Promise<TokenView>
  rotateOnPlatform(id: string, grace: 'now' | '1h' | '1d' | '7d'): Promise<{ token: TokenView; secret: string; retireAt: number; retireError: string | null }>
  /** Edits a token's metadata; throws the BridgeError so the dialog can show it inline. */
  editToken(req: Parameters<DeskApi['tokens']['edit']>[0]): Promise<{ token: TokenView; changes: string[] }>
  revoke(id: string): Promise<boolean>
  restore(id: string): Promise<boolean>
  remove(id: string): Promise<boolean>
  copy(id: string): Promise<void>
  reveal(id: string): Promise<void>
}

export interface ConnectionActions {
  loadConnections(): Promise<void>
  /** Connects a platform; throws the BridgeError so the dialog can show it inline. */
  connect(req: Parameters<DeskApi['connections']['connect']>[0]): Promise<ConnectResult>
  disconnect(id: string): Promise<boolean>
  sync(id?: string): Promise<SyncReport | null>
}

export type DeskState = Omit<ListSlice & DialogsSlice & SecretsSlice & ToastsSlice & WorkspaceSlice, FunctionKeys<ListSlice & DialogsSlice & SecretsSlice & ToastsSlice>>
export type Desk = ListSlice & DialogsSlice & SecretsSlice & ToastsSlice & WorkspaceSlice & AppActions & TokenActions & ConnectionActions

type FunctionKeys<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T]

/** A slice's maker: zustand's set/get over the whole store, and the bridge it calls. */
export type SliceMaker<T> = (set: (partial: Partial<Desk> | ((s: Desk) => Partial<Desk>)) => void, get: () => Desk, api: () => DeskApi) => T
