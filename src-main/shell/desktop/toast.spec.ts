import { describe, expect, it } from 'vitest'
import { activationTarget, launchArgs, reminderToastXml } from './toast'

describe('Windows reminder toasts', () => {
  const id = '3f2a9c4e-1b2d-4c5e-8f90-0123456789ab'
  it('carry their token in the launch arguments, read back by the activation', () => {
    expect(activationTarget(launchArgs(id))).toEqual({ tokenId: id })
    expect(activationTarget(launchArgs(null))).toBe('window')
    expect(activationTarget('something-else')).toBeNull()
    expect(activationTarget('tokendesk-reminder?token=../../etc')).toBe('window')
  })
  it('escape the title and body as XML', () => {
    const x = reminderToastXml('"ibm" <expires> & more', "it's", id)
    expect(x).toContain('<text>&quot;ibm&quot; &lt;expires&gt; &amp; more</text><text>it&apos;s</text>')
    expect(x).toContain(`launch="tokendesk-reminder?token=${id}"`)
  })
})
