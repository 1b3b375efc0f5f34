import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { Dispatch } from '../api/dispatch'
import type { Envelope } from '../../src-preload/contract/define'
import { CHANNELS, eventChannel, type EventName } from '../../src-preload/contract/types'

export interface IpcTrust {
  /** The one window whose main frame may call. */
  mainWindow: () => BrowserWindow | null
  /** Whether a URL is the app's own page (see app-url.ts). */
  isAppUrl: (url: string) => boolean
}

const untrusted: Envelope<never> = { ok: false, error: { code: 'permission_denied', message: 'this request did not come from the TokenDesk window' } }

/**
 * Like GitHub Desktop's trusted-IPC wrapper: a call is dispatched only when it comes from the
 * main frame of the main window while that frame shows the app's own page. A subframe, a
 * navigated-away page or any other webContents gets an error envelope and never reaches a handler.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, trust: IpcTrust): boolean {
  const win = trust.mainWindow()
  if (!win || win.isDestroyed()) return false
  const frame = event.senderFrame
  if (!frame || event.sender !== win.webContents) return false
  if (frame !== win.webContents.mainFrame) return false
  return trust.isAppUrl(frame.url)
}

/** Registers one ipcMain.handle per contract channel; returns emit() and a dispose(). */
export function registerIpc(dispatch: Dispatch, trust: IpcTrust) {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(event, trust)) return untrusted
      return dispatch(channel, payload)
    })
  }
  const emit = (name: EventName, payload: unknown) => {
    const win = trust.mainWindow()
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return
    if (!trust.isAppUrl(win.webContents.getURL())) return
    win.webContents.send(eventChannel(name), payload)
  }
  const dispose = () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel)
  }
  return { emit, dispose }
}
