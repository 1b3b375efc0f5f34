import { CAPABILITIES, unsupportedOn } from './capabilities'
import { HttpClient, type HttpClientOptions } from './http'
import type { Capabilities, CheckResult, Connector, ConnectorKind, Operation } from './types'

/**
 * Connector for PlanQK (also used for the Kipu Quantum Hub connection kind, which we treat as
 * the same API under a different name — an assumption to confirm against that platform's docs).
 *
 * Documented (the PlanQK CLI's login), implemented:
 *   checkToken   POST {base}/authorize with header `X-Auth-Token: <personal access token>`
 *                2xx = works, 401/403 = rejected
 * Not supported (no public API documentation for managing access tokens):
 *   whoami, listTokens, createToken, revokeToken, restoreToken, deleteToken → "do it in the web UI"
 */
export class PlanqkConnector implements Connector {
  get capabilities(): Capabilities {
    return CAPABILITIES[this.kind]
  }
  private readonly http: HttpClient

  constructor(
    opts: HttpClientOptions,
    readonly kind: Extract<ConnectorKind, 'planqk' | 'kipu-hub'> = 'planqk',
  ) {
    this.http = new HttpClient(opts)
  }

  private refuse(op: Operation): never {
    throw unsupportedOn(this.kind, op)
  }

  async whoami(): Promise<never> {
    this.refuse('whoami')
  }
  async listTokens(): Promise<never> {
    this.refuse('listTokens')
  }
  async createToken(): Promise<never> {
    this.refuse('createToken')
  }
  async revokeToken(): Promise<never> {
    this.refuse('revokeToken')
  }
  async restoreToken(): Promise<never> {
    this.refuse('restoreToken')
  }
  async deleteToken(): Promise<never> {
    this.refuse('deleteToken')
  }

  async checkToken(secret: string): Promise<CheckResult> {
    const spec = {
      method: 'POST' as const,
      path: '/authorize',
      credential: 'the token being checked',
      secrets: [secret],
      headers: { 'x-auth-token': secret },
    }
    const conn = this.http.connection
    return this.http.checkCredential(spec, (status) =>
      status === 401 || status === 403 ? `${conn} rejected the token (HTTP ${status}): create a new one in the web UI` : null,
    )
  }
}
