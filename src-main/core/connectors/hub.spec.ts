import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hub, startHub } from '../../../hub/server'
import { PlatformError } from './http'
import { createConnector } from './registry'
import type { Connector } from './types'

const DAY_MS = 24 * 60 * 60 * 1000
let now = Date.UTC(2026, 10, 24, 12, 0, 0)
const dir = mkdtempSync(join(tmpdir(), 'tokendesk-conn-'))
const secrets: string[] = []
let hub: Hub
let demo: Connector

const connect = (token: string) => createConnector({ kind: 'tokendesk-hub', baseUrl: hub.url, managementToken: token, timeoutMs: 2000 })

async function platformError(p: Promise<unknown>): Promise<PlatformError> {
  const e = await p.then(
    () => {
      throw new Error('expected a PlatformError')
    },
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(PlatformError)
  for (const s of secrets) expect((e as Error).message).not.toContain(s)
  return e as PlatformError
}

beforeAll(async () => {
  hub = await startHub({ port: 0, dbPath: join(dir, 'hub.sqlite'), clock: () => now, seed: true, log: () => {} })
  secrets.push(hub.seeded!.managementToken)
  demo = connect(hub.seeded!.managementToken)
})

afterAll(async () => {
  await hub.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('HubConnector against a real hub', () => {
  it('reports full capabilities and who I am', async () => {
    expect(Object.values(demo.capabilities).every(Boolean)).toBe(true)
    expect(await demo.whoami()).toEqual({ user: 'demo', orgs: [{ name: 'quantum-lab', role: 'owner' }] })
  })

  it('runs the whole lifecycle: create, list, check, revoke, restore, revoke, delete', async () => {
    const { token, secret } = await demo.createToken({ name: 'lab-laptop', expiresInDays: 90, scopes: ['tokens:read'] })
    secrets.push(secret)
    expect(token).toMatchObject({ name: 'lab-laptop', active: true, createdAt: now, expiresAt: now + 90 * DAY_MS, lastUsedAt: null, scopes: ['tokens:read'] })

    expect(await demo.checkToken(secret)).toMatchObject({ ok: true, status: 'works', httpStatus: 200 })
    const listed = (await demo.listTokens()).find((t) => t.remoteId === token.remoteId)
    expect(listed).toMatchObject({ name: 'lab-laptop', active: true, lastUsedAt: now })
    expect(JSON.stringify(await demo.listTokens())).not.toContain(secret)

    await demo.revokeToken(token.remoteId)
    const revoked = await demo.checkToken(secret)
    expect(revoked).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })
    expect(revoked.message).not.toContain(secret)
    expect((await demo.listTokens()).find((t) => t.remoteId === token.remoteId)?.active).toBe(false)

    await demo.restoreToken(token.remoteId)
    expect((await demo.checkToken(secret)).ok).toBe(true)

    await demo.revokeToken(token.remoteId)
    await demo.deleteToken(token.remoteId)
    expect((await demo.listTokens()).some((t) => t.remoteId === token.remoteId)).toBe(false)
    expect(await demo.checkToken(secret)).toMatchObject({ ok: false, status: 'rejected' })
    // A connection using a deleted token gets a clear "reconnect" error.
    const err = await platformError(connect(secret).whoami())
    expect(err.kind).toBe('unauthorized')
    expect(err.message).toMatch(/reconnect with a new token/)
  })

  it('creates with an exact date and with never', async () => {
    const at = now + 10 * DAY_MS
    const dated = await demo.createToken({ name: 'dated', expiresAt: at })
    secrets.push(dated.secret)
    expect(dated.token.expiresAt).toBe(at)
    const never = await demo.createToken({ name: 'forever', expiresInDays: null })
    secrets.push(never.secret)
    expect(never.token.expiresAt).toBeNull()
  })

  it('refuses an ambiguous expiry before any request', async () => {
    await expect(demo.createToken({ name: 'x', scopes: [] })).rejects.toThrow(/exactly one of expiresInDays or expiresAt/)
    await expect(demo.createToken({ name: 'Bad Name', expiresInDays: 30 })).rejects.toThrow(/invalid name/)
  })

  it('a token stops working once it expires (hub clock moves)', async () => {
    const { token, secret } = await demo.createToken({ name: 'short', expiresInDays: 1, scopes: ['tokens:read'] })
    secrets.push(secret)
    const conn = connect(secret)
    expect((await conn.listTokens()).length).toBeGreaterThan(0)
    now += DAY_MS
    try {
      expect(await demo.checkToken(secret)).toMatchObject({ ok: false, status: 'rejected', httpStatus: 401 })
      const err = await platformError(conn.listTokens())
      expect(err.kind).toBe('unauthorized')
      expect(err.status).toBe(401)
      expect((await demo.listTokens()).find((t) => t.remoteId === token.remoteId)?.active).toBe(false)
    } finally {
      now -= DAY_MS
    }
  })

  it('403 when the token lacks the scope', async () => {
    const { secret } = await demo.createToken({ name: 'reader', expiresInDays: 30, scopes: ['tokens:read'] })
    secrets.push(secret)
    const reader = connect(secret)
    expect(Array.isArray(await reader.listTokens())).toBe(true)
    const err = await platformError(reader.createToken({ name: 'nope', expiresInDays: 30 }))
    expect(err.kind).toBe('forbidden')
    expect(err.message).toMatch(/lacks the \\?"tokens:write\\?" scope/)
    expect((await platformError(reader.revokeToken('tok_x'))).kind).toBe('forbidden')
  })

  it('409 for a duplicate name and for deleting a token that is not revoked', async () => {
    const { token, secret } = await demo.createToken({ name: 'dup', expiresInDays: 30 })
    secrets.push(secret)
    const dup = await platformError(demo.createToken({ name: 'dup', expiresInDays: 60 }))
    expect(dup.kind).toBe('conflict')
    expect(dup.message).toMatch(/already have a token named/)
    const del = await platformError(demo.deleteToken(token.remoteId))
    expect(del.kind).toBe('conflict')
    expect(del.message).toMatch(/revoke it before deleting it/)
    expect((await platformError(demo.restoreToken(token.remoteId))).kind).toBe('conflict')
  })

  it('404 for an unknown token id', async () => {
    const err = await platformError(demo.revokeToken('tok_doesnotexist'))
    expect(err.kind).toBe('not_found')
  })

  it('shows org roles: the seeded member sees quantum-lab as member, and is refused management', async () => {
    const adaToken = hub.admin.issueManagementToken('ada', 'ada-conn')
    secrets.push(adaToken)
    const ada = connect(adaToken)
    expect(await ada.whoami()).toEqual({ user: 'ada', orgs: [{ name: 'quantum-lab', role: 'member' }] })
    // Provider tokens are not part of the Connector interface; the role check is visible over HTTP.
    const res = await fetch(`${hub.url}/api/v1/orgs/quantum-lab/provider-tokens/ibm-quantum`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${adaToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ secret: 'x' }),
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/only an owner or maintainer/)
  })
})
