/**
 * The clipboard rule: a copied secret is cleared after a delay, but only if the clipboard still
 * holds that secret (the user may have copied something else since), and again when the app quits.
 * The platform clipboard is a port so the rule is tested without Electron. The port is
 * asynchronous because Electron's clipboard is (from Electron 44 on it follows the W3C
 * Clipboard API: `write`, `readText` return promises).
 */
export interface ClipboardPort {
  /** Writes text with the platform's "concealed / password manager" hints, in one write. */
  writeSecret(text: string): Promise<void>
  readText(): Promise<string>
  clear(): void
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms)
    t.unref?.()
    return t
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
}

export class ClipboardGuard {
  private pending: { secret: string; timer: unknown } | null = null

  constructor(
    private readonly port: ClipboardPort,
    private readonly timers: Timers = realTimers,
  ) {}

  async copy(secret: string, clearAfterSeconds: number): Promise<void> {
    this.cancel()
    await this.port.writeSecret(secret)
    const timer = this.timers.setTimeout(() => void this.clearIfStillOurs().catch(() => this.onClearFailed?.()), clearAfterSeconds * 1000)
    this.pending = { secret, timer }
  }

  /**
   * Called when the delay ends and on quit. 'failed' means the clipboard still holds the secret
   * after clearing: on Wayland an unfocused window may not change the selection, so the clear is
   * silently dropped; the caller tells the user (once) to clear it themselves.
   */
  async clearIfStillOurs(): Promise<'cleared' | 'not-ours' | 'nothing' | 'failed'> {
    const p = this.pending
    this.pending = null
    if (!p) return 'nothing'
    this.timers.clearTimeout(p.timer)
    if ((await this.port.readText()) !== p.secret) return 'not-ours'
    this.port.clear()
    if ((await this.port.readText()) === p.secret) {
      this.onClearFailed?.()
      return 'failed'
    }
    return 'cleared'
  }

  /** Set by the shell: how to tell the user that a clear did not take. */
  onClearFailed: (() => void) | undefined

  /** Whether a copied secret still waits to be cleared (the shell asks before quitting). */
  get hasPending(): boolean {
    return this.pending !== null
  }

  private cancel() {
    if (this.pending) this.timers.clearTimeout(this.pending.timer)
    this.pending = null
  }
}
