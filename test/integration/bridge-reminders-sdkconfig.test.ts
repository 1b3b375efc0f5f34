import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDispatch, type Dispatch } from '../../src-main/api/dispatch'
import { createHandlers } from '../../src-main/api/handlers'
import { DesktopInbox } from '../../src-main/core/desktop-inbox'
import { ClipboardGuard } from '../../src-main/core/clipboard-guard'
import { createCore, type Core } from '../../src-main/core/core'
import { DAY_MS } from '../../src-main/core/rules/status'
import { MemorySecretStore } from '../../src-main/core/secrets/memory-store'
import type { Envelope } from '../../src-preload/contract/define'
import { fakeClock, tempDir } from '../helpers/temp-dir'

// The reminders and sdkConfig channels through the real dispatch, handlers and SQLite file.
const T0 = Date.UTC(2025, 0, 10, 9)
const SECRET = 'pq-secret-Zq9-abcdefghijklmnop'
let tmp: ReturnType<typeof tempDir>
let opened: Core
let dispatch: Dispatch
let home: string
let emitted: { event: string; payload: unknown }[]
let clock: ReturnType<typeof fakeClock>

const call = async <T>(channel: string, payload: unknown): Promise<T> => {
  const env = (await dispatch(channel, payload)) as Envelope<T>
  if (!env.ok) throw new Error(`${env.error.code}: ${env.error.message}`)
  return env.value
}
const fail = async (channel: string, payload: unknown) => {
  const env = await dispatch(channel, payload)
  if (env.ok) throw new Error('expected a failure')
  return env.error
}
const uses = (id: string) => opened.vault.history(id).filter((a) => a.action === 'used').length

beforeEach(() => {
  tmp = tempDir()
  home = path.join(tmp.dir, 'home')
  clock = fakeClock(T0)
  opened = createCore({ dataDir: path.join(tmp.dir, 'data'), actor: 'app', secrets: new MemorySecretStore(), clock, home, env: {} })
  emitted = []
  const guard = new ClipboardGuard({ writeSecret: async () => {}, readText: async () => '', clear: () => {} }, { setTimeout: () => 0, clearTimeout: () => {} })
  dispatch = createDispatch(createHandlers({ ...opened, home: tmp.dir, clipboard: guard, inbox: new DesktopInbox(), emit: (event, payload) => emitted.push({ event, payload }), openExternal: async () => undefined }))
})
afterEach(() => {
  opened.close()
  tmp.cleanup()
})

describe('sdkConfig channels', () => {
  it('formats lists each format with its platforms', async () => {
    const formats = await call<{ format: string; platforms: string[]; defaultPath: string | null }[]>('sdkConfig.formats', {})
    expect(formats.map((f) => f.format)).toEqual(['planqk-json', 'qualytics-yaml', 'qiskit-ibm-json', 'aws-credentials-ini', 'hf-stored-tokens', 'hf-token-file', 'dotenv'])
    expect(formats.find((f) => f.format === 'planqk-json')?.platforms).toContain('planqk')
    expect(formats.find((f) => f.format === 'hf-stored-tokens')).toMatchObject({ platforms: ['huggingface'], defaultPath: '~/.cache/huggingface/stored_tokens' })
    expect(formats.find((f) => f.format === 'dotenv')?.defaultPath).toBeNull()
  })

  it('preview masks the secret and records no use; write creates the file 0600 and records one', async () => {
    const t = await opened.vault.add({ kind: 'personal', platform: 'planqk', name: 'pq', expires: '90d' }, SECRET)
    const preview = await call<{ path: string; exists: boolean; changed: boolean; diff: string }>('sdkConfig.preview', { id: t.id, format: 'planqk-json' })
    expect(preview.path).toBe(path.join(home, '.config/planqk/config.json'))
    expect(preview).toMatchObject({ exists: false, changed: true })
    expect(preview.diff).toContain('••••')
    expect(JSON.stringify(preview)).not.toContain(SECRET)
    expect(uses(t.id)).toBe(0)
    expect(fs.existsSync(preview.path)).toBe(false)

    const w = await call<{ path: string; created: boolean; backupPath: string | null }>('sdkConfig.write', { id: 'pq', format: 'planqk-json' })
    expect(w).toEqual({ path: preview.path, created: true, changed: true, backupPath: null })
    expect(JSON.stringify(w)).not.toContain(SECRET)
    expect(fs.readFileSync(w.path, 'utf8')).toContain(SECRET)
    expect(fs.statSync(w.path).mode & 0o777).toBe(0o600)
    expect(uses(t.id)).toBe(1)
    expect(emitted).toContainEqual({ event: 'tokensChanged', payload: { ids: [t.id] } })

    // A second write of the same entry changes nothing and makes no backup.
    expect(await call('sdkConfig.write', { id: t.id, format: 'planqk-json' })).toMatchObject({ changed: false, backupPath: null })
  })

  it('refuses a broken file, a format that does not fit, and a relative path; nothing is written', async () => {
    const t = await opened.vault.add({ kind: 'personal', platform: 'planqk', name: 'pq', expires: '90d' }, SECRET)
    const file = path.join(home, '.config/planqk/config.json')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, '{ not json')
    const broken = await fail('sdkConfig.write', { id: t.id, format: 'planqk-json' })
    expect(broken.code).toBe('invalid_input')
    expect(broken.message).not.toContain(SECRET)
    expect(fs.readFileSync(file, 'utf8')).toBe('{ not json')
    expect((await fail('sdkConfig.preview', { id: t.id, format: 'aws-credentials-ini' })).message).toMatch(/cannot be written as aws-credentials-ini/)
    expect((await fail('sdkConfig.preview', { id: t.id, format: 'dotenv', path: 'rel/.env', envKey: 'PQ' })).message).toMatch(/must be absolute/)
    expect((await fail('sdkConfig.preview', { id: t.id, format: 'yaml' })).code).toBe('invalid_input')
    expect(uses(t.id)).toBe(0)
  })
})

describe('reminders channels', () => {
  it('due lists what is due with its text; snooze hides it and announces the change', async () => {
    const t = await opened.vault.add({ kind: 'personal', platform: 'planqk', name: 'soon', expires: '2025-01-12' }, SECRET)
    const head = await call<{ items: { key: string; tokenId: string; title: string; body: string }[]; total: number }>('reminders.due', {})
    expect(head.total).toBe(1)
    const due = head.items
    expect(due).toHaveLength(1)
    expect(due[0]).toMatchObject({ tokenId: t.id, key: `${t.id}:${7 * DAY_MS}` })
    expect(due[0]!.title).toMatch(/^Token soon expires in/)

    const r = await call<{ key: string; snoozedUntil: number }>('reminders.snooze', { key: due[0]!.key, choice: '1d' })
    expect(r).toEqual({ key: due[0]!.key, snoozedUntil: T0 + DAY_MS })
    expect(emitted).toContainEqual({ event: 'remindersChanged', payload: {} })
    expect(await call('reminders.due', {})).toEqual({ items: [], total: 0 })
    clock.advance(DAY_MS)
    expect((await call<{ items: unknown[] }>('reminders.due', {})).items).toHaveLength(1)

    // Many due at once: the UI gets the soonest 50 (with texts) and the count of all.
    for (let i = 0; i < 60; i++) await opened.vault.add({ kind: 'personal', platform: 'planqk', name: `wave-${i}`, expires: '2025-01-13' }, SECRET)
    const many = await call<{ items: { tokenName: string; title: string }[]; total: number }>('reminders.due', {})
    expect(many.total).toBe(61)
    expect(many.items).toHaveLength(50)
    expect(many.items[0]!.tokenName).toBe('soon')
    expect(many.items.every((r) => r.title.length > 0)).toBe(true)

    expect((await fail('reminders.snooze', { key: due[0]!.key, choice: '2h' })).code).toBe('invalid_input')
    expect((await fail('reminders.snooze', { key: 'x', choice: '1h' })).code).toBe('invalid_input')
  })

  it('settings.update announces settingsChanged for the shell to re-plan', async () => {
    await call('settings.update', { openAtLogin: true })
    expect(emitted).toContainEqual({ event: 'settingsChanged', payload: expect.objectContaining({ openAtLogin: true }) })
  })
})
