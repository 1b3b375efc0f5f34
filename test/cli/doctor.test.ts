import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openVault } from '../../src-main/core/open-vault'
import { KeyringSecretStore } from '../../src-main/core/secrets/keyring-store'
import { requireSecretService } from '../helpers/secret-service'
import { testKeychainService } from '../helpers/temp-dir'
import { canary, cliEnv, keychainLookup, runCli, useBuiltCli } from './harness'

// A deleted or zero-byte database used to start a new vault silently and strand the old
// secrets in the keychain. `tokendesk doctor` finds them, reclaims only what the audit log proves
// deleted, and lets the user adopt (secret kept) or purge (confirmed) the rest.
requireSecretService()

const cli = useBuiltCli('doctor')

type Report = { reclaimed: { ref: string }[]; orphans: { ref: string; tokenId: string | null; lastName: string | null }[] }

describe('tokendesk doctor', () => {
  it.each(['deleted', 'zero-byte'] as const)('finds the secrets a %s database stranded; adopt keeps one, purge removes one', async (how) => {
    const dir = path.join(cli.dir, how)
    const service = testKeychainService(`doctor-${how}`)
    const env = cliEnv(dir, service)
    const td = (args: string[], input?: string) => runCli(cli.bundle, args, { env, input })
    const keep = canary('keep')
    const drop = canary('drop')
    expect((await td(['add', '--platform', 'planqk', '--name', 'keep-me'], keep)).code).toBe(0)
    expect((await td(['add', '--platform', 'planqk', '--name', 'drop-me'], drop)).code).toBe(0)
    const refs = JSON.parse((await td(['list', '--json'])).stdout).items.map((t: { id: string }) => `${t.id}.1`)

    const db = path.join(dir, 'tokendesk.db')
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true })
    if (how === 'zero-byte') fs.writeFileSync(db, '')
    expect(JSON.parse((await td(['list', '--json'])).stdout).total).toBe(0) // a new, empty vault

    const report = JSON.parse((await td(['doctor', '--json'])).stdout) as Report
    expect(report.reclaimed).toEqual([]) // nothing proves them deleted: nothing removed unasked
    expect(report.orphans.map((o) => o.ref).sort()).toEqual([...refs].sort())
    const text = await td(['doctor'])
    expect(text.stdout).toMatch(/2 keychain entries belong to no token/)
    expect(text.stdout).not.toContain(keep)

    const [keepRef, dropRef] = await Promise.all(refs.map(async (r: string) => [r, await keychainLookup(service, r)] as const)).then((pairs) =>
      [pairs.find(([, s]) => s === keep)![0], pairs.find(([, s]) => s === drop)![0]],
    )
    const adopted = await td(['doctor', 'adopt', keepRef!, '--platform', 'planqk', '--name', 'recovered'])
    expect(adopted.stderr).toBe('')
    expect(adopted.stdout).toMatch(/adopted .* as recovered .*; the secret was kept/)
    expect((await td(['get', 'recovered'])).stdout.trim()).toBe(keep)
    expect(await keychainLookup(service, keepRef!)).toBeNull() // moved, not copied

    expect((await td(['doctor', 'purge', dropRef!])).code).toBe(2) // --yes is required
    expect(await keychainLookup(service, dropRef!)).toBe(drop)
    expect((await td(['doctor', 'purge', dropRef!, '--yes'])).code).toBe(0)
    expect(await keychainLookup(service, dropRef!)).toBeNull()
    expect((await td(['doctor'])).stdout).toMatch(/every keychain entry belongs to a token or connection/)
    // Only orphans: a token's own entry cannot be purged through doctor.
    const own = JSON.parse((await td(['list', '--json'])).stdout).items[0].id
    expect((await td(['doctor', 'purge', `${own}.1`, '--yes'])).code).toBe(3)
  })

  it('removes on its own only entries whose token the audit log shows deleted', async () => {
    const dir = path.join(cli.dir, 'audit')
    const service = testKeychainService('doctor-audit')
    const env = cliEnv(dir, service)
    const store = new KeyringSecretStore({ service })
    const v = openVault({ dataDir: dir, actor: 'doctor-test', secrets: store })
    try {
      const t = await v.vault.add({ kind: 'personal', platform: 'planqk', name: 'gone' }, canary('gone'))
      v.vault.revoke(t.id)
      await v.vault.delete(t.id)
      await store.set(`${t.id}.1`, canary('leftover')) // what an old version or a crash could leave
    } finally {
      v.close()
    }
    const r = await runCli(cli.bundle, ['doctor'], { env })
    expect(r.stdout).toMatch(/removed 1 keychain entry of deleted tokens/)
    expect(await store.refs()).toEqual([])
  })
})
