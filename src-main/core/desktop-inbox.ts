/**
 * What the desktop shell has for the window but cannot hand it directly: a token to open (a
 * notification was clicked while no page was loaded yet) and notices the user must see once
 * (notifications cannot be shown; the clipboard could not be cleared). The window takes them with
 * `desktop.pending` when it starts and whenever main announces `desktopPending`, so nothing
 * depends on racing the page's load (did-finish-load) and each item is delivered exactly once.
 */
export type DesktopNoticeKind = 'notifications-failed' | 'clipboard-not-cleared' | 'orphaned-secrets'

export interface DesktopNotice {
  kind: DesktopNoticeKind
  message: string
}

export interface DesktopPending {
  openTokenId: string | null
  /** Open it ready to rotate: the click was on a reminder that it expires. */
  rotate: boolean
  notices: DesktopNotice[]
}

export class DesktopInbox {
  private openTokenId: string | null = null
  private rotate = false
  private notices: DesktopNotice[] = []
  private readonly said = new Set<DesktopNoticeKind>()

  /** The latest request wins: the user clicked that notification last. */
  openToken(tokenId: string, rotate = false): void {
    this.openTokenId = tokenId
    this.rotate = rotate
  }

  /** Each kind of notice is said once per run; returns false when it was said already. */
  notice(n: DesktopNotice): boolean {
    if (this.said.has(n.kind)) return false
    this.said.add(n.kind)
    this.notices.push(n)
    return true
  }

  take(): DesktopPending {
    const pending = { openTokenId: this.openTokenId, rotate: this.rotate, notices: this.notices }
    this.openTokenId = null
    this.rotate = false
    this.notices = []
    return pending
  }
}
