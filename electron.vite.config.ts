import { builtinModules } from 'node:module'
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import type { Plugin, UserConfig } from 'vite'
import { CHANNEL_TABLE } from './src-preload/contract/types'
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES, devContentSecurityPolicy } from './src-main/shell/csp'

const root = __dirname
const r = (...p: string[]) => resolve(root, ...p)

/** Native addons are loaded at run time, never bundled (better-sqlite3 gets an Electron-ABI binary). */
export const MAIN_EXTERNALS = ['better-sqlite3', '@napi-rs/keyring']

const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)])

/** The renderer is a plain web page: any Node built-in reaching its bundle fails the build. */
export function noNodeInRenderer(): Plugin {
  return {
    name: 'tokendesk:no-node-in-renderer',
    enforce: 'pre',
    resolveId(id, importer) {
      if (NODE_BUILTINS.has(id) || id === 'electron') {
        throw new Error(`renderer code must not import "${id}" (imported by ${importer ?? '?'}); talk to main through window.tokendesk`)
      }
      return null
    },
  }
}

/**
 * Keeps the <meta> Content-Security-Policy in index.html honest: injects the shared policy when
 * the page has none, and fails the build if the page's policy allows eval, inline script or a
 * remote origin.
 */
export function cspMeta(): Plugin {
  return {
    name: 'tokendesk:csp-meta',
    transformIndexHtml: {
      order: 'pre',
      handler(html, ctx) {
        if (ctx.server) {
          // `electron-vite dev` only: React refresh needs an inline preamble and HMR a websocket.
          const url = ctx.server.resolvedUrls?.local[0] ?? 'http://localhost:5173'
          const meta = devContentSecurityPolicy(url).replace(/;?\s*frame-ancestors [^;]*/, '')
          return html.replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i, `$1${meta}$2`)
        }
        const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)
        if (!m) {
          const meta = Object.entries(CSP_DIRECTIVES)
            .filter(([k]) => k !== 'frame-ancestors') // not allowed in <meta>
            .map(([k, v]) => `${k} ${v}`)
            .join('; ')
          return html.replace(/<head>/i, `<head>\n    <meta http-equiv="Content-Security-Policy" content="${meta}" />`)
        }
        const policy = m[1]!
        const script = /(?:^|;)\s*script-src\s+([^;]*)/.exec(policy)?.[1]?.trim()
        const problems = [
          /'unsafe-eval'/.test(policy) && "'unsafe-eval'",
          /'unsafe-inline'/.test(script ?? '') && "'unsafe-inline' in script-src",
          /https?:|wss?:|\*/.test(policy) && 'a remote origin',
          script !== "'self'" && `script-src is "${script}", expected 'self'`,
        ].filter(Boolean)
        if (problems.length > 0) throw new Error(`index.html CSP is too weak: ${problems.join(', ')} (shell policy: ${CONTENT_SECURITY_POLICY})`)
        return html
      },
    },
  }
}

const CHANNEL_TABLE_ID = 'virtual:tokendesk-channel-table'

/**
 * The contract's names (src-preload/contract/table.ts), computed here from the contract's keys at
 * build time, so the preload and the test shim build the bridge without evaluating zod.
 */
export function channelTable(): Plugin {
  return {
    name: 'tokendesk:channel-table',
    resolveId: (id) => (id === CHANNEL_TABLE_ID ? `\0${CHANNEL_TABLE_ID}` : null),
    load: (id) => (id === `\0${CHANNEL_TABLE_ID}` ? `export default ${JSON.stringify(CHANNEL_TABLE)}` : null),
  }
}

/** The renderer's Vite config; the e2e test build (vite.e2e.config.ts) starts from the same one. */
export function rendererConfig(outDir: string, extraPlugins: Plugin[] = []): UserConfig {
  return {
    root: r('src-renderer'),
    base: './',
    plugins: [noNodeInRenderer(), cspMeta(), react(), ...extraPlugins],
    build: {
      outDir: r(outDir),
      emptyOutDir: true,
      target: 'chrome130',
      sourcemap: false,
      // electron-vite leaves the renderer unminified by default; the bench and the app ship the same
      // minified bundle. Chromium preloads modules itself, so no polyfill.
      minify: true,
      modulePreload: { polyfill: false },
      rolldownOptions: { input: r('src-renderer/index.html') },
    },
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: r('out/main'),
      externalizeDeps: { include: MAIN_EXTERNALS },
      rolldownOptions: {
        // The keychain broker runs in its own utilityProcess (src-main/shell/keychain-broker-process.ts).
        // The backup's age encryption runs in a worker thread (src-main/core/backup/worker-crypt.ts),
        // and so does a scan for copies (src-main/core/scan/worker-scan.ts).
        input: {
          index: r('src-main/shell/index.ts'),
          'keychain-broker': r('src-main/core/secrets/keychain-broker-child.ts'),
          'backup-worker': r('src-main/core/backup/age-worker.ts'),
          'scan-worker': r('src-main/core/scan/scan-worker.ts'),
        },
        external: MAIN_EXTERNALS,
      },
    },
  },
  preload: {
    plugins: [channelTable()],
    build: {
      outDir: r('out/preload'),
      // A sandboxed preload can require only 'electron' (and a few polyfills): bundle the rest
      // (the channel table and the bridge) into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: r('src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs' },
      },
    },
  },
  renderer: rendererConfig('out/renderer') as never,
})
