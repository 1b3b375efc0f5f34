/**
 * A worker thread that runs the age encryption of a backup (the library's scrypt is synchronous
 * and takes over a second), so the app's main process keeps answering meanwhile. Self-contained
 * (type-only imports) like the keychain broker: Node runs it from source in tests, the app's build
 * bundles it as its own entry. The parent (worker-crypt.ts) turns errors into user messages.
 */
import type { AgeJob, AgeResult } from './age-worker-protocol'

// require, not import: this file must parse as CommonJS when Node runs it from source.
const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads')

parentPort?.on('message', (job: AgeJob) => {
  void run(job).then(
    (bytes) => parentPort!.postMessage({ id: job.id, ok: true, bytes } satisfies AgeResult, [bytes.buffer as ArrayBuffer]),
    (e: unknown) => parentPort!.postMessage({ id: job.id, ok: false, message: e instanceof Error ? e.message : String(e) } satisfies AgeResult),
  )
})

async function run(job: AgeJob): Promise<Uint8Array> {
  const age = await import('age-encryption')
  if (job.op === 'seal') {
    const e = new age.Encrypter()
    e.setPassphrase(job.passphrase)
    e.setScryptWorkFactor(job.workFactor)
    return e.encrypt(job.bytes)
  }
  const d = new age.Decrypter()
  d.addPassphrase(job.passphrase)
  return d.decrypt(job.bytes)
}
