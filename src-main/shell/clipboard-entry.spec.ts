import { describe, expect, it } from 'vitest'
import { concealedClipboardEntry, rawFormat } from './clipboard-entry'

describe('concealedClipboardEntry: the secret and its concealed hint in one clipboard item', () => {
  it('Linux: x-kde-passwordManagerHint = secret, as a raw platform format beside the text', () => {
    expect(concealedClipboardEntry('s3cret', 'linux')).toEqual({
      'text/plain': 's3cret',
      'electron application/osclipboard;format="x-kde-passwordManagerHint"': 'secret',
    })
  })
  it('macOS and Windows: their concealed / exclude-from-history formats', () => {
    expect(concealedClipboardEntry('s', 'darwin')).toEqual({ 'text/plain': 's', [rawFormat('org.nspasteboard.ConcealedType')]: '' })
    expect(concealedClipboardEntry('s', 'win32')).toEqual({ 'text/plain': 's', [rawFormat('ExcludeClipboardContentFromMonitorProcessing')]: '' })
  })
  it('elsewhere: the text alone', () => {
    expect(concealedClipboardEntry('s', 'freebsd')).toEqual({ 'text/plain': 's' })
  })
})
