import { PlatformError } from '../connectors/http'
import type { Connector, Operation } from '../connectors/types'
import { unsupportedOn } from '../connectors/capabilities'
import { TokenDeskError, invalid, notFound } from '../errors'
import type { ConnectionRow } from '../store/connection-repo'
import type { TokenRow } from '../store/token-repo'
import type { ConnectionServiceDeps, ConnectorFactory } from './deps'

/**
 * What the connections' parts share: the dependencies, finding a connection, building its
 * connector with the management token from the keychain, and the refusal of an operation the
 * platform does not document. Connection management (service.ts), platform-first token
 * operations (platform-ops.ts), sync (sync.ts) and checks (check.ts) each hold one of these.
 */
export class ConnectionContext {
  constructor(
    readonly deps: ConnectionServiceDeps,
    readonly factory: ConnectorFactory,
  ) {}

  now(): number {
    return this.deps.clock()
  }
  get repo() {
    return this.deps.repo
  }
  get conns() {
    return this.deps.connections
  }

  /** Resolves a connection id, or its name. */
  resolveConnection(ref: string): ConnectionRow {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 200) throw invalid('give a connection id or name')
    const byId = this.conns.find(ref)
    if (byId && byId.state === 'ready') return byId
    const byName = this.conns.findReadyByName(ref)
    if (byName) return byName
    throw notFound(`no connection "${ref.slice(0, 80)}"; list them with \`tokendesk connections\``)
  }

  async connectorFor(c: ConnectionRow): Promise<Connector> {
    let managementToken: string | undefined
    if (c.secretRef !== null) {
      const s = await this.deps.secrets.get(c.secretRef)
      if (s === null) {
        throw new TokenDeskError(
          'not_found',
          `the management token of connection "${c.name}" is missing from the ${this.deps.secrets.description}; it may have been removed outside TokenDesk. Disconnect and connect again`,
        )
      }
      managementToken = s
    }
    return this.factory({ kind: c.kind, baseUrl: c.baseUrl, managementToken, connectionName: c.name })
  }

  /** Refuses an operation the platform does not document, with the capability table's "do it in the web UI". */
  requireCapability(connector: Connector, op: Operation, what: string, outcome: string): void {
    if (connector.capabilities[op]) return
    throw wrap(unsupportedOn(connector.kind, op), what, outcome)
  }

  /** The ready connection a token was generated through, or null for a plain vault token. */
  linkOf(row: TokenRow): { conn: ConnectionRow; remoteId: string } | null {
    if (!row.connectionId || !row.remoteId) return null
    const conn = this.conns.find(row.connectionId)
    if (!conn || conn.state !== 'ready') return null
    return { conn, remoteId: row.remoteId }
  }

}

/**
 * Puts which object and what happens next in front of an error from a connector, keeping its
 * code and PlatformError kind (so the UI can still offer "reconnect", "retry later", ...).
 */
export function wrap(e: unknown, what: string, outcome: string): Error {
  if (e instanceof PlatformError) {
    return new PlatformError(e.kind, `${what}: ${e.message}. ${capitalize(outcome)}`, {
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    })
  }
  if (e instanceof TokenDeskError) return new TokenDeskError(e.code, `${what}: ${e.message}. ${capitalize(outcome)}`)
  return e instanceof Error ? e : new Error(String(e))
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
