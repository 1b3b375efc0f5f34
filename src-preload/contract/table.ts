import type { Contract, Events } from './channels'

/**
 * The contract's names without its schemas: what the preload (and the browser tests' shim) needs
 * to build `window.tokendesk`. The build puts it in as the module `virtual:tokendesk-channel-table`
 * (electron.vite.config.ts computes it from the contract's keys, so no name is written twice), so
 * the preload does not evaluate zod and every schema before the page's own code can run.
 */
export interface ChannelTable {
  readonly calls: { readonly [N in keyof Contract]: readonly (keyof Contract[N] & string)[] }
  readonly events: readonly (keyof Events & string)[]
}

/** The IPC channel for an event, kept apart from call channels. */
export const eventChannel = (name: string) => `event.${name}`
