import os from 'node:os'
import path from 'node:path'
import { BrowserWindow, app, dialog } from 'electron'
import { createDispatch } from '../api/dispatch'
import { createHandlers } from '../api/handlers'
import { ClipboardGuard } from '../core/clipboard-guard'
import { createCore, type Core } from '../core/core'
import { loginItemSettings, startsHidden } from '../core/reminders/schedule'
import type { Settings } from '../core/settings'
import type { EventName } from '../../src-preload/contract/types'
import { APP_INDEX_URL } from './app-protocol'
import { isAppUrl, type AppUrlPolicy } from './app-url'
import { electronClipboardPort } from './clipboard'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './csp'
import { registerIpc } from './ipc'
import { startReminderScheduler, type ReminderScheduler } from './reminders'
import { startSyncScheduler, type SyncScheduler } from './sync-schedule'
import { findNativeBinding } from './native'
import { handleAppScheme, registerAppScheme } from './protocol'
import { createTray } from './tray'
import { createMainWindow, lockDownSession } from './window'

/**
 * The Electron shell: app lifecycle only. It opens the same vault as the CLI, wires the core to
 * IPC, the clipboard, the tray and notifications, and holds no rules of its own.
 */
app.setName('TokenDesk')
app.enableSandbox()
// Before 'ready', or Electron ignores the privileges (code cache, standard origin).
registerAppScheme()

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const policy: AppUrlPolicy = { devServerUrl }
const isOwnUrl = (url: string) => isAppUrl(url, policy)

let mainWindow: BrowserWindow | null = null
let opened: Core | null = null
let guard: ClipboardGuard | null = null
let tray: ReturnType<typeof createTray> = null
let scheduler: ReminderScheduler | null = null
let syncScheduler: SyncScheduler | null = null

/** The login item starts the app with --hidden (see startsHidden). Dev builds never register one. */
function applyLoginItem(openAtLogin: boolean): void {
  if (app.isPackaged) app.setLoginItemSettings(loginItemSettings(openAtLogin))
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({
      preloadPath: path.join(__dirname, '../preload/index.js'),
      url: devServerUrl ?? APP_INDEX_URL,
      isAppUrl: isOwnUrl,
      contentSecurityPolicy: devServerUrl ? devContentSecurityPolicy(devServerUrl) : CONTENT_SECURITY_POLICY,
      devTools: !app.isPackaged,
    })
    mainWindow.on('closed', () => (mainWindow = null))
    return
  }
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.show()
  mainWindow.focus()
}

function fail(message: string): void {
  dialog.showErrorBox('TokenDesk cannot start', message)
  app.exit(1)
}

async function start(): Promise<void> {
  lockDownSession({ contentSecurityPolicy: devServerUrl ? devContentSecurityPolicy(devServerUrl) : CONTENT_SECURITY_POLICY, isAppUrl: isOwnUrl })
  // app:// always serves the production build, so it always gets the production CSP.
  handleAppScheme({ rendererDir: path.join(__dirname, '../renderer'), contentSecurityPolicy: CONTENT_SECURITY_POLICY })

  const native = findNativeBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    arch: process.arch,
  })
  if ('error' in native) return fail(native.error)

  const dataDir = process.env.TOKENDESK_HOME ? path.resolve(process.env.TOKENDESK_HOME) : app.getPath('userData')
  try {
    opened = createCore({ dataDir, actor: 'app', nativeBinding: native.path, home: os.homedir() })
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e))
  }
  try {
    // Finish or roll back whatever a crash (of the app or the CLI) interrupted.
    await opened.reconcile()
  } catch (e) {
    // A locked or missing keychain is shown by the UI on the first call that needs it.
    console.error('TokenDesk: reconcile at start failed:', e instanceof Error ? e.message : e)
  }

  guard = new ClipboardGuard(electronClipboardPort())
  let emit: (name: EventName, payload: unknown) => void = () => {}
  // Core events also drive the reminder clock: re-plan on token, reminder and settings changes.
  const onCoreEvent = (name: EventName, payload: unknown) => {
    if (name === 'settingsChanged') applyLoginItem((payload as Settings).openAtLogin)
    if (name === 'tokensChanged' || name === 'remindersChanged' || name === 'settingsChanged') scheduler?.replan()
    // A new or removed connection, or a new interval, re-arms the sync timer.
    if (name === 'settingsChanged' || name === 'connectionsChanged') syncScheduler?.rearm()
  }
  const handlers = createHandlers({
    ...opened,
    clipboard: guard,
    emit: (n, p) => {
      emit(n, p)
      onCoreEvent(n, p)
    },
  })
  const dispatch = createDispatch(handlers, {
    logError: (channel, error) => console.error(`TokenDesk: ${channel} failed:`, error instanceof Error ? error.name : typeof error),
  })
  emit = registerIpc(dispatch, { mainWindow: () => mainWindow, isAppUrl: isOwnUrl }).emit

  const iconPath = app.isPackaged ? path.join(process.resourcesPath, 'icon.png') : path.join(app.getAppPath(), 'build', 'icon.png')
  tray = createTray({ iconPath, onShow: showWindow, onQuit: () => app.quit() })
  // A login-item start (--hidden) stays in the tray; without a tray there would be no way in.
  if (!startsHidden(process.argv) || !tray) showWindow()
  const vault = opened.vault
  applyLoginItem(vault.settings().openAtLogin)

  const openToken = (tokenId: string) => {
    showWindow()
    const wc = mainWindow?.webContents
    if (!wc) return
    // A window created just now has no page yet; the UI subscribes while it loads.
    if (wc.isLoading()) wc.once('did-finish-load', () => emit('openToken', { tokenId }))
    else emit('openToken', { tokenId })
  }
  scheduler = startReminderScheduler({
    reminders: opened.reminders,
    vault,
    openToken,
    showWindow,
    emitDue: (payload) => emit('reminderDue', payload),
    tray: () => tray,
  })
  syncScheduler = startSyncScheduler(opened, (ids) => {
    emit('tokensChanged', { ids })
    scheduler?.replan()
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => showWindow())
  app.on('activate', () => showWindow()) // macOS dock click
  app.on('window-all-closed', () => {
    // With a tray the app keeps running (reminders); without one, closing the window quits.
    if (process.platform !== 'darwin' && !tray) app.quit()
  })
  app.on('will-quit', (event) => {
    // The clipboard is asynchronous (Electron 44+): hold the quit until a copied secret is cleared.
    if (guard?.hasPending) {
      event.preventDefault()
      const g = guard
      void g
        .clearIfStillOurs()
        .catch(() => false)
        .finally(() => app.quit())
      return
    }
    scheduler?.stop()
    syncScheduler?.stop()
    tray?.destroy()
    opened?.close()
  })
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)))
}
