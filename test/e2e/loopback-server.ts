import { randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch'
import { CONTENT_TYPES, IMMUTABLE_CACHE } from '../../src-main/shell/app-protocol'
import { createHandlers } from '../../src-main/api/handlers'
import { watchOutsideChanges } from '../../src-main/api/outside-changes'
import { ClipboardGuard, type ClipboardPort, type Timers } from '../../src-main/core/clipboard-guard'
import { workerCrypt } from '../../src-main/core/backup/worker-crypt'
import { workerScan } from '../../src-main/core/scan/worker-scan'
import { createCore, type Core } from '../../src-main/core/core'
import { NO_PLATFORMS } from '../helpers/no-platforms'
import { DesktopInbox } from '../../src-main/core/desktop-inbox'
import { startReminderLoop, type ReminderNotice } from '../../src-main/core/reminders/loop'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { CONTENT_SECURITY_POLICY } from '../../src-main/shell/csp'
import type { EventName } from '../../src-preload/contract/types'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

/**
 * The loopback test transport (tests only; nothing in src-* imports it, so no production bundle
 * contains it). The REAL core — openVault on a temp dir, the real OS keychain (run under
 * scripts/with-keyring.sh), the real handlers and dispatch — behind node:http on 127.0.0.1:
 *
 *   GET  /index.html, /assets/...   the e2e renderer build (out/renderer-e2e)
 *   POST /__bridge/call             {channel, payload} → Envelope (exactly what IPC returns)
 *   GET  /__bridge/events?key=...   Server-Sent Events: data: {"event", "payload"} per emit()
 *
 * Every request must carry the per-run key, or it gets 403: bridge calls in the x-tokendesk-key
 * header, the event stream as ?key=, the page as ?key= (which also sets a SameSite=Strict cookie
 * for its assets). The shim reads the key from the page URL's hash (index.html?key=K#key=K).
 * Only Host 127.0.0.1:<port> is served (no DNS rebinding).
 * The clipboard is a fake that records writes; clipboard timers are manual (never fire alone).
 * The core's clock is the real time plus an offset tests can move (advanceClock), and the app's
 * reminder loop (core/reminders/loop.ts) runs here as in the shell, recording its notifications.
 */
export interface ClipboardWrite {
  text: string
  at: number
}

export interface LoopbackServer {
  url: string
  key: string
  /** The page URL with the key: `${url}/index.html#key=${key}`. */
  appUrl: string
  dataDir: string
  /** The Secret Service "service" attribute this run's secrets are kept under (for a CLI run beside the page). */
  keychainService: string
  /** Every bridge call the page made, by channel, in order. */
  calls: string[]
  /** The URLs the app asked the system browser to open (shell.openExternal in the app). */
  openedExternally: string[]
  opened: Core
  dispatch: Dispatch
  /** Every text the app wrote to the (fake) clipboard, in order. */
  clipboardWrites: ClipboardWrite[]
  /** What the fake clipboard holds now ('' after a clear). */
  clipboardText: () => string
  /** Runs the pending clipboard-clear timer now (as if its delay had passed). */
  /** Runs the pending clear timer and waits for the (asynchronous) clear to finish. */
  fireClipboardTimer: () => Promise<void>
  /** Every event emitted to the renderer, in order. */
  emitted: { event: EventName; payload: unknown }[]
  /** What the shell would hold for the window; announcePending() tells the page as the shell does. */
  inbox: DesktopInbox
  announcePending: () => void
  /** Moves the core's clock (reminders, status) forward; runReminders() then runs the reminder loop as its timer would. */
  advanceClock: (ms: number) => void
  runReminders: () => void
  /** The notifications the reminder loop showed, in order. */
  notifications: ReminderNotice[]
  close: () => Promise<void>
}


const MAX_BODY = 2 * 1024 * 1024

export async function startLoopbackServer(opts: { staticDir?: string; dataDir?: string; env?: Record<string, string> } = {}): Promise<LoopbackServer> {
  const staticDir = path.resolve(opts.staticDir ?? path.join(__dirname, '../../out/renderer-e2e'))
  const tmp = opts.dataDir ? null : tempDir('tokendesk-e2e-')
  const dataDir = opts.dataDir ?? tmp!.dir
  const keychainService = testKeychainService('e2e')
  let clockOffset = 0
  const clock = () => Date.now() + clockOffset
  const opened = createCore({ dataDir, actor: 'app', clock, secrets: new KeyringSecretStore({ service: keychainService }), home: path.join(dataDir, 'home'), env: { ...NO_PLATFORMS, ...(opts.env ?? {}) }, backupCrypt: workerCrypt(), scanRunner: workerScan(path.resolve(__dirname, '../../out/main/scan-worker.js')) }) // never the real home, never a real platform
  fs.mkdirSync(path.join(dataDir, 'home'), { recursive: true })
  await opened.reconcile()

  const clipboardWrites: ClipboardWrite[] = []
  let clip = ''
  const port: ClipboardPort = {
    writeSecret: async (text) => {
      clip = text
      clipboardWrites.push({ text, at: Date.now() })
    },
    readText: async () => clip,
    clear: () => (clip = ''),
  }
  let pendingTimer: (() => void) | null = null
  const timers: Timers = {
    setTimeout: (fn) => (pendingTimer = fn),
    clearTimeout: () => (pendingTimer = null),
  }
  const guard = new ClipboardGuard(port, timers)

  const calls: string[] = []
  const streams = new Set<http.ServerResponse>()
  const emitted: LoopbackServer['emitted'] = []
  const emit = (event: EventName, payload: unknown) => {
    emitted.push({ event, payload })
    const frame = `data: ${JSON.stringify({ event, payload })}\n\n`
    for (const s of streams) s.write(frame)
  }
  const inbox = new DesktopInbox()
  const notifications: ReminderNotice[] = []
  // Timers of the loop are real but capped and unref'd; tests drive it with runReminders().
  const loop = startReminderLoop({
    reminders: opened.reminders,
    now: clock,
    setTimer: (fn, ms) => setTimeout(fn, Math.min(ms, 60_000)).unref(),
    clearTimer: (h) => clearTimeout(h as NodeJS.Timeout),
    notify: (n) => notifications.push(n),
    afterRun: (due) => {
      if (due) emit('remindersChanged', {})
    },
    log: (m) => console.error(`loopback reminder loop: ${m}`),
  })
  // As in the shell: the core's own changes re-plan the reminder clock.
  const emitAndReplan = (event: EventName, payload: unknown) => {
    emit(event, payload)
    if (event === 'tokensChanged' || event === 'remindersChanged' || event === 'settingsChanged') loop.replan()
  }
  const openedExternally: string[] = []
  const dispatch = createDispatch(createHandlers({ ...opened, home: path.join(dataDir, 'home'), clipboard: guard, inbox, emit: emitAndReplan, openExternal: async (url) => void openedExternally.push(url) }))
  // As the app's main process does: changes by other processes (a CLI run) become events.
  const stopOutsideWatch = watchOutsideChanges({ db: opened.db, emit: emitAndReplan })

  const key = randomBytes(24).toString('base64url')
  const keyBuf = Buffer.from(key)
  const hasKey = (given: string | null | undefined) => {
    if (!given) return false
    const b = Buffer.from(given)
    return b.length === keyBuf.length && timingSafeEqual(b, keyBuf)
  }

  let hostPort = ''
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Referrer-Policy', 'no-referrer')
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // DNS rebinding: only our own address is served.
    if (req.headers.host !== hostPort) return void res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden')
    const header = req.headers['x-tokendesk-key']
    const explicit = typeof header === 'string' ? header : url.searchParams.get('key')
    const isBridge = url.pathname.startsWith('/__bridge/')
    // The document comes with ?key= and gets the key as a SameSite=Strict cookie, so the assets it
    // loads are keyed too. The bridge itself never accepts the cookie (another 127.0.0.1 port is
    // "same site"): calls need the header, which a foreign page cannot send without a preflight.
    const cookieKey = /(?:^|;\s*)td_key=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1]
    if (!hasKey(explicit) && (isBridge || !hasKey(cookieKey))) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden')
      return
    }
    if (hasKey(explicit) && !isBridge) res.setHeader('Set-Cookie', `td_key=${key}; Path=/; HttpOnly; SameSite=Strict`)
    if (url.pathname === '/__bridge/call') return void handleCall(req, res)
    if (url.pathname === '/__bridge/events') return handleEvents(req, res)
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end()
    serveStatic(url.pathname, res)
  })

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'POST') return void res.writeHead(405).end()
    const chunks: Buffer[] = []
    let size = 0
    for await (const c of req) {
      size += (c as Buffer).length
      if (size > MAX_BODY) return void res.writeHead(413).end()
      chunks.push(c as Buffer)
    }
    let body: { channel?: unknown; payload?: unknown }
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body
    } catch {
      return void res.writeHead(400).end()
    }
    const t0 = performance.now()
    calls.push(String(body?.channel))
    const envelope = await dispatch(String(body?.channel), body?.payload)
    // Server-Timing lets the renderer bench split a call into core time and transport time.
    const dur = (performance.now() - t0).toFixed(1)
    res.writeHead(200, { 'content-type': 'application/json', 'server-timing': `dispatch;dur=${dur}` }).end(JSON.stringify(envelope))
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' })
    res.write(': open\n\n')
    streams.add(res)
    req.on('close', () => streams.delete(res))
  }

  function serveStatic(pathname: string, res: http.ServerResponse) {
    if (pathname === '/favicon.ico') return void res.writeHead(204).end() // browsers ask for it unprompted
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '')
    const file = path.resolve(staticDir, rel)
    if (!file.startsWith(staticDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    }
    // Hashed build assets never change under their name: cacheable, as the app:// protocol's are
    // in Electron, which is what lets Chromium keep V8's code cache for the bundle.
    if (rel.startsWith('assets/')) res.setHeader('Cache-Control', IMMUTABLE_CACHE)
    res.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port: portNo } = server.address() as AddressInfo
  hostPort = `127.0.0.1:${portNo}`
  const url = `http://127.0.0.1:${portNo}`

  return {
    url,
    key,
    appUrl: `${url}/index.html?key=${encodeURIComponent(key)}#key=${encodeURIComponent(key)}`,
    dataDir,
    keychainService,
    calls,
    openedExternally,
    opened,
    dispatch,
    clipboardWrites,
    clipboardText: () => clip,
    fireClipboardTimer: async () => {
      const t = pendingTimer
      pendingTimer = null
      t?.()
      await new Promise((resolve) => setImmediate(resolve))
    },
    emitted,
    inbox,
    announcePending: () => emit('desktopPending', {}),
    advanceClock: (ms) => void (clockOffset += ms),
    runReminders: () => loop.replan(),
    notifications,
    close: async () => {
      loop.stop()
      stopOutsideWatch()
      for (const s of streams) s.end()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // Remove this run's keychain entries, then the database.
      const { items } = opened.vault.list({ limit: 1000 })
      for (const t of items) {
        try {
          if (t.status !== 'revoked') opened.vault.revoke(t.id)
          await opened.vault.delete(t.id)
        } catch {
          /* best effort */
        }
      }
      opened.close()
      tmp?.cleanup()
    },
  }
}
