import { fork, spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { isBrokerReply, type BrokerOp, type BrokerRequest } from './keychain-broker-protocol'

/** The child process as the broker needs it; the CLI forks Node, the app uses Electron's utilityProcess. */
export interface BrokerProcess {
  send(msg: BrokerRequest): void
  onMessage(fn: (m: unknown) => void): void
  /** Called once when the process is gone, with a short reason. */
  onExit(fn: (why: string) => void): void
  kill(): void
  /** Whether the child may keep the host's event loop alive: only while a call is in flight. */
  hold(held: boolean): void
}

export type SpawnBroker = () => BrokerProcess

export class BrokerStoppedError extends Error {
  constructor(why: string) {
    super(`the keychain helper process stopped (${why})`)
    this.name = 'BrokerStoppedError'
  }
}

interface Pending {
  resolve(v: unknown): void
  reject(e: Error): void
}

/**
 * Sends keychain calls to one child process and gives each an answer or an error. abandon()
 * kills the child (a call that passed its deadline may never return) and fails whatever was
 * waiting; the next call starts a fresh child. Spawning is lazy, so commands that never touch the
 * keychain never pay for it.
 */
export class KeychainBroker {
  private proc: BrokerProcess | undefined
  private readonly pending = new Map<number, Pending>()
  private nextId = 1

  constructor(private readonly spawn: SpawnBroker) {}

  request(op: BrokerOp): Promise<unknown> {
    const proc = (this.proc ??= this.start())
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      proc.hold(true)
      try {
        proc.send({ ...op, id })
      } catch (e) {
        this.pending.delete(id)
        reject(new BrokerStoppedError(e instanceof Error ? e.message : String(e)))
      }
    })
  }

  /** Kills the child and fails every waiting call with `why`. */
  abandon(why: string): void {
    const proc = this.proc
    this.proc = undefined
    this.failAll(why)
    proc?.kill()
  }

  private start(): BrokerProcess {
    const proc = this.spawn()
    proc.hold(false)
    proc.onMessage((m) => {
      if (!isBrokerReply(m)) return
      const p = this.pending.get(m.id)
      if (!p) return // answered after its deadline; the caller has moved on
      this.pending.delete(m.id)
      if (this.pending.size === 0) proc.hold(false)
      if (m.ok) p.resolve(m.value)
      else p.reject(new Error(m.message))
    })
    proc.onExit((why) => {
      if (this.proc === proc) {
        this.proc = undefined
        this.failAll(why)
      }
    })
    return proc
  }

  private failAll(why: string): void {
    const waiting = [...this.pending.values()]
    this.pending.clear()
    for (const p of waiting) p.reject(new BrokerStoppedError(why))
  }
}

/**
 * Where the broker's code is: the bundled `keychain-broker.cjs` beside the CLI bundle, or, when
 * core runs from source (tests, tsx), the TypeScript file itself, which Node 24 runs directly.
 */
export function defaultBrokerScript(dir: string = __dirname): string {
  const candidates = [path.join(dir, 'keychain-broker.cjs'), path.join(dir, 'keychain-broker-child.ts')]
  const found = candidates.find((p) => fs.existsSync(p))
  if (!found) throw new BrokerStoppedError(`its program is missing; looked for ${candidates.join(' and ')}`)
  return found
}

/** A Node child process over fork's IPC channel (the CLI, tests, the loopback server). */
export function nodeBrokerSpawner(script: () => string = () => defaultBrokerScript()): SpawnBroker {
  return () => {
    // Only the IPC channel: the child never writes to the user's terminal, and its stderr is
    // kept (bounded) to explain an unexpected exit.
    const stdio: ['ignore', 'ignore', 'pipe', 'ipc'] = ['ignore', 'ignore', 'pipe', 'ipc']
    const deathSignal = parentDeathWrapper()
    const child = deathSignal
      ? spawn(deathSignal, ['--pdeathsig', 'KILL', '--', process.execPath, script()], { stdio, serialization: 'json' })
      : fork(script(), [], { stdio, execArgv: [], serialization: 'json' })
    let stderr = ''
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < 2000) stderr += d
    })
    const exitHandlers: Array<(why: string) => void> = []
    let exited = false
    const exit = (why: string) => {
      if (exited) return
      exited = true
      for (const fn of exitHandlers) fn(why)
    }
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').pop()?.slice(0, 200)
      exit(signal ? `ended by ${signal}` : `exit ${code}${last ? `: ${last}` : ''}`)
    })
    child.on('error', (e) => exit(e.message))
    // The stderr pipe alone must never keep a finished CLI alive.
    ;(child.stderr as unknown as { unref?: () => void } | null)?.unref?.()
    return {
      send: (m) => {
        if (!child.connected) throw new Error('its channel is closed')
        child.send(m)
      },
      onMessage: (fn) => void child.on('message', fn),
      onExit: (fn) => void exitHandlers.push(fn),
      kill: () => void child.kill('SIGKILL'),
      hold: (held) => {
        if (held) {
          child.ref()
          child.channel?.ref()
        } else {
          child.unref()
          child.channel?.unref()
        }
      },
    }
  }
}

/**
 * On Linux, util-linux's setpriv starts the broker with a parent-death signal (PR_SET_PDEATHSIG):
 * if the TokenDesk process is killed, the kernel kills its broker at once, so a keychain write
 * the dead process asked for cannot land after the next run's reconcile has cleaned up (the crash
 * test caught exactly that). Elsewhere, or without setpriv, the broker ends itself when its
 * channel closes (keychain-broker-child.ts).
 */
function parentDeathWrapper(): string | null {
  if (process.platform !== 'linux') return null
  for (const p of ['/usr/bin/setpriv', '/bin/setpriv']) if (fs.existsSync(p)) return p
  return null
}
