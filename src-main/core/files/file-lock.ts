import { randomBytes } from 'node:crypto'
import { refused } from '../errors'
import { otherProcessAlive } from '../process-alive'
import type { FileLockHolder, FileLockRepo } from '../store/file-lock-repo'

/** How long a writer waits for another TokenDesk writer of the same file before it gives up. */
export const FILE_LOCK_WAIT_MS = 15_000
const POLL_MS = 15

/**
 * Serializes TokenDesk's writers of one file, across processes and within one (the app's calls):
 * the whole read-plan-write of a config file runs under its lock, so every writer re-reads the
 * file the previous one left. The lock is a row in the vault's database, beside the data and not
 * beside the user's file (nothing appears in a project folder). A holder that died is taken over.
 *
 * Hand-written rather than proper-lockfile: that library judges staleness by the lock's age, so a
 * live writer stopped for longer than its `stale` time (a debugger, SIGSTOP, a laptop lid) loses
 * its lock to a second writer; a pid and the database's own write lock say exactly whether the
 * holder is still there. Other writers (an editor, another tool) do not take this lock; against
 * them the write re-checks the file just before its rename (sdk-config/write.ts).
 */
/** This process's holds (all FileLocks of the process), so a second caller here waits instead of taking over. */
const HELD = new Set<string>()

export class FileLocks {
  private get mine(): Set<string> {
    return HELD
  }

  constructor(
    private readonly repo: FileLockRepo,
    private readonly opts: { waitMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async with<T>(path: string, fn: () => Promise<T>): Promise<T> {
    const nonce = randomBytes(8).toString('hex')
    const me: FileLockHolder = { pid: process.pid, nonce, takenAt: Date.now() }
    const deadline = Date.now() + (this.opts.waitMs ?? FILE_LOCK_WAIT_MS)
    const sleep = this.opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
    // Our own process's earlier hold that is not in `mine` was left by a call that was killed
    // half-way in a former life of this pid; only a hold this process has now counts as alive.
    const alive = (h: FileLockHolder) => (h.pid === process.pid ? this.mine.has(`${path}\0${h.nonce}`) : otherProcessAlive(h.pid))
    for (;;) {
      const holder = this.repo.tryTake(path, me, alive)
      if (holder === null) break
      if (Date.now() >= deadline) {
        throw refused(
          `another TokenDesk process (pid ${holder.pid}) has been writing ${path} for ${Math.round((Date.now() - holder.takenAt) / 1000)} s; nothing was written, try again`,
        )
      }
      await sleep(POLL_MS)
    }
    const key = `${path}\0${nonce}`
    this.mine.add(key)
    try {
      return await fn()
    } finally {
      this.mine.delete(key)
      this.repo.release(path, nonce)
    }
  }
}
