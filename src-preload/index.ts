import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import table from 'virtual:tokendesk-channel-table'
import { makeBridge } from './contract/make-bridge'
import { eventChannel } from './contract/table'
import type { Invoke, Subscribe } from './contract/types'

/**
 * The sandboxed preload: exposes exactly `window.tokendesk`, one named function per contract
 * entry plus `on(event, listener)`. No ipcRenderer, no generic invoke, no IpcRendererEvent ever
 * reaches the page (the event object would hand the page `sender`, i.e. ipcRenderer).
 */
const invoke: Invoke = (channel, payload) => ipcRenderer.invoke(channel, payload)

const subscribe: Subscribe = (name, listener) => {
  if (!table.events.includes(name)) throw new TypeError(`unknown TokenDesk event: ${String(name)}`)
  if (typeof listener !== 'function') throw new TypeError('listener must be a function')
  const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
  ipcRenderer.on(eventChannel(name), wrapped)
  return () => {
    ipcRenderer.removeListener(eventChannel(name), wrapped)
  }
}

contextBridge.exposeInMainWorld('tokendesk', makeBridge(table, invoke, subscribe))
