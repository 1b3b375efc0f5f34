import { errorMessage } from '../format'
import type { Desk } from './types'

/** The error toast every action shows when main refuses: its title, and main's words. */
export const failWith = (get: () => Desk) => (title: string, e: unknown) => get().toast({ tone: 'error', title, description: errorMessage(e) })

/**
 * Runs an action's steps; true when they all went through, else the error toast and false (the
 * dialogs and menus close or stay open on it).
 */
export const attemptWith = (get: () => Desk) => {
  const fail = failWith(get)
  return async (failTitle: string, steps: () => Promise<void>): Promise<boolean> => {
    try {
      await steps()
      return true
    } catch (e) {
      fail(failTitle, e)
      return false
    }
  }
}
