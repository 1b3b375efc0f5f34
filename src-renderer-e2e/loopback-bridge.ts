/**
 * TEST BUILD ONLY (vite.e2e.config.ts injects it into out/renderer-e2e; the production renderer
 * never contains it — test/e2e/bundle.test.ts checks both builds).
 *
 * Gives the page the same `window.tokendesk` as the Electron preload, but over HTTP to the
 * loopback test server (test/e2e/loopback-server.ts): calls are POST /__bridge/call, events
 * arrive over Server-Sent Events from GET /__bridge/events. Every request carries the per-run
 * key from the page URL's hash (`index.html#key=...`); the server refuses requests without it.
 */
import type { Envelope } from '../src-preload/contract/define'
import table from 'virtual:tokendesk-channel-table'
import { makeBridge } from '../src-preload/contract/make-bridge'
import { exposeLikeContextBridge } from './context-copy'
import type { EventName, Invoke, Subscribe } from '../src-preload/contract/types'

export const LOOPBACK_SHIM_MARKER = 'tokendesk-loopback-shim'

const key = new URLSearchParams(location.hash.slice(1)).get('key') ?? ''

const httpInvoke: Invoke = async (channel, payload) => {
  // The channel in the query string only labels the request in resource timings (bench/).
  const res = await fetch(`/__bridge/call?c=${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tokendesk-key': key },
    body: JSON.stringify({ channel, payload }),
  })
  if (!res.ok) return { ok: false, error: { code: 'internal', message: `loopback bridge answered HTTP ${res.status}` } }
  return (await res.json()) as Envelope<unknown>
}

// One EventSource for the page, opened on first subscription; listeners are kept per event name.
const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
let source: EventSource | null = null

function ensureSource(): void {
  if (source) return
  source = new EventSource(`/__bridge/events?key=${encodeURIComponent(key)}`)
  source.onmessage = (msg) => {
    const { event, payload } = JSON.parse(String(msg.data)) as { event: EventName; payload: unknown }
    for (const l of listeners.get(event) ?? []) l(payload)
  }
}

const sseSubscribe: Subscribe = (event, listener) => {
  ensureSource()
  let set = listeners.get(event)
  if (!set) listeners.set(event, (set = new Set()))
  set.add(listener)
  return () => void set.delete(listener)
}

/** Resolves once the event stream is open, so a test does not miss the first event. */
function ready(): Promise<void> {
  ensureSource()
  if (source!.readyState === EventSource.OPEN) return Promise.resolve()
  return new Promise((res) => source!.addEventListener('open', () => res(), { once: true }))
}

// Through the same copying contextBridge does, so what the real bridge would mangle fails here too.
Object.defineProperty(window, 'tokendesk', {
  value: exposeLikeContextBridge(makeBridge(table, httpInvoke, sseSubscribe), 'tokendesk'),
  configurable: false,
  writable: false,
})
Object.defineProperty(window, '__tokendeskLoopback', { value: Object.freeze({ ready }), configurable: false })
document.documentElement.dataset.bridge = LOOPBACK_SHIM_MARKER
