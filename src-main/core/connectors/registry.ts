import { z } from 'zod'
import { invalid } from '../errors'
import { MAX_SECRET_LENGTH } from '../model'
import { HubConnector } from './hub'
import { IbmCloudConnector } from './ibm-cloud'
import { AWS_IAM_DEFAULT_URL, AwsIamConnector } from './aws-iam'
import type { FetchLike, HttpClientOptions } from './http'
import { PlanqkConnector } from './planqk'
import { QualyticsConnector } from './qualytics'
import { CONNECTOR_KINDS, type Connector } from './types'

/**
 * Builds the connector for a connection. The base URL is checked here, once: a management token
 * may only travel over https, except to this machine (the hub, local tests).
 */

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function checkBaseUrl(raw: string): URL {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw invalid('the platform URL is not a valid URL; use e.g. https://your-instance.example.com')
  }
  if (url.username || url.password) throw invalid('the platform URL must not contain a user name or password')
  if (url.search || url.hash) throw invalid('the platform URL must not have a query (?…) or fragment (#…)')
  if (url.protocol === 'https:') return url
  if (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return url
  if (url.protocol === 'http:') throw invalid(`use https:// for ${url.host}; plain http is only allowed for 127.0.0.1 and localhost`)
  throw invalid('the platform URL must start with https://')
}

export const ConnectorConfigSchema = z.strictObject({
  kind: z.enum(CONNECTOR_KINDS),
  baseUrl: z.string().max(2048),
  // Custom messages: zod's defaults could quote the value, and this value is a secret.
  managementToken: z
    .string({ error: 'a management token is required' })
    .max(MAX_SECRET_LENGTH, 'the management token is too long')
    .regex(/^[\x21-\x7e]*$/, { message: 'the management token contains spaces or invalid characters; paste it again' })
    .optional(),
  timeoutMs: z.number().int().min(50).max(120_000).optional(),
  maxRetryAfterMs: z.number().int().min(0).max(300_000).optional(),
  /** Shown in messages; defaults to `<kind> "<host>"`. */
  connectionName: z.string().min(1).max(80).optional(),
})
export type ConnectorConfig = z.input<typeof ConnectorConfigSchema>

export function createConnector(config: ConnectorConfig, transport: { fetch?: FetchLike } = {}): Connector {
  const parsed = ConnectorConfigSchema.safeParse(config)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw invalid(`${issue?.path.join('.') || 'connection'}: ${issue?.message ?? 'invalid connection'}`)
  }
  const c = parsed.data
  const url = checkBaseUrl(c.baseUrl)
  const opts: HttpClientOptions = {
    baseUrl: url.toString().replace(/\/+$/, ''),
    connection: c.connectionName ? `"${c.connectionName}"` : `${c.kind} "${url.host}"`,
    ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
    ...(c.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: c.maxRetryAfterMs } : {}),
    ...(transport.fetch ? { fetch: transport.fetch } : {}),
  }
  const needToken = () => {
    if (!c.managementToken) throw invalid(`a management token is required for a ${c.kind} connection`)
    return c.managementToken
  }
  switch (c.kind) {
    case 'tokendesk-hub':
      return new HubConnector(opts, needToken())
    case 'qualytics':
      return new QualyticsConnector(opts, needToken())
    case 'ibm-cloud':
      return new IbmCloudConnector(opts, needToken())
    case 'aws-iam':
      // AWS's own endpoints unless another URL was given (tests, private endpoints).
      return new AwsIamConnector(
        {
          ...(opts.baseUrl === AWS_IAM_DEFAULT_URL ? {} : { endpoint: opts.baseUrl }),
          connection: opts.connection,
          ...(c.timeoutMs !== undefined ? { timeoutMs: c.timeoutMs } : {}),
          ...(transport.fetch ? { fetch: transport.fetch } : {}),
        },
        needToken(),
      )
    case 'planqk':
    case 'kipu-hub':
      // Only checks a token given per call, so no management token is needed.
      return new PlanqkConnector(opts, c.kind)
  }
}
