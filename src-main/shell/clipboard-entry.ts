/**
 * The platforms' "this is a password, keep it out of history / sync" clipboard formats:
 * - Linux (KDE Klipper, KDE Connect, CopyQ, cliphist): `x-kde-passwordManagerHint` = "secret"
 * - macOS (Maccy, Flycut, Universal Clipboard): `org.nspasteboard.ConcealedType`
 * - Windows (Clipboard history, Cloud clipboard): `ExcludeClipboardContentFromMonitorProcessing`
 *
 * Pure (no electron import) so the entry is unit-tested; clipboard.ts hands it to ClipboardItem.
 */
export const CONCEALED_HINT: Partial<Record<NodeJS.Platform, { format: string; value: string }>> = {
  linux: { format: 'x-kde-passwordManagerHint', value: 'secret' },
  darwin: { format: 'org.nspasteboard.ConcealedType', value: '' },
  win32: { format: 'ExcludeClipboardContentFromMonitorProcessing', value: '' },
}

/** Electron's name for a raw platform clipboard format (docs/api/clipboard.md, Electron 44+). */
export const rawFormat = (name: string) => `electron application/osclipboard;format="${name}"`

/** The MIME-keyed payloads of one clipboard item: the text plus this platform's concealed hint. */
export function concealedClipboardEntry(text: string, platform: NodeJS.Platform): Record<string, string> {
  const hint = CONCEALED_HINT[platform]
  return hint ? { 'text/plain': text, [rawFormat(hint.format)]: hint.value } : { 'text/plain': text }
}
