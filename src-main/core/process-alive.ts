/**
 * Whether another process with this pid is running. Used so reconcile leaves alone an operation
 * another TokenDesk process has in flight. A reused pid only delays that row's reconcile to a
 * later start; it never causes a wrong rollback.
 */
export function otherProcessAlive(pid: number | null): boolean {
  if (pid === null || pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    // EPERM: it exists but belongs to another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}
