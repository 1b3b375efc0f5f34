import { describe, expect, it } from 'vitest'
import { confirmLocked } from './keyring-store'

describe('confirmLocked', () => {
  it('keeps "locked" only when the collection says so; a daemon that answers nothing is "not answering"', () => {
    expect(confirmLocked('it is locked', true)).toBe('it is locked')
    // A SIGSTOPped gnome-keyring-daemon: the library said locked in 4 of 29 operations of an adversarial run.
    expect(confirmLocked('it is locked', undefined)).toBe('it is not answering (its daemon is stopped or hung)')
    expect(confirmLocked('it is locked', false)).toBe('it is locked')
  })
})
