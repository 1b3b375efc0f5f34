import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * Local stand-ins for the two who-am-I calls TokenDesk checks tokens with when no key-management
 * API exists (../shared/platform-apis.md): IonQ `GET /v0.4/whoami` with `Authorization: apiKey
 * <key>` → {key_id, key_name, project_id}; Hugging Face `GET /api/whoami-v2` with a Bearer token →
 * {type: "user", name, auth: {accessToken: {displayName, role}}}; Kipu Quantum Hub's Hub User API
 * `GET /user-service/me` with `X-Auth-Token: <PAT>` → 200 UserDto {email, firstName, lastName, …},
 * 401 "The request is not authenticated." (api.hub.kipu-quantum.com/user-service/docs). An unknown
 * token gets 401 from each. Every request's headers are kept, so a test can tell where a token went.
 */
export interface FakeWhoami {
  url: string
  /** Keys and tokens the fake accepts. */
  ionq: Set<string>
  hf: Set<string>
  /** Kipu Quantum Hub personal access tokens, with the user's email. */
  kipu: Map<string, string>
  hits: string[]
  /** Every request's headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>[]
  close(): Promise<void>
}

export async function startFakeWhoami(): Promise<FakeWhoami> {
  const ionq = new Set<string>()
  const hf = new Set<string>()
  const kipu = new Map<string, string>()
  const hits: string[] = []
  const headers: Record<string, string | string[] | undefined>[] = []
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    headers.push({ ...req.headers })
    const auth = req.headers.authorization ?? ''
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    if (req.method === 'GET' && req.url === '/v0.4/whoami') {
      const key = /^apiKey (.+)$/.exec(auth)?.[1]
      if (!key || !ionq.has(key)) return json(401, { error: 'Unauthorized', message: 'Invalid key provided' })
      return json(200, { key_id: 'k-1', key_name: 'lab', project_id: 'p-1' })
    }
    if (req.method === 'GET' && req.url === '/api/whoami-v2') {
      const token = /^Bearer (.+)$/.exec(auth)?.[1]
      if (!token || !hf.has(token)) return json(401, { error: 'Invalid credentials in Authorization header' })
      return json(200, { type: 'user', name: 'researcher', auth: { accessToken: { displayName: 'lab', role: 'read' } } })
    }
    if (req.method === 'GET' && req.url === '/user-service/me') {
      const token = req.headers['x-auth-token']
      const email = typeof token === 'string' ? kipu.get(token) : undefined
      if (!email) return json(401, { status: 401, error: 'Unauthorized', message: 'The request is not authenticated.' })
      return json(200, { email, firstName: 'Ada', lastName: 'Lovelace', position: null, homepage: null, about: null })
    }
    json(404, { error: 'Not Found' })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ionq,
    hf,
    kipu,
    hits,
    headers,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
