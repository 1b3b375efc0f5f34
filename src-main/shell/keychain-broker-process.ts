import path from 'node:path'
import { utilityProcess } from 'electron'
import type { SpawnBroker } from '../core/secrets/keychain-broker'

/**
 * The app's keychain broker: Electron's utilityProcess running out/main/keychain-broker.js (an
 * entry of electron.vite.config.ts). The main process never makes a native keyring call itself,
 * so a Secret Service that never answers cannot freeze the window; at a call's deadline core kills
 * this process and the next call starts another.
 */
export function utilityBrokerSpawner(mainDir: string = __dirname): SpawnBroker {
  return () => {
    const child = utilityProcess.fork(path.join(mainDir, 'keychain-broker.js'), [], {
      serviceName: 'TokenDesk keychain',
      stdio: 'ignore',
    })
    const exitHandlers: Array<(why: string) => void> = []
    let exited = false
    child.on('exit', (code) => {
      if (exited) return
      exited = true
      for (const fn of exitHandlers) fn(`exit ${code}`)
    })
    // Calls made before the process has started wait here, in order, and go once it has.
    let queue: unknown[] | null = []
    child.once('spawn', () => {
      for (const m of queue ?? []) child.postMessage(m)
      queue = null
    })
    return {
      send: (m) => (queue ? void queue.push(m) : child.postMessage(m)),
      onMessage: (fn) => void child.on('message', fn),
      onExit: (fn) => void exitHandlers.push(fn),
      kill: () => void child.kill(),
      // The app's lifetime is the window's, not its event loop's: nothing to hold.
      hold: () => undefined,
    }
  }
}
