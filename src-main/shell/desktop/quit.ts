/**
 * What the app does with a copied secret at quit: clear the clipboard if it still holds it — but
 * never wait for that longer than QUIT_CLIPBOARD_DEADLINE_MS. The clipboard is asynchronous since
 * Electron 44; a desktop that never answers the read made `will-quit` wait forever, so the app
 * could not be quit. Pure (the timer is passed in); the shell calls it.
 */
export const QUIT_CLIPBOARD_DEADLINE_MS = 1500

export function clearBeforeQuit(
  clear: () => Promise<unknown>,
  opts: { deadlineMs?: number; setTimer?: (fn: () => void, ms: number) => unknown } = {},
): Promise<'cleared' | 'gave-up'> {
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms))
  return new Promise((resolve) => {
    let done = false
    const finish = (how: 'cleared' | 'gave-up') => {
      if (done) return
      done = true
      resolve(how)
    }
    setTimer(() => finish('gave-up'), opts.deadlineMs ?? QUIT_CLIPBOARD_DEADLINE_MS)
    clear().then(
      () => finish('cleared'),
      () => finish('cleared'), // a failed clear is said by the guard itself; quitting goes on
    )
  })
}
