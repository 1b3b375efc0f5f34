import os from 'node:os'
import path from 'node:path'
import { BrowserWindow, app, dialog, net, shell } from 'electron'
import { deferredDispatch } from '../api/deferred-dispatch'
import { createDispatch } from '../api/dispatch'
import { createHandlers } from '../api/handlers'
import { watchOutsideChanges } from '../api/outside-changes'
import { ClipboardGuard } from '../core/clipboard-guard'
import { createCore, type Core } from '../core/core'
import { workerCrypt } from '../core/backup/worker-crypt'
import { workerScan } from '../core/scan/worker-scan'
import { KeyringSecretStore } from '../core/secrets/keyring-store'
import { DesktopInbox, type DesktopNotice } from '../core/desktop-inbox'
import type { Settings } from '../core/settings'
import type { EventName } from '../../src-preload/contract/types'
import { APP_INDEX_URL } from './app-protocol'
import { isAppUrl, type AppUrlPolicy } from './app-url'
import { electronClipboardPort } from './clipboard'
import { CONTENT_SECURITY_POLICY, devContentSecurityPolicy } from './csp'
import { applyAutostart, autostartEntry, autostartPath, launchCommand } from './desktop/autostart'
import { closeAction, loginItemPlan, startWindow } from './desktop/policy'
import { clearBeforeQuit } from './desktop/quit'
import { registerIpc } from './ipc'
import { startReminderScheduler, type ReminderScheduler } from './reminders'
import { startSyncScheduler, type SyncScheduler } from './sync-schedule'
import { findNativeBinding } from './native'
import { chromiumFetch } from './net-fetch'
import { handleAppScheme, registerAppScheme } from './protocol'
import { utilityBrokerSpawner } from './keychain-broker-process'
import { createTray } from './tray'
import { createMainWindow, lockDownSession } from './window'

/**
 * The Electron shell: app lifecycle only. It opens the same vault as the CLI, wires the core to
 * IPC, the clipboard, the tray and notifications, and holds no rules of its own (the desktop
 * decisions are pure functions in ./desktop/policy.ts).
 */
app.setName('TokenDesk')
app.enableSandbox()
// Windows groups notifications and windows under the installer's shortcut only with its AppUserModelID
// (electron-builder.yml appId); without it toasts may be dropped.
if (process.platform === 'win32') app.setAppUserModelId('org.tokendesk.desktop')
// Before 'ready', or Electron ignores the privileges (code cache, standard origin).
registerAppScheme()

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const policy: AppUrlPolicy = { devServerUrl }
const isOwnUrl = (url: string) => isAppUrl(url, policy)

let mainWindow: BrowserWindow | null = null
let opened: Core | null = null
/** The keychain, whose native calls run in a utilityProcess (keychain-broker-process.ts); ended at quit. */
let keychain: KeyringSecretStore | undefined
let guard: ClipboardGuard | null = null
let tray: ReturnType<typeof createTray> = null
let scheduler: ReminderScheduler | null = null
let syncScheduler: SyncScheduler | null = null
let stopOutsideWatch: (() => void) | null = null
let linuxBackground = false
/** Set once quit has waited for the clipboard: the second will-quit goes through whatever it holds. */
let clearingForQuit = false
const inbox = new DesktopInbox()

/** "Open at login", the way this OS does it (policy.ts); a failure is logged, never fatal. */
function applyLoginItem(openAtLogin: boolean): void {
  const plan = loginItemPlan(process.platform, openAtLogin, app.isPackaged)
  try {
    if (plan.kind === 'electron') app.setLoginItemSettings(plan.settings)
    if (plan.kind === 'xdg-autostart') {
      const file = autostartPath(process.env, os.homedir())
      const r = applyAutostart(file, plan.enabled ? autostartEntry(launchCommand(process.env, process.execPath)) : null)
      if (typeof r === 'object') console.error(`TokenDesk: open at login: ${r.left}`)
    }
  } catch (e) {
    console.error('TokenDesk: open at login could not be changed:', e instanceof Error ? e.message : e)
  }
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

  // IPC first: a window opened by 'second-instance' or 'activate' during start-up then waits for
  // the core instead of failing with "No handler registered".
  const pending = deferredDispatch()
  const emit = registerIpc(pending.dispatch, { mainWindow: () => mainWindow, isAppUrl: isOwnUrl }).emit

  const native = findNativeBinding({
    isPackaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    platform: process.platform,
    arch: process.arch,
  })
  if ('error' in native) {
    pending.fail(native.error)
    return fail(native.error)
  }

  const dataDir = process.env.TOKENDESK_HOME ? path.resolve(process.env.TOKENDESK_HOME) : app.getPath('userData')
  try {
    // net.fetch: the system's proxy settings and certificate store (Node's fetch sees neither, and
    // the nodeOptions fuse also turns off NODE_EXTRA_CA_CERTS in the packaged app).
    opened = createCore({
      dataDir,
      actor: 'app',
      nativeBinding: native.path,
      home: os.homedir(),
      fetch: chromiumFetch((url, init) => net.fetch(url, init)),
      secrets: (keychain = new KeyringSecretStore({ spawnBroker: utilityBrokerSpawner() })),
      // The backup's scrypt takes over a second: a worker thread keeps the main process answering.
      backupCrypt: workerCrypt(path.join(__dirname, 'backup-worker.js')),
      // A scan reads whole folder trees: in a worker thread, which Cancel ends at once.
      scanRunner: workerScan(path.join(__dirname, 'scan-worker.js')),
    })
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    pending.fail(message)
    return fail(message)
  }
  try {
    // Finish or roll back whatever a crash (of the app or the CLI) interrupted.
    await opened.reconcile()
  } catch (e) {
    // A locked or missing keychain is shown by the UI on the first call that needs it.
    console.error('TokenDesk: reconcile at start failed:', e instanceof Error ? e.message : e)
  }

  // The window takes what main holds for it (desktop.pending) at start and on this announcement.
  const announce = () => emit('desktopPending', {})
  const notice = (n: DesktopNotice) => {
    console.error(`TokenDesk: ${n.message}`)
    if (inbox.notice(n)) announce()
  }
  // Keychain entries no token points at: those the audit log shows deleted go; the rest are the
  // user's to adopt or purge (`tokendesk doctor`), so the window is told once.
  void opened.doctor
    .reclaim()
    .then((r) => {
      if (r.unknown.length > 0) {
        notice({
          kind: 'orphaned-secrets',
          message: `${r.unknown.length} secret${r.unknown.length === 1 ? '' : 's'} in the OS keychain belong to no token (a deleted or new database?). Nothing was removed: keep them as tokens or remove them in Settings → Keychain check (or with \`tokendesk doctor\`).`,
        })
      }
    })
    .catch((e: unknown) => console.error('TokenDesk: keychain check at start failed:', e instanceof Error ? e.message : e))
  guard = new ClipboardGuard(electronClipboardPort())
  guard.onClearFailed = () =>
    notice({
      kind: 'clipboard-not-cleared',
      message:
        'TokenDesk could not clear the clipboard: the desktop did not let a window in the background change it (Wayland). ' +
        'Copy something else, or clear the clipboard yourself, so the secret does not stay there.',
    })
  // Core events also drive the reminder clock: re-plan on token, reminder and settings changes.
  const onCoreEvent = (name: EventName, payload: unknown) => {
    if (name === 'settingsChanged') {
      const s = payload as Settings
      applyLoginItem(s.openAtLogin)
      linuxBackground = s.linuxKeepRunningInBackground
    }
    if (name === 'tokensChanged' || name === 'remindersChanged' || name === 'settingsChanged') scheduler?.replan()
    // A new or removed connection, or a new interval, re-arms the sync timer.
    if (name === 'settingsChanged' || name === 'connectionsChanged') syncScheduler?.rearm()
  }
  const handlers = createHandlers({
    ...opened,
    home: os.homedir(),
    // The handler passes only the catalog's own https pages (api/handlers.ts desktop.openCreatePage).
    openExternal: (url) => shell.openExternal(url),
    clipboard: guard,
    inbox,
    emit: (n, p) => {
      emit(n, p)
      onCoreEvent(n, p)
    },
  })
  pending.resolve(
    createDispatch(handlers, {
      logError: (channel, error) => console.error(`TokenDesk: ${channel} failed:`, error instanceof Error ? error.name : typeof error),
    }),
  )

  const iconDir = app.isPackaged ? path.join(process.resourcesPath, 'tray') : path.join(app.getAppPath(), 'build', 'tray')
  tray = createTray({ iconDir, onShow: showWindow, onQuit: () => app.quit() })
  const vault = opened.vault
  const settings = vault.settings()
  linuxBackground = settings.linuxKeepRunningInBackground
  const startAs = startWindow({
    platform: process.platform,
    argv: process.argv,
    wasOpenedAtLogin: process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin,
    tray: tray !== null,
    linuxBackground,
  })
  // A window may already be open (second-instance during start-up); otherwise open it unless this
  // is a login start that may stay in the background.
  if (startAs === 'show') showWindow()
  applyLoginItem(settings.openAtLogin)

  const openToken = (tokenId: string, rotate: boolean) => {
    inbox.openToken(tokenId, rotate)
    showWindow()
    announce() // a page still loading takes it at its start instead
  }
  scheduler = startReminderScheduler({
    reminders: opened.reminders,
    vault,
    openToken,
    showWindow,
    announceDue: () => emit('remindersChanged', {}),
    notificationsFailed: (reason) =>
      notice({
        kind: 'notifications-failed',
        message:
          `Reminders cannot be shown as notifications here (${reason.slice(0, 200)}); on macOS only a signed TokenDesk may show them. ` +
          'They still appear in the app and in the tray count.',
      }),
    tray: () => tray,
  })
  // A `tokendesk` run in a terminal shows in the open window within about half a second.
  stopOutsideWatch = watchOutsideChanges({
    db: opened.db,
    emit: (n, p) => {
      emit(n, p)
      onCoreEvent(n, p)
    },
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
    // Never leave a process the user cannot reach (policy.ts): without a visible way back, quit.
    if (closeAction({ platform: process.platform, tray: tray !== null, linuxBackground }) === 'quit') app.quit()
  })
  app.on('will-quit', (event) => {
    // The clipboard is asynchronous (Electron 44+): hold the quit until a copied secret is
    // cleared — at most QUIT_CLIPBOARD_DEADLINE_MS (desktop/quit.ts), then quit all the same.
    if (guard?.hasPending && !clearingForQuit) {
      event.preventDefault()
      clearingForQuit = true
      const g = guard
      void clearBeforeQuit(() => g.clearIfStillOurs()).then(() => app.quit())
      return
    }
    scheduler?.stop()
    syncScheduler?.stop()
    stopOutsideWatch?.()
    tray?.destroy()
    opened?.close()
    keychain?.close()
  })
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => fail(e instanceof Error ? e.message : String(e)))
}
