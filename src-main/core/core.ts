import { systemClock, type Clock } from './clock'
import { ConnectionService, type ConnectorFactory } from './connections/service'
import { openVault, type OpenedVault, type OpenVaultOptions } from './open-vault'
import { KeyringSecretStore } from './secrets/keyring-store'
import type { ReconcileReport } from './vault'
import { ConnectionRepo } from './store/connection-repo'

export interface CoreOptions extends OpenVaultOptions {
  /** Builds platform connectors; tests pass short timeouts through it. */
  connectorFactory?: ConnectorFactory
}

export interface Core extends OpenedVault {
  connections: ConnectionService
  connectionRepo: ConnectionRepo
  /** Finishes or rolls back whatever a crash interrupted, in the vault and the connections. */
  reconcile(): Promise<ReconcileReport & { rolledBackConnects: string[]; finishedDisconnects: string[] }>
}

/**
 * The whole core over one database and one keychain: the vault plus platform connections. The
 * Electron shell, the loopback test server and the CLI's connection commands all open it here.
 */
export function createCore(opts: CoreOptions): Core {
  const secrets = opts.secrets ?? new KeyringSecretStore()
  const clock: Clock = opts.clock ?? systemClock
  const opened = openVault({ ...opts, secrets, clock })
  const connectionRepo = new ConnectionRepo(opened.db)
  const connections = new ConnectionService({
    vault: opened.vault,
    repo: opened.repo,
    connections: connectionRepo,
    secrets,
    clock,
    actor: opts.actor,
    ...(opts.connectorFactory ? { connectorFactory: opts.connectorFactory } : {}),
  })
  return {
    ...opened,
    connections,
    connectionRepo,
    reconcile: async () => ({ ...(await opened.vault.reconcile()), ...(await connections.reconcile()) }),
  }
}
