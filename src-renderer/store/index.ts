import { desk } from '../bridge'
import { createDeskStore } from './create'

/** The window's store over the real bridge (`window.tokendesk`). */
export const useDesk = createDeskStore(() => desk)

export type { AddPrefill, Confirm, Desk, DeskState, Filters, ListView, Page, Revealed, ScanTarget, SecretOnce, SortDir, SortKey, Toast, View } from './types'
export { currentListView, isListView, listQuery, ME, PAGE_SIZE, rowAt } from './list'
export { holdsSecret, REVEAL_MS } from './secrets'
export { MAX_TOASTS } from './toasts'
export { syncSummary } from '../sync-summary'
