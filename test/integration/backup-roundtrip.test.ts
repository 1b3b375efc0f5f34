import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inProcessCrypt } from '../../src-main/core/backup/age-crypt'
import { createCore, type Core } from '../../src-main/core/core'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { requireSecretService } from '../helpers/secret-service'
import { tempDir, testKeychainService } from '../helpers/temp-dir'

// A backup restored into an empty vault on another keychain service (a new laptop): every secret
// and every field comes back. Real Secret Service, real SQLite files, the real age work factor.
// 200 tokens here (each keychain write costs ~20 ms and grows with the collection); the
// 1,000-token round trip, checked the same way, and its times are in bench/backup.bench.ts.
requireSecretService()

const N = 200
const PASS = 'a long enough passphrase'
let tmp: ReturnType<typeof tempDir>
let source: Core
let target: Core

beforeAll(() => {
  tmp = tempDir()
  source = createCore({ dataDir: `${tmp.dir}/a`, actor: 'test', secrets: new KeyringSecretStore({ service: testKeychainService('bk-a') }), backupCrypt: inProcessCrypt(), home: tmp.dir, env: {} })
  target = createCore({ dataDir: `${tmp.dir}/b`, actor: 'test', secrets: new KeyringSecretStore({ service: testKeychainService('bk-b') }), backupCrypt: inProcessCrypt(), home: tmp.dir, env: {} })
})
afterAll(async () => {
  for (const core of [source, target]) {
    for (const t of core.vault.allReady()) {
      if (t.revokedAt === null) core.vault.revoke(t.id)
      await core.vault.delete(t.id)
    }
    core.close()
  }
  tmp.cleanup()
}, 120_000)

describe('backup round trip', () => {
  it(`restores every secret and field of ${N} tokens into a new vault`, async () => {
    source.vault.setOrg('lab', 'owner')
    const secrets = new Map<string, string>()
    for (let i = 0; i < N; i++) {
      const secret = `secret-${i}-${Math.random().toString(36).slice(2)}-\u00e9\u6f22`
      const t = await source.vault.add(
        i % 3 === 0
          ? { kind: 'provider', platform: 'aws-braket', name: `key-${i}`, org: 'lab', expires: 'never', fields: { aws_access_key_id: `AKIA${String(i).padStart(16, '0')}` } }
          : { kind: 'personal', platform: 'planqk', name: `pat-${i}`, scopes: ['jobs:read', `s${i}`], note: `note ${i}`, expires: '90d' },
        secret,
      )
      secrets.set(t.id, secret)
      if (i % 7 === 0) source.vault.revoke(t.id)
    }
    const { sealed, report } = await source.backup.create(PASS)
    expect(report).toEqual({ tokens: N, missingSecrets: [] })
    const restored = await target.backup.restore(sealed, PASS, { rename: false })
    expect(restored.restored).toHaveLength(N)
    expect(restored.skipped).toEqual([])
    expect(restored.failed).toEqual([])
    // Every field but the id, which a restore mints anew (restore-plan.ts); tokens matched by name.
    const strip = ({ id: _i, secretRef: _s, opPid: _p, state: _st, pendingSecretRef: _a, staleSecretRef: _b, connectionId: _c, remoteId: _r, ...rest }: ReturnType<Core['vault']['allReady']>[number]) => rest
    const byName = (list: ReturnType<Core['vault']['allReady']>) => [...list].sort((x, y) => x.name.localeCompare(y.name))
    const source_ = byName(source.vault.allReady())
    const target_ = byName(target.vault.allReady())
    expect(target_.map(strip)).toEqual(source_.map(strip))
    for (const [i, t] of target_.entries()) {
      expect(t.id).not.toBe(source_[i]!.id)
      expect(await target.vault.peekSecret(t.id)).toBe(secrets.get(source_[i]!.id))
    }
    expect(target.vault.history(target_[0]!.id).map((e) => e.action)).toEqual(['imported', ...source.vault.history(source_[0]!.id).map((e) => e.action)])
  }, 300_000)
})
