/**
 * How often gnome-keyring-daemon aborts when new D-Bus connections ask it things as fast as two
 * processes can: TokenDesk's reads, writes and lock checks (each greeting the daemon with a Ping
 * first, core/secrets/secret-service-connection.ts) against the read as it was before the Ping
 * (OpenSession and SearchItems as the first requests). Each case runs on a daemon of its own.
 *
 *   scripts/with-keyring.sh npx tsx bench/keyring-first-requests.bench.ts
 *
 * BENCH_FIRST_REQUESTS sets the connections per process and case (default 3000). An abort shows
 * as a daemon that was replaced, and as the answers after it (a new daemon is locked). Printed
 * only: an abort rate is a measurement, not a test.
 */
import { KeyringSecretStore } from '../src-main/core/secrets/keyring-store'
import { type FirstRequestMode, firstRequestsInChild } from '../test/helpers/first-requests'
import { usePrivateKeyring } from '../test/helpers/private-keyring'

const PER_PROCESS = Number(process.env.BENCH_FIRST_REQUESTS ?? 3000)
const SERVICE = 'tokendesk-first-requests-bench'
const CASES: [FirstRequestMode, string][] = [
  ['read-without-ping', 'read, OpenSession first (before the Ping)'],
  ['read', 'read (TokenDesk now)'],
  ['write', 'write (TokenDesk now)'],
  ['lock', 'lock check (TokenDesk now)'],
]

async function main() {
  if (process.platform !== 'linux') throw new Error('gnome-keyring is Linux only')
  const rows: { case: string; connections: number; 'daemon survived': string; answers: string }[] = []
  for (const [mode, label] of CASES) {
    const keyring = usePrivateKeyring()
    try {
      const store = new KeyringSecretStore({ service: SERVICE, timeoutMs: 3000 })
      await store.set('bench.1', 'first-requests-bench-secret')
      store.close()
      const pid = keyring.daemonPid()
      const env = { ...process.env, FIRST_REQUEST_SERVICE: SERVICE, FIRST_REQUEST_ACCOUNT: 'bench.1' }
      const runs = await Promise.all([firstRequestsInChild(env, mode, PER_PROCESS), firstRequestsInChild(env, mode, PER_PROCESS)])
      const answers: Record<string, number> = {}
      for (const run of runs) for (const [a, n] of Object.entries(run)) answers[a.slice(0, 60)] = (answers[a.slice(0, 60)] ?? 0) + n
      const survived = keyring.daemonAlive() && keyring.daemonPid() === pid
      rows.push({ case: label, connections: 2 * PER_PROCESS, 'daemon survived': survived ? 'yes' : 'NO', answers: JSON.stringify(answers) })
    } finally {
      keyring.stop()
    }
  }
  console.log(`gnome-keyring-daemon and new connections: two processes, ${PER_PROCESS} connections each, per case`)
  console.table(rows)
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
