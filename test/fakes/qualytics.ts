import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for a Qualytics instance using the documented shapes (Qualytics user guide,
 * docs/settings/tokens/* and docs/settings/service-token/*; ../shared/platform-apis.md): the
 * list `GET /api/user-tokens`, create `POST /api/user-tokens` ({name, expires_in_days} and, for a
 * service account, `user_id` — admins only; the secret once as `bearer_token`), `PUT
 * /api/user-tokens/{id}` {revoke}, `DELETE /api/user-tokens/{id}` (only a revoked token), and the
 * admins' service-token list `GET /api/user-tokens/service`. MGMT is an admin, MEMBER_MGMT is not.
 */
export const QUALYTICS_MGMT = 'qualytics-management-jwt-aaaaaaaaaaaaaaaa'
export const QUALYTICS_MEMBER_MGMT = 'qualytics-member-jwt-cccccccccccccccc'
/** The user id of the fake's one service account ("svc-etl"); the human user is 42. */
export const QUALYTICS_SERVICE_ACCOUNT = 77

export interface QualyticsRow { id: number; created: string; name: string; active: boolean; expiration: string | null; last_used: string | null; token: string; userId: number }

export interface FakeQualytics {
  url: string
  rows: QualyticsRow[]
  requests: { method: string; url: string; body: unknown }[]
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (body === undefined) return void res.writeHead(status).end()
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = ''
  for await (const c of req) text += c
  return text ? JSON.parse(text) : undefined
}

export async function startFakeQualytics(): Promise<FakeQualytics> {
  const rows: QualyticsRow[] = []
  const requests: FakeQualytics['requests'] = []
  let nextId = 1
  const server: Server = createServer(async (req, res) => {
    const body = await readJson(req)
    requests.push({ method: req.method ?? '', url: req.url ?? '', body })
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    const caller = bearer === QUALYTICS_MGMT ? 'admin' : bearer === QUALYTICS_MEMBER_MGMT ? 'member' : rows.find((r) => r.token === bearer && r.active)
    if (!caller) return send(res, 401, { detail: 'Could not validate credentials' })
    const view = ({ token: _t, userId, ...r }: QualyticsRow) => ({ ...r, user: { id: userId, user_name: userId === 42 ? 'john.doe' : 'svc-etl', user_type: userId === 42 ? 'Human' : 'Service' } })
    if (req.url === '/api/user-tokens/service' && req.method === 'GET') {
      if (caller !== 'admin') return send(res, 403, { detail: 'Admin role required' })
      return send(res, 200, rows.filter((r) => r.userId !== 42).map(view))
    }
    const one = /^\/api\/user-tokens\/(\d+)$/.exec(req.url ?? '')
    if (one) {
      const row = rows.find((r) => r.id === Number(one[1]))
      if (!row) return send(res, 404, { detail: 'Token not found' })
      if (req.method === 'PUT') {
        const b = body as { revoke?: unknown }
        if (typeof b?.revoke !== 'boolean') return send(res, 422, { detail: 'revoke: field required' })
        row.active = !b.revoke
        return send(res, 200, view(row))
      }
      if (req.method === 'DELETE') {
        // The guide: only revoked tokens can be deleted (its answer to an active one is not shown).
        if (row.active) return send(res, 409, { detail: 'Only revoked tokens can be deleted' })
        rows.splice(rows.indexOf(row), 1)
        return send(res, 204, undefined)
      }
    }
    if (req.url !== '/api/user-tokens') return send(res, 404, { detail: 'Not Found' })
    if (req.method === 'GET') return send(res, 200, rows.filter((r) => r.userId === 42).map(view))
    if (req.method === 'POST') {
      const b = body as { name: string; expires_in_days: number | null; user_id?: number }
      if (b.user_id !== undefined && caller !== 'admin') return send(res, 403, { detail: 'Admin role required' })
      if (rows.some((r) => r.name === b.name)) return send(res, 409, { detail: `Token with name ${b.name} already exists` })
      const created = '2026-11-24T12:00:00Z'
      const row: QualyticsRow = {
        id: nextId,
        created,
        name: b.name,
        active: true,
        expiration: b.expires_in_days === null ? null : new Date(Date.parse(created) + b.expires_in_days * 86_400_000).toISOString(),
        last_used: null,
        token: `qualytics-pat-${nextId++}-bbbbbbbbbbbb`,
        userId: b.user_id ?? 42,
      }
      rows.push(row)
      return send(res, 200, { ...view(row), bearer_token: row.token })
    }
    send(res, 405, { detail: 'Method Not Allowed' })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rows,
    requests,
    close: async () => {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
    },
  }
}
