/**
 * What moving the native keyring calls into a child process (core/secrets/keychain-broker.ts)
 * costs, against the real Secret Service. Run with `npm run bench:keychain`. Prints figures; it
 * asserts nothing.
 *
 *  - a set and a get made in this process with @napi-rs/keyring (the old way)
 *  - the same through KeyringSecretStore, i.e. through the broker (a warm child)
 *  - the first call of a new store: spawning the child, loading the addon, the call
 */
import os from 'node:os'
import { KeyringSecretStore } from '../src-main/core/secrets/keyring-store'
import { fmt, median, percentile } from './lib/stats'

const ROUNDS = 100
const STARTS = 20

async function main() {
  if (process.platform === 'linux' && process.env.TOKENDESK_IN_PRIVATE_KEYRING !== '1') {
    throw new Error('run through `npm run bench:keychain` (scripts/with-keyring.sh): this bench writes to the Secret Service')
  }
  const service = `tokendesk-bench-broker-${process.pid}`
  const keyring = await import('@napi-rs/keyring')
  const opts = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined
  const rows: [string, string][] = []
  const p = (xs: number[]) => `p50 ${fmt(median(xs))} ms, p99 ${fmt(percentile(xs, 99))} ms`

  const inSet: number[] = []
  const inGet: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now()
    // The entry is made inside the timing, as the broker makes it on the first call for an account.
    const e = new keyring.AsyncEntry(service, `in-${i}`, opts)
    await e.setPassword(`value-${i}`)
    inSet.push(performance.now() - t)
    t = performance.now()
    await e.getPassword()
    inGet.push(performance.now() - t)
  }
  rows.push([`in-process set (addon), ${ROUNDS}`, p(inSet)], [`in-process get (addon), ${ROUNDS}`, p(inGet)])

  const store = new KeyringSecretStore({ service })
  await store.get('warm-up')
  const bSet: number[] = []
  const bGet: number[] = []
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now()
    await store.set(`br-${i}`, `value-${i}`)
    bSet.push(performance.now() - t)
    t = performance.now()
    await store.get(`br-${i}`)
    bGet.push(performance.now() - t)
  }
  rows.push([`broker set, ${ROUNDS}`, p(bSet)], [`broker get, ${ROUNDS}`, p(bGet)])
  store.close()

  const starts: number[] = []
  for (let i = 0; i < STARTS; i++) {
    const s = new KeyringSecretStore({ service })
    const t = performance.now()
    await s.get('br-0')
    starts.push(performance.now() - t)
    s.close()
  }
  rows.push([`first call of a new store (spawn + addon + ping + get), ${STARTS}`, p(starts)])

  for (const c of keyring.findCredentials(service)) await new keyring.AsyncEntry(service, c.account, opts).deletePassword()
  console.log(`Keychain broker benchmark (node ${process.version}, ${os.cpus().length} CPUs)`)
  console.table(rows.map(([k, v]) => ({ case: k, result: v })))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
