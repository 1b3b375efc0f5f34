import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(prefix = 'tokendesk-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** A keychain service name unique to this test run, so parallel tests never share entries. */
export function testKeychainService(label: string): string {
  return `tokendesk-test-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

/** A settable clock for rules that depend on time. */
export function fakeClock(start: number) {
  let now = start
  const clock = () => now
  clock.set = (t: number) => (now = t)
  clock.advance = (ms: number) => (now += ms)
  return clock
}
