import type { EngineResult, ScanJob } from './engine'
import type { ScanProgress } from './report'

/** The messages between the app's main process and its scan worker (scan-worker.ts). */
export type ScanWorkerRequest = ScanJob
export type ScanWorkerMessage = { type: 'progress'; progress: ScanProgress } | { type: 'done'; result: EngineResult } | { type: 'failed'; message: string }
