import { clipboard } from 'electron'
import type { ClipboardPort } from '../core/clipboard-guard'

/**
 * The platforms' "this is a password, keep it out of history / sync" clipboard formats:
 * - Linux (KDE Klipper, KDE Connect, CopyQ, cliphist): `x-kde-passwordManagerHint` = "secret"
 * - macOS (Maccy, Flycut, Universal Clipboard): `org.nspasteboard.ConcealedType`
 * - Windows (Clipboard history, Cloud clipboard): `ExcludeClipboardContentFromMonitorProcessing`
 */
export const CONCEALED_HINT: Partial<Record<NodeJS.Platform, { format: string; value: string }>> = {
  linux: { format: 'x-kde-passwordManagerHint', value: 'secret' },
  darwin: { format: 'org.nspasteboard.ConcealedType', value: '' },
  win32: { format: 'ExcludeClipboardContentFromMonitorProcessing', value: '' },
}

/**
 * Electron's clipboard commits every write call as a whole new clipboard: `writeBuffer(format)`
 * after `writeText` replaces the text, and `clipboard.write()` takes only text/html/rtf/image/
 * bookmark (electron/electron#11838, #41462). So the hint is written together with the text only
 * when one call can carry both; with Electron 41 none can, and writing the hint alone would
 * leave the user an empty clipboard. `hintMode` 'probe' checks at run time whether the text
 * survives a hint write on this platform/version and keeps the hint only then.
 */
export function electronClipboardPort(opts: { platform?: NodeJS.Platform; hintMode?: 'off' | 'probe' } = {}): ClipboardPort {
  const platform = opts.platform ?? process.platform
  const hint = CONCEALED_HINT[platform]
  let hintWorks: boolean | null = opts.hintMode === 'probe' ? null : false

  return {
    writeSecret(text) {
      if (hint && hintWorks !== false) {
        clipboard.writeText(text)
        clipboard.writeBuffer(hint.format, Buffer.from(hint.value, 'utf8'))
        if (clipboard.readText() === text) {
          hintWorks = true
          return
        }
        hintWorks = false // the hint replaced the text: never try again this run
      }
      clipboard.writeText(text)
    },
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  }
}
