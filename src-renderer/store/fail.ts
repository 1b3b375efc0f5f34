import { errorMessage } from '../format'
import type { Desk } from './types'

/** The error toast every action shows when main refuses: its title, and main's words. */
export const failWith = (get: () => Desk) => (title: string, e: unknown) => get().toast({ tone: 'error', title, description: errorMessage(e) })
