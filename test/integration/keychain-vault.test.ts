import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openVault, type OpenedVault } from '../../src-main/core/open-vault'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// The vault against the real Secret Service and a real SQLite file: what the user's machine does.
requireSecretService()

const service = testKeychainService('vault')
let tmp: ReturnType<typeof tempDir>
let opened: OpenedVault
const canary = (label: string) => `canary-${label}-${Math.random().toString(36).slice(2)}-Zq9`

function lookup(ref: string): string | null {
  try {
    return execFileSync('secret-tool', ['lookup', 'service', service, 'username', ref], { encoding: 'utf8' })
  } catch {
    return null
  }
}

beforeAll(() => {
  tmp = tempDir()
  opened = openVault({ dataDir: tmp.dir, actor: 'test', secrets: new KeyringSecretStore({ service }) })
})
afterAll(() => {
  opened.close()
  tmp.cleanup()
})

describe('vault on the real keychain', () => {
  it('keeps the secret in the Secret Service, readable by other tools, and removes it on delete', async () => {
    const secret = canary('life')
    const t = await opened.vault.add({ kind: 'personal', platform: 'planqk', name: 'real-life' }, secret)
    expect(lookup(`${t.id}.1`)).toBe(secret)
    expect(await opened.vault.reveal(t.id)).toBe(secret)
    const rotated = canary('rotated')
    await opened.vault.rotate(t.id, rotated)
    expect(lookup(`${t.id}.1`)).toBeNull()
    expect(lookup(`${t.id}.2`)).toBe(rotated)
    opened.vault.revoke(t.id)
    await opened.vault.delete(t.id)
    expect(lookup(`${t.id}.2`)).toBeNull()
    await expect(opened.vault.reveal(t.id)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('never writes a secret byte to the database, its WAL or shared memory', async () => {
    const secrets = Array.from({ length: 20 }, (_, i) => canary(`scan${i}`))
    const ids: string[] = []
    for (const [i, s] of secrets.entries()) {
      const t = await opened.vault.add({ kind: 'provider', platform: 'ionq', name: `scan-${i}`, expires: 'never', note: 'lab key' }, s)
      ids.push(t.id)
    }
    for (const id of ids.slice(0, 10)) {
      await opened.vault.reveal(id)
      opened.vault.revoke(id)
    }
    for (const id of ids.slice(0, 5)) opened.vault.restore(id)
    await opened.vault.rotate(ids[15]!, canary('rot'))
    const files = fs.readdirSync(tmp.dir)
    expect(files).toContain('tokendesk.db-wal')
    const scan = () => {
      for (const f of fs.readdirSync(tmp.dir)) {
        const bytes = fs.readFileSync(path.join(tmp.dir, f))
        for (const s of secrets) {
          expect(bytes.includes(s), `${f} contains a secret`).toBe(false)
          expect(bytes.includes(Buffer.from(s, 'utf16le')), `${f} contains a secret (utf16)`).toBe(false)
        }
      }
    }
    scan()
    opened.db.pragma('wal_checkpoint(TRUNCATE)')
    scan()
  })

  it('reports a secret removed outside TokenDesk clearly and marks the token', async () => {
    const t = await opened.vault.add({ kind: 'personal', platform: 'qualytics', name: 'gone' }, canary('gone'))
    execFileSync('secret-tool', ['clear', 'service', service, 'username', `${t.id}.1`])
    await expect(opened.vault.reveal(t.id)).rejects.toThrow(/missing from the Secret Service/)
    expect(opened.vault.show(t.id).token.problem).toBe('secret_missing')
  })
})
