import { TokenDeskError } from '../errors'
import type { EngineResult, ScanJob } from './engine'
import type { ScanProgress } from './report'

/**
 * How a scan's work is run: in this process (the CLI: one command, nothing else to keep
 * answering) or in a worker thread (the app: its main process keeps answering the window, and a
 * cancel ends the worker; worker-scan.ts). `signal` aborts it; a run aborted rejects with ScanCancelled.
 */
export type ScanRunner = (job: ScanJob, onProgress: (p: ScanProgress) => void, signal?: AbortSignal) => Promise<EngineResult>

/** A cancelled scan: refused, in words, and nothing recorded. */
export class ScanCancelled extends TokenDeskError {
  constructor() {
    super('rule_refused', 'the scan was cancelled; nothing was recorded')
  }
}

/** In this process: the engine itself, loaded on first use. An abort is honoured between the job's end and its recording. */
export function inProcessScan(): ScanRunner {
  return async (job, onProgress, signal) => {
    const { runScanJob } = await import('./engine')
    const r = await runScanJob(job, onProgress)
    if (signal?.aborted) throw new ScanCancelled()
    return r
  }
}
