/**
 * The clipboard rule: a copied secret is cleared after a delay, but only if the clipboard still
 * holds that secret (the user may have copied something else since), and again when the app quits.
 * The platform clipboard is a port so the rule is tested without Electron.
 */
export interface ClipboardPort {
  /** Writes text with the platform's "concealed / password manager" hints. */
  writeSecret(text: string): void
  readText(): string
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

  copy(secret: string, clearAfterSeconds: number): void {
    this.cancel()
    this.port.writeSecret(secret)
    const timer = this.timers.setTimeout(() => this.clearIfStillOurs(), clearAfterSeconds * 1000)
    this.pending = { secret, timer }
  }

  /** Called on quit. */
  clearIfStillOurs(): void {
    const p = this.pending
    this.pending = null
    if (!p) return
    this.timers.clearTimeout(p.timer)
    if (this.port.readText() === p.secret) this.port.clear()
  }

  private cancel() {
    if (this.pending) this.timers.clearTimeout(this.pending.timer)
    this.pending = null
  }
}
