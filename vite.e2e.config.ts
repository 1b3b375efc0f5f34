import { resolve } from 'node:path'
import { defineConfig, type Plugin } from 'vite'
import { channelTable, rendererConfig } from './electron.vite.config'

/**
 * The renderer TEST build: the same renderer as out/renderer, plus the loopback bridge shim
 * (src-renderer-e2e/loopback-bridge.ts) loaded before the app, so a plain Chromium page gets
 * `window.tokendesk` from the loopback test server. Build: `vite build -c vite.e2e.config.ts`
 * → out/renderer-e2e. Mode 'e2e' (import.meta.env.MODE) is what the renderer checks for
 * test-only hooks. The production config (electron.vite.config.ts) never adds this plugin.
 */
const SHIM_ID = '/@tokendesk-e2e/loopback-bridge'

function injectLoopbackBridge(): Plugin {
  return {
    name: 'tokendesk:e2e-loopback-bridge',
    resolveId: (id) => (id === SHIM_ID ? resolve(__dirname, 'src-renderer-e2e/loopback-bridge.ts') : null),
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'script', attrs: { type: 'module', src: SHIM_ID }, injectTo: 'head-prepend' }],
    },
  }
}

export default defineConfig({ ...rendererConfig('out/renderer-e2e', [injectLoopbackBridge(), channelTable()]), mode: 'e2e' })
