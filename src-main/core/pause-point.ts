import fs from 'node:fs'

/**
 * The crash test's hook (test/crash/crash.test.ts). With TOKENDESK_TEST_PAUSE_AT=<phase> in its
 * environment, a process that reaches that phase writes `TOKENDESK_PAUSED <phase>` to stderr and
 * stops there (the thread sleeps), so the test SIGKILLs it exactly between two steps of a change
 * — deterministically, however busy the machine is, instead of at a guessed time. With
 * TOKENDESK_TEST_PAUSE_MS it waits that long and goes on, so a test can run another process's
 * change in between (test/concurrency/). Without the variables it costs one environment lookup.
 * It cannot reveal or change anything: it only waits.
 */
export type PausePhase =
  | 'add:pending-inserted'
  | 'add:secret-written'
  | 'rotate:claimed'
  | 'rotate:secret-written'
  | 'rotate:swapped'
  | 'delete:claimed'
  | 'delete:secret-removed'
  | 'file:backup-written'
  | 'file:temp-written'
  | 'file:swapped'
  | 'generate:reserved'
  | 'generate:created'
  | 'generate:secret-written'
  | 'platform-rotate:started'
  | 'platform-rotate:created'
  | 'platform-rotate:swapped'

export const PAUSE_PHASES: readonly PausePhase[] = [
  'add:pending-inserted',
  'add:secret-written',
  'rotate:claimed',
  'rotate:secret-written',
  'rotate:swapped',
  'delete:claimed',
  'delete:secret-removed',
]

/** The points of an SDK-config write (sdk-config/write.ts), killed by the crash test's file part. */
export const FILE_PAUSE_PHASES: readonly PausePhase[] = ['file:backup-written', 'file:temp-written', 'file:swapped']

/** The points of a rotation on a platform (connections/rotation.ts). */
export const PLATFORM_ROTATE_PAUSE_PHASES: readonly PausePhase[] = ['platform-rotate:started', 'platform-rotate:created', 'platform-rotate:swapped']

export const PAUSED_MARKER = 'TOKENDESK_PAUSED'

/**
 * Compiled in only for the tests' builds of the CLI (scripts/build-cli.mjs `testHooks`); the
 * shipped CLI and the app are built with it false, and the bundler drops the hook's body.
 */
declare const __TOKENDESK_TEST_HOOKS__: boolean | undefined

export function pausePoint(phase: PausePhase): void {
  // The define itself, not a constant holding it: the bundler folds this and drops what follows.
  if (typeof __TOKENDESK_TEST_HOOKS__ === 'undefined' || !__TOKENDESK_TEST_HOOKS__) return
  if (process.env.TOKENDESK_TEST_PAUSE_AT !== phase) return
  fs.writeSync(2, `${PAUSED_MARKER} ${phase}\n`)
  // Sleeps the thread (no event loop turn: nothing else of this process runs); the test kills it.
  const ms = Math.min(Number(process.env.TOKENDESK_TEST_PAUSE_MS) || 60_000, 60_000)
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** The points of a generate on a connected platform (connections/service.ts), killed by the crash test. */
export const GENERATE_PAUSE_PHASES: readonly PausePhase[] = ['generate:reserved', 'generate:created', 'generate:secret-written']
