import { BrowserWindow, app, session, type WebContents } from 'electron'

export interface WindowOptions {
  preloadPath: string
  /** APP_INDEX_URL (app-protocol.ts), or the dev server URL in `electron-vite dev`. */
  url: string
  isAppUrl: (url: string) => boolean
  contentSecurityPolicy: string
  devTools: boolean
}

/**
 * Session-wide locks, applied once before any window: the CSP header on every response, no
 * permission is ever granted (camera, notifications from the page, geolocation, HID, ...), and
 * every webContents refuses to navigate away, open windows or attach <webview>.
 */
export function lockDownSession(opts: Pick<WindowOptions, 'contentSecurityPolicy' | 'isAppUrl'>): void {
  const ses = session.defaultSession
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders }
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k]
    headers['Content-Security-Policy'] = [opts.contentSecurityPolicy]
    headers['X-Content-Type-Options'] = ['nosniff']
    callback({ responseHeaders: headers })
  })
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
  ses.setDevicePermissionHandler(() => false)
  ses.on('will-download', (event) => event.preventDefault())

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, opts.isAppUrl))
}

export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  // The event's details carry the URL (the positional url is deprecated in Electron 45).
  contents.on('will-navigate', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault()
  })
  contents.on('will-redirect', (details) => {
    if (!isAppUrl(details.url)) details.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'TokenDesk',
    backgroundColor: '#1b1d22',
    webPreferences: {
      preload: opts.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle-click would otherwise try to open links in a new window (denied anyway above).
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.devTools,
    },
  })
  win.once('ready-to-show', () => win.show())
  // A load that fails (the window closed while loading, a missing build) rejects: said, never an
  // unhandled rejection (which Electron shows as a crash dialog).
  win.loadURL(opts.url).catch((e: unknown) => console.error('TokenDesk: the window could not load:', e instanceof Error ? e.message : e))
  return win
}
