import { Worker } from 'node:worker_threads'
import { TokenDeskError } from '../errors'
import { ScanCancelled, type ScanRunner } from './runner'
import type { ScanWorkerMessage } from './scan-worker-protocol'

/**
 * Runs each scan in a worker thread of its own (`script`: the built scan-worker.js). An abort
 * terminates the thread — the walk is synchronous, so nothing short of that stops it — and the
 * scan rejects with ScanCancelled; the caller records nothing.
 */
export function workerScan(script: string): ScanRunner {
  return (job, onProgress, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new ScanCancelled())
      const worker = new Worker(script)
      let settled = false
      const settle = (f: () => void) => {
        if (settled) return
        settled = true
        signal?.removeEventListener('abort', onAbort)
        void worker.terminate()
        f()
      }
      const onAbort = () => settle(() => reject(new ScanCancelled()))
      signal?.addEventListener('abort', onAbort, { once: true })
      worker.on('message', (m: ScanWorkerMessage) => {
        if (m.type === 'progress') onProgress(m.progress)
        else if (m.type === 'done') settle(() => resolve(m.result))
        else settle(() => reject(new TokenDeskError('internal', `the scan failed: ${m.message}`)))
      })
      worker.once('error', (e) => settle(() => reject(new TokenDeskError('internal', `the scan failed: ${e.message}`))))
      worker.once('exit', (code) => settle(() => reject(new TokenDeskError('internal', `the scan's worker stopped (exit ${code})`))))
      worker.postMessage(job)
    })
}
