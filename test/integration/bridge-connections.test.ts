import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Hub, startHub } from '../../hub/server'
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { DesktopInbox } from '../../src-main/core/desktop-inbox'
import { ClipboardGuard } from '../../src-main/core/clipboard-guard'
import { createConnector } from '../../src-main/core/connectors/registry'
import type { Connector } from '../../src-main/core/connectors/types'
import { type Core, createCore } from '../../src-main/core/core'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import type { CheckOutcome, ConnectResult, SyncReport, TokenView } from '../../src-preload/contract/channels'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The connection channels through the real dispatch → handlers → ConnectionService → hub stack.
requireSecretService()

let tmp: ReturnType<typeof tempDir>
let hub: Hub
let core: Core
let dispatch: Dispatch
let direct: Connector
let mgmt: string
const emitted: { e: string; p: unknown }[] = []

async function call<T>(channel: string, payload: unknown): Promise<T> {
  const env = await dispatch(channel, payload)
  if (!env.ok) throw Object.assign(new Error(env.error.message), { code: env.error.code })
  expect(JSON.stringify(env.value)).not.toContain(mgmt)
  return env.value as T
}

beforeAll(async () => {
  tmp = tempDir()
  hub = await startHub({ port: 0, dbPath: path.join(tmp.dir, 'hub.sqlite'), seed: true, log: () => {} })
  mgmt = hub.seeded!.managementToken
  direct = createConnector({ kind: 'tokendesk-hub', baseUrl: hub.url, managementToken: mgmt, timeoutMs: 2000 })
  core = createCore({
    dataDir: path.join(tmp.dir, 'vault'),
    actor: 'app',
    secrets: new KeyringSecretStore({ service: testKeychainService('bridge-conn') }),
    home: path.join(tmp.dir, 'home'),
    env: {},
  })
  const guard = new ClipboardGuard({ writeSecret: async () => {}, readText: async () => '', clear: () => {} }, { setTimeout: () => 0, clearTimeout: () => {} })
  dispatch = createDispatch(createHandlers({ ...core, home: tmp.dir, clipboard: guard, inbox: new DesktopInbox(), emit: (e, p) => emitted.push({ e, p }), openExternal: async () => undefined }))
})
afterAll(async () => {
  core.close()
  await hub.close()
  tmp.cleanup()
})

describe('bridge: connections and platform-backed token calls', () => {
  it('validates payloads and refuses a bad management token with a typed error', async () => {
    expect(await dispatch('connections.connect', { kind: 'github', baseUrl: hub.url, managementToken: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(await dispatch('tokens.generate', { connectionId: 'x', name: 'Bad Name' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const bad = await dispatch('connections.connect', { kind: 'tokendesk-hub', baseUrl: hub.url, managementToken: 'tdh_wrong-0000000000' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'platform', message: expect.stringMatching(/reconnect with a new token/) } })
    expect(await call('connections.list', {})).toEqual([])
  })

  it('connect → generate → check → revoke on the platform first → sync → delete → disconnect', async () => {
    const c = await call<ConnectResult>('connections.connect', { kind: 'tokendesk-hub', baseUrl: hub.url, name: 'hub', managementToken: mgmt })
    expect(c).toMatchObject({ name: 'hub', account: 'demo', importedOrgs: [{ name: 'quantum-lab', role: 'owner' }] })

    const { token, secret } = await call<{ token: TokenView; secret: string }>('tokens.generate', { connectionId: c.id, name: 'ui-made', expires: '60d', scopes: ['tokens:read'] })
    expect(token).toMatchObject({ name: 'ui-made', connectionId: c.id, status: 'active' })
    expect(emitted.at(-1)).toEqual({ e: 'tokensChanged', p: { ids: [token.id] } })
    expect((await fetch(`${hub.url}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(200)

    expect(await call<CheckOutcome>('tokens.check', { id: token.id })).toMatchObject({ ok: true, status: 'works', tokenId: token.id })

    expect((await call<TokenView>('tokens.revoke', { id: token.id })).status).toBe('revoked')
    expect((await direct.listTokens()).find((t) => t.remoteId === token.remoteId)?.active).toBe(false)

    await direct.restoreToken(token.remoteId!)
    const report = await call<SyncReport>('connections.sync', {})
    expect(report.results[0]!.updated).toEqual([{ id: token.id, name: 'ui-made', changes: ['restored on the platform'] }])
    expect(emitted.at(-1)).toEqual({ e: 'tokensChanged', p: { ids: [token.id] } })

    await call('tokens.revoke', { id: token.id })
    expect(await call('tokens.delete', { id: token.id })).toEqual({ deleted: true })
    expect((await direct.listTokens()).some((t) => t.remoteId === token.remoteId)).toBe(false)

    expect(await call('connections.disconnect', { id: c.id })).toEqual({ disconnected: true, unlinkedTokens: 0 })
    expect(await call('connections.list', {})).toEqual([])
    expect(await dispatch('connections.sync', { id: c.id })).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })
})
