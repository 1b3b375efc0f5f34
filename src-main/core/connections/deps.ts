import type { Clock } from '../clock'
import type { FetchLike } from '../connectors/http'
import type { ConnectorConfig } from '../connectors/registry'
import type { Connector } from '../connectors/types'
import type { SecretStore } from '../secrets/secret-store'
import type { ConnectionRepo } from '../store/connection-repo'
import type { RotationRepo } from '../store/rotation-repo'
import type { TokenRepo } from '../store/token-repo'
import type { Vault } from '../vault'

/**
 * What the connection services are built from. Its own module because both the façade
 * (service.ts) and what its parts share (context.ts) need it: living in service.ts, it made
 * context.ts ↔ service.ts a type-only import circle (issue #28).
 */
export type ConnectorFactory = (config: ConnectorConfig) => Connector

export interface ConnectionServiceDeps {
  vault: Vault
  repo: TokenRepo
  connections: ConnectionRepo
  /** Rotations on platforms in progress or waiting out their grace period (rotation.ts). */
  rotations: RotationRepo
  secrets: SecretStore
  clock: Clock
  actor: string
  /** Defaults to the registry's createConnector; tests inject short timeouts this way. */
  connectorFactory?: ConnectorFactory
  /** The host's fetch for the default connectors (proxy and certificates: see connectors/http.ts). */
  fetch?: FetchLike
  /** The environment the core was opened with: the checks without a connection read their URL overrides there. */
  env?: Readonly<Record<string, string | undefined>>
}

