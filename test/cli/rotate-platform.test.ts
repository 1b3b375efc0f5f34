import { spawn } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hub, startHub } from '../../hub/server'
import { PAUSED_MARKER, PLATFORM_ROTATE_PAUSE_PHASES, type PausePhase } from '../../src-main/core/pause-point'
import { requireSecretService } from '../helpers/secret-service'
import { cliHome, useBuiltCli } from './harness'

// Rotation on the platform from the built CLI against the reference hub (real HTTP) and the real
// Secret Service: the successor takes the token's place, the copies are rewritten, the old
// platform token is revoked after the grace period — and a kill at each step leaves the old token
// working or the new one in place, with no platform token TokenDesk does not know.
requireSecretService()

const cli = useBuiltCli('rotate-platform')
let hub: Hub
let mgmt: string

async function hubApi(method: string, pathname: string, bearer: string): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${hub.url}${pathname}`, { method, headers: { authorization: `Bearer ${bearer}` } })
  const text = await res.text()
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : null }
}
const works = async (secret: string) => (await hubApi('GET', '/api/v1/me', secret)).status === 200
const hubTokens = async () => ((await hubApi('GET', '/api/v1/tokens', mgmt)).json as { tokens: { id: string; name: string; active?: boolean; status?: string }[] }).tokens
const isActive = (t: { active?: boolean; status?: string }) => t.active ?? t.status === 'active'

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(cli.dir || '/tmp', 'hub-'))
  hub = await startHub({ port: 0, dbPath: path.join(dir, 'hub.sqlite'), seed: true, log: () => {} })
  mgmt = hub.seeded!.managementToken
})
afterAll(() => hub.close())

/** A vault of its own, connected to the shared hub, with a generated token named `name` (unique on the hub). */
async function setup(name: string) {
  const h = cliHome(cli, name)
  expect((await h.td(['connect', 'tokendesk-hub', '--url', hub.url, '--name', 'hub'], `${mgmt}\n`)).code).toBe(0)
  const g = await h.td(['generate', '--connection', 'hub', '--name', name, '--expires', '30d', '--scope', 'tokens:read'])
  expect(g.stderr).toMatch(/^generated/)
  return { h, old: g.stdout.trim(), name }
}

/** Every active hub token of this vault's token and its successors is one TokenDesk tracks. */
async function noUnknownTokens(h: ReturnType<typeof cliHome>, name: string) {
  const mine = (JSON.parse((await h.td(['list', '--json'])).stdout) as { items: { remoteId: string | null }[] }).items.map((t) => t.remoteId)
  const ours = (await hubTokens()).filter((t) => t.name === name || t.name.startsWith(`${name}-r`))
  expect(ours.filter((t) => isActive(t) && !mine.includes(t.id))).toEqual([])
}

function runUntilPaused(h: ReturnType<typeof cliHome>, args: string[], phase: PausePhase): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.bundle, ...args], { env: { ...h.env, TOKENDESK_TEST_PAUSE_AT: phase }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      if (stderr.includes(`${PAUSED_MARKER} ${phase}\n`)) child.kill('SIGKILL')
    })
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`did not pause at ${phase}: ${stderr}`))))
  })
}

/**
 * A reverse proxy in front of the hub that can lose the hub's answer to a create (the request
 * reaches the hub, the reply never reaches TokenDesk) and fail the next list once (503).
 */
async function lossyProxy() {
  const mode = { dropCreate: false, failLists: 0 }
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      if (req.method === 'GET' && req.url?.startsWith('/api/v1/tokens') && mode.failLists > 0) {
        mode.failLists--
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}')
        return
      }
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>
      const upstream = await fetch(`${hub.url}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
      const body = Buffer.from(await upstream.arrayBuffer())
      if (req.method === 'POST' && req.url === '/api/v1/tokens' && mode.dropCreate) {
        mode.dropCreate = false
        req.socket.destroy() // the hub made the token; its answer is lost
        return
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(body)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, mode, close: () => new Promise<void>((r) => server.close(() => r())) }
}

describe('tokendesk rotate --on-platform', () => {
  it('a create whose reply was lost leaves no live successor: found by its name and revoked at once, or on the next sync when that fails too', async () => {
    const proxy = await lossyProxy()
    try {
      const h = cliHome(cli, 'rp-dropped')
      expect((await h.td(['connect', 'tokendesk-hub', '--url', proxy.url, '--name', 'hub'], `${mgmt}\n`)).code).toBe(0)
      const g = await h.td(['generate', '--connection', 'hub', '--name', 'rp-dropped', '--expires', '30d', '--scope', 'tokens:read'])
      expect(g.stderr).toMatch(/^generated/)
      const old = g.stdout.trim()
      const successors = async () => (await hubTokens()).filter((t) => t.name.startsWith('rp-dropped-r'))

      // 1. The reply is lost; the list TokenDesk then asks for answers: the successor is revoked at once.
      proxy.mode.dropCreate = true
      const first = await h.td(['rotate', 'rp-dropped', '--on-platform'])
      expect(first.code).not.toBe(0)
      expect(first.stderr).toMatch(/"rp-dropped" was not changed/)
      expect((await successors()).filter(isActive)).toEqual([])
      expect(await works(old)).toBe(true)

      // 2. The reply is lost and the list fails too: the intent stays, and the next sync revokes it.
      proxy.mode.dropCreate = true
      proxy.mode.failLists = 1
      const second = await h.td(['rotate', 'rp-dropped', '--on-platform'])
      expect(second.code).not.toBe(0)
      expect(second.stderr).toMatch(/revoked on the next run or sync/)
      expect((await successors()).filter(isActive)).toHaveLength(1)
      const sync = await h.td(['sync', '--json'])
      expect(sync.code, sync.stderr).toBe(0)
      expect((await successors()).filter(isActive)).toEqual([])
      const report = JSON.parse(sync.stdout) as { results: { unknownOnPlatform: { name: string }[]; ownOnPlatform: { name: string; state: string }[] }[] }
      expect(report.results[0]!.unknownOnPlatform.filter((u) => u.name.startsWith('rp-dropped'))).toEqual([])
      expect(await works(old)).toBe(true)
      await noUnknownTokens(h, 'rp-dropped')

      // 3. A rotation in its grace period: the old token is TokenDesk's own, not "not in TokenDesk".
      expect((await h.td(['rotate', 'rp-dropped', '--on-platform', '--grace', '1d'])).code).toBe(0)
      const graced = JSON.parse((await h.td(['sync', '--json'])).stdout) as typeof report
      expect(graced.results[0]!.unknownOnPlatform).toEqual([])
      expect(graced.results[0]!.ownOnPlatform).toEqual([expect.objectContaining({ name: 'rp-dropped', state: 'in-grace', tokenName: 'rp-dropped' })])
      const text = await h.td(['sync'])
      expect(text.stdout).toMatch(/TokenDesk's own: rp-dropped .* of rp-dropped: the old token of a rotation, revoked when its grace period ends/)
    } finally {
      await proxy.close()
    }
  }, 120_000)

  it('the successor takes the token’s place and its copies; the old one keeps working until the grace period ends', async () => {
    const { h, old, name } = await setup('rp-grace')
    const env = h.write('proj/.env', 'OTHER=1\n')
    expect((await h.td(['config', 'write', name, '--format', 'dotenv', '--path', env, '--env-key', 'HUB_TOKEN', '--yes'])).code).toBe(0)
    const before = JSON.parse((await h.td(['show', name, '--json'])).stdout) as { token: { id: string; remoteId: string; scopes: string[]; expiresAt: number; createdAt: number } }

    const r = await h.td(['rotate', name, '--on-platform', '--grace', '1d', '--update-configs'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^rotated rp-grace \([^)]+\) on its platform; the old platform token stays valid until \d{4}-\d\d-\d\d \d\d:\d\d UTC, then TokenDesk revokes it/)
    expect(r.stderr).toMatch(/updated .*\.env/)
    const secret = r.stdout.trim()
    expect(secret).not.toBe(old)
    expect(await works(secret)).toBe(true)
    expect(await works(old)).toBe(true) // the grace period
    expect(fs.readFileSync(env, 'utf8')).toContain(secret)
    expect((await h.td(['get', name])).stdout).toBe(secret)
    const after = JSON.parse((await h.td(['show', name, '--json'])).stdout) as { token: { id: string; remoteId: string; scopes: string[]; expiresAt: number }; audit: { action: string; detail: string | null }[] }
    expect(after.token.id).toBe(before.token.id)
    expect(after.token.remoteId).not.toBe(before.token.remoteId)
    expect(after.token.scopes).toEqual(before.token.scopes)
    expect(Math.round((after.token.expiresAt - Date.now()) / 86_400_000)).toBe(30)
    expect(after.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['created', 'rotated', 'updated']))

    // The grace period ends (moved in the database, as the clock cannot be): the next run revokes.
    const db = new Database(path.join(h.data, 'tokendesk.db'))
    db.prepare('UPDATE rotations SET retire_at = 0').run()
    db.close()
    expect((await h.td(['sync'])).code).toBe(0)
    expect(await works(old)).toBe(false)
    expect(await works(secret)).toBe(true)
    await noUnknownTokens(h, name)
  })

  it('rotates the same token twice within a minute (each successor has a name of its own)', async () => {
    const { h, name } = await setup('rp-twice')
    const first = await h.td(['rotate', name, '--on-platform', '--grace', '1h'])
    expect(first.code, first.stderr).toBe(0)
    const second = await h.td(['rotate', name, '--on-platform', '--grace', '1h'])
    expect(second.code, second.stderr).toBe(0)
    expect(await works(second.stdout.trim())).toBe(true)
    const successors = (await hubTokens()).filter((t) => t.name.startsWith(`${name}-r`)).map((t) => t.name)
    expect(new Set(successors).size).toBe(2)
    // Both old platform tokens wait for their grace period; once it ends, the next run revokes them.
    const db = new Database(path.join(h.data, 'tokendesk.db'))
    expect(db.prepare("SELECT count(*) AS n FROM rotations WHERE state = 'retiring'").get()).toEqual({ n: 2 })
    db.prepare('UPDATE rotations SET retire_at = 0').run()
    db.close()
    expect((await h.td(['sync'])).code).toBe(0)
    await noUnknownTokens(h, name)
  })

  it('refuses what it cannot do, and says why', async () => {
    const { h, name } = await setup('rp-refusals')
    expect((await h.td(['rotate', name, '--on-platform', '--grace', '2d'])).stderr).toMatch(/grace period is one of now, 1h, 1d, 7d/)
    expect((await h.td(['rotate', name, '--grace', '1d'])).stderr).toMatch(/--grace goes with --on-platform/)
    expect((await h.td(['add', '--platform', 'planqk', '--name', 'by-hand'], 'pat-by-hand-0123456789\n')).code).toBe(0)
    const byHand = await h.td(['rotate', 'by-hand', '--on-platform'])
    expect(byHand.code).toBe(4)
    expect(byHand.stderr).toMatch(/was not generated through a connection.*tokendesk rotate by-hand/)
  })

  it.each(PLATFORM_ROTATE_PAUSE_PHASES)('killed at %s: the old token works or the new one is in place, nothing untracked on the platform', async (phase) => {
    const { h, old, name } = await setup(`rp-kill-${phase.replace(/^.*:/, '')}`)
    await runUntilPaused(h, ['rotate', name, '--on-platform'], phase)
    // The next TokenDesk run settles it (sync runs the start-up reconcile first).
    expect((await h.td(['sync'])).code).toBe(0)
    const now = (await h.td(['get', name])).stdout
    expect(await works(now)).toBe(true)
    if (phase === 'platform-rotate:swapped') {
      expect(now).not.toBe(old) // finished: the new one is in place, the old one revoked (grace "now")
      expect(await works(old)).toBe(false)
    } else {
      expect(now).toBe(old) // undone: the old one stays
    }
    const db = new Database(path.join(h.data, 'tokendesk.db'))
    expect(db.prepare('SELECT count(*) AS n FROM rotations').get()).toEqual({ n: 0 })
    db.close()
    await noUnknownTokens(h, name)
  })
})
