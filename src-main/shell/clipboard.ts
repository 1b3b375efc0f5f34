import { ClipboardItem, clipboard } from 'electron'
import type { ClipboardPort } from '../core/clipboard-guard'
import { concealedClipboardEntry } from './clipboard-entry'

/**
 * Electron 44+ follows the W3C Clipboard API: one `clipboard.write([new ClipboardItem(...)])`
 * commits every format of the item at once, and `electron application/osclipboard;format="…"`
 * carries a raw platform format. So the secret and its "concealed" hint now travel together
 * (before Electron 44 any hint write replaced the text: electron/electron#11838).
 */
export function electronClipboardPort(platform: NodeJS.Platform = process.platform): ClipboardPort {
  return {
    writeSecret: (text) => clipboard.write([new ClipboardItem(concealedClipboardEntry(text, platform))]),
    readText: () => clipboard.readText(),
    clear: () => clipboard.clear(),
  }
}
