import path from 'node:path'
import { utilityProcess } from 'electron'
import type { SpawnBroker } from '../core/secrets/keychain-broker'
import { brokerPort } from './broker-child'

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
    return brokerPort(child)
  }
}
