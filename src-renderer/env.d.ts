/// <reference types="vite/client" />
import type { ExposedApi } from '../src-preload/contract/types'

declare global {
  interface Window {
    /** The preload's envelopes; renderer code uses `desk` from ./bridge instead. */
    tokendesk: ExposedApi
  }
}

export {}
