/**
 * Backup and restore of 1,000 tokens against the real Secret Service (`npm run bench:backup`):
 * the time to make the backup (1,000 keychain reads + age encryption), and to restore it into a
 * new vault on another keychain service (age decryption + 1,000 keychain writes). The round trip
 * is checked too: every secret and every field must come back, or the bench fails.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { inProcessCrypt } from '../src-main/core/backup/age-crypt'
import { createCore, type Core } from '../src-main/core/core'
import { KeyringSecretStore } from '../src-main/core/secrets/keyring-store'
import { fmt } from './lib/stats'

const N = Number(process.env.BENCH_BACKUP_TOKENS ?? 1000)
const PASS = 'a long enough passphrase'

async function main() {
  if (process.platform === 'linux' && process.env.TOKENDESK_IN_PRIVATE_KEYRING !== '1') {
    throw new Error('run through `npm run bench:backup` (scripts/with-keyring.sh): this bench writes to the Secret Service')
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokendesk-bench-backup-'))
  const open = (label: string): Core =>
    createCore({ dataDir: path.join(dir, label), actor: 'bench', secrets: new KeyringSecretStore({ service: `tokendesk-bench-${label}-${process.pid}` }), backupCrypt: inProcessCrypt(), home: dir, env: {} })
  const source = open('a')
  const target = open('b')
  try {
    const secrets = new Map<string, string>()
    let t = performance.now()
    for (let i = 0; i < N; i++) {
      const secret = `secret-${i}-${Math.random().toString(36).slice(2)}`
      const tok = await source.vault.add({ kind: 'personal', platform: 'planqk', name: `pat-${i}`, scopes: ['jobs:read'], note: `n${i}`, expires: '90d' }, secret)
      secrets.set(tok.id, secret)
      if (i % 5 === 0) source.vault.revoke(tok.id)
    }
    const seedMs = performance.now() - t
    t = performance.now()
    const { sealed } = await source.backup.create(PASS)
    const createMs = performance.now() - t
    t = performance.now()
    const report = await target.backup.restore(sealed, PASS, { rename: false })
    const restoreMs = performance.now() - t
    const strip = ({ secretRef: _s, opPid: _p, ...rest }: ReturnType<Core['vault']['allReady']>[number]) => rest
    const a = JSON.stringify(source.vault.allReady().map(strip))
    const b = JSON.stringify(target.vault.allReady().map(strip))
    if (report.restored.length !== N || a !== b) throw new Error('the restored vault differs from the backed-up one')
    for (const tok of target.vault.allReady()) if ((await target.vault.peekSecret(tok.id)) !== secrets.get(tok.id)) throw new Error(`secret of ${tok.name} differs`)
    console.log(`Backup benchmark (node ${process.version}, ${os.cpus().length} CPUs), ${N} tokens, age scrypt work factor 18`)
    console.table([
      { case: `seed: ${N} adds (keychain writes)`, ms: fmt(seedMs) },
      { case: `backup create (${N} keychain reads + encryption), ${Math.round(sealed.length / 1024)} KiB`, ms: fmt(createMs) },
      { case: `backup restore into a new vault (decryption + ${N} keychain writes)`, ms: fmt(restoreMs) },
      { case: 'round trip: every secret and field equal', ms: 'yes' },
    ])
  } finally {
    for (const core of [source, target]) {
      for (const tok of core.vault.allReady()) {
        if (tok.revokedAt === null) core.vault.revoke(tok.id)
        await core.vault.delete(tok.id)
      }
      core.close()
    }
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
