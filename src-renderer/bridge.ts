import { unwrapBridge } from '../src-preload/contract/make-bridge'

/**
 * The typed API the renderer calls: `window.tokendesk`'s envelopes turned into values and
 * BridgeErrors here, on the page's side of contextBridge, where an error keeps its `code`.
 */
export const desk = unwrapBridge(window.tokendesk)
