import os from 'node:os'
import { systemClock, type Clock } from './clock'
import { ConnectionService, type ConnectorFactory } from './connections/service'
import type { FetchLike } from './connectors/http'
import { type BackupCrypt, inProcessCrypt } from './backup/age-crypt'
import { BackupService } from './backup/service'
import { DoctorService } from './doctor-service'
import { openVault, type OpenedVault, type OpenVaultOptions } from './open-vault'
import { KeyringSecretStore } from './secrets/keyring-store'
import { createServices, type CoreServices } from './services'
import type { ReconcileReport } from './vault'
import { RotationRepo } from './store/rotation-repo'
import { ConnectionRepo } from './store/connection-repo'
import { FoundCopyRepo } from './store/found-copy-repo'
import { Fingerprinter } from './placements/fingerprint'
import { ScanService } from './scan/service'
import type { ScanRunner } from './scan/runner'

export interface CoreOptions extends OpenVaultOptions {
  /** Builds platform connectors; tests pass short timeouts through it. */
  connectorFactory?: ConnectorFactory
  /** How connectors reach the network: Electron's net.fetch in the app, a proxy-aware fetch in the CLI. */
  fetch?: FetchLike
  /** Home for SDK config default paths; os.homedir() unless a test passes a temp dir. */
  home?: string
  /** Where SDK path overrides (AWS_SHARED_CREDENTIALS_FILE, ...) are read; process.env by default. */
  env?: Readonly<Record<string, string | undefined>>
  /** The backup's encryption; the app runs it in a worker thread (backup/worker-crypt.ts). */
  backupCrypt?: BackupCrypt
  /** Where scans for copies run; the app runs them in a worker thread (scan/worker-scan.ts). */
  scanRunner?: ScanRunner
}

export interface Core extends OpenedVault, CoreServices {
  connections: ConnectionService
  connectionRepo: ConnectionRepo
  /** Keychain entries without a token: report, reclaim, adopt, purge. */
  doctor: DoctorService
  /** The encrypted backup of the whole vault, and its restore. */
  backup: BackupService
  /** Scans for plaintext copies of the held secrets, recorded as found copies. */
  scan: ScanService
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
  const fingerprinter = new Fingerprinter(secrets)
  const connections = new ConnectionService({
    rotations: new RotationRepo(opened.db),
    vault: opened.vault,
    repo: opened.repo,
    connections: connectionRepo,
    secrets,
    clock,
    actor: opts.actor,
    ...(opts.connectorFactory ? { connectorFactory: opts.connectorFactory } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  })
  return {
    ...opened,
    ...createServices(opened, { home: opts.home ?? os.homedir(), env: opts.env, clock }),
    connections,
    connectionRepo,
    doctor: new DoctorService({ vault: opened.vault, repo: opened.repo, connectionRepo, secrets }),
    backup: new BackupService({ vault: opened.vault, secrets, clock, crypt: opts.backupCrypt ?? inProcessCrypt() }),
    scan: new ScanService({
      vault: opened.vault,
      home: opts.home ?? os.homedir(),
      env: opts.env ?? process.env,
      foundCopies: new FoundCopyRepo(opened.db),
      fingerprint: (s) => fingerprinter.of(s),
      clock,
      ...(opts.scanRunner ? { runner: opts.scanRunner } : {}),
      ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    }),
    reconcile: async () => ({ ...(await opened.vault.reconcile()), ...(await connections.reconcile()) }),
  }
}
