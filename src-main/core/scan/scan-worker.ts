/**
 * The app's scan runs here, in a worker thread, so its main process keeps answering the window
 * while a large tree is read, and a cancel ends the thread at once (worker-scan.ts). The app's
 * build bundles it as its own entry (electron.vite.config.ts: scan-worker). Progress is posted at
 * most every 100 ms; the patterns it receives (the held secrets) live only as long as the thread.
 */
import { parentPort } from 'node:worker_threads'
import { runScanJob } from './engine'
import type { ScanWorkerMessage, ScanWorkerRequest } from './scan-worker-protocol'

const post = (m: ScanWorkerMessage) => parentPort!.postMessage(m)

parentPort?.once('message', (job: ScanWorkerRequest) => {
  let last = 0
  runScanJob(job, (progress) => {
    const now = Date.now()
    if (now - last < 100) return
    last = now
    post({ type: 'progress', progress })
  }).then(
    (result) => post({ type: 'done', result }),
    (e: unknown) => post({ type: 'failed', message: e instanceof Error ? e.message : String(e) }),
  )
})
