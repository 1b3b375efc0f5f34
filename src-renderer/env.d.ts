/// <reference types="vite/client" />
import type { TokenDeskApi } from '../src-preload/contract/types'

declare global {
  interface Window {
    tokendesk: TokenDeskApi
  }
}

export {}
