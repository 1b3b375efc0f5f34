import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { type BackupCrypt, SCRYPT_WORK_FACTOR, checkPassphrase, explainOpenFailure } from './age-crypt'
import type { AgeJob, AgeResult } from './age-worker-protocol'

/** The worker's program: the built `backup-worker.js` (the app) or this folder's TypeScript source (tests). */
export function defaultAgeWorkerScript(dir: string = __dirname): string {
  const candidates = [path.join(dir, 'backup-worker.js'), path.join(dir, 'age-worker.ts')]
  return candidates.find((p) => fs.existsSync(p)) ?? candidates[0]!
}

/**
 * The backup's encryption in a worker thread, one per operation (a backup is rare; a worker
 * costs ~30 ms to start, nothing beside 1.6 s of scrypt), ended when it answers.
 */
export function workerCrypt(script: string = defaultAgeWorkerScript(), workFactor = SCRYPT_WORK_FACTOR): BackupCrypt {
  const run = (job: AgeJob extends infer J ? (J extends AgeJob ? Omit<J, 'id'> : never) : never): Promise<Uint8Array> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(script)
      worker.once('message', (r: AgeResult) => {
        void worker.terminate()
        if (r.ok) resolve(r.bytes)
        else reject(new Error(r.message))
      })
      worker.once('error', (e) => reject(e))
      worker.once('exit', (code) => reject(new Error(`the encryption worker stopped (exit ${code})`)))
      worker.postMessage({ ...job, id: 1 } as AgeJob)
    })
  return {
    seal: async (plain, passphrase) => {
      checkPassphrase(passphrase)
      return run({ op: 'seal', bytes: plain, passphrase, workFactor })
    },
    open: (sealed, passphrase) => run({ op: 'open', bytes: sealed, passphrase }).catch((e: unknown) => Promise.reject(explainOpenFailure(e, sealed))),
  }
}
