import type { SpawnBroker } from '../core/secrets/keychain-broker'

/** The part of Electron's UtilityProcess the broker uses (no Electron import: the tests pass an EventEmitter). */
export interface BrokerChild {
  on(event: 'exit', fn: (code: number) => void): unknown
  on(event: 'error', fn: (type: string) => void): unknown
  on(event: 'message', fn: (m: unknown) => void): unknown
  once(event: 'spawn', fn: () => void): unknown
  postMessage(m: unknown): void
  kill(): unknown
}

/**
 * The broker port over one utility process: calls made before it has started wait, in order;
 * its end — an exit, or a fatal 'error' (V8, out of memory), which comes before the exit and,
 * unheard, throws in main and shows Electron's crash dialog — is reported once.
 */
export function brokerPort(child: BrokerChild): ReturnType<SpawnBroker> {
  const exitHandlers: Array<(why: string) => void> = []
  let exited = false
  const ended = (why: string) => {
    if (exited) return
    exited = true
    for (const fn of exitHandlers) fn(why)
  }
  child.on('exit', (code) => ended(`exit ${code}`))
  child.on('error', (type) => ended(`error ${type}`))
  let queue: unknown[] | null = []
  child.once('spawn', () => {
    for (const m of queue ?? []) child.postMessage(m)
    queue = null
  })
  return {
    send: (m) => (queue ? void queue.push(m) : child.postMessage(m)),
    onMessage: (fn) => void child.on('message', fn),
    onExit: (fn) => void exitHandlers.push(fn),
    kill: () => void child.kill(),
    // The app's lifetime is the window's, not its event loop's: nothing to hold.
    hold: () => undefined,
  }
}
