import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react'

type Later = typeof import('./later')

let loading: Promise<Later> | null = null
/** The chunk with every part not on the first screen; one request, made once. */
export const loadLater = (): Promise<Later> => (loading ??= import('./later'))

/** A component of the later chunk, rendered once its code is there. */
export function later<K extends keyof Later>(name: K): Later[K] {
  return lazy(async () => ({ default: (await loadLater())[name] as ComponentType<any> })) as unknown as Later[K]
}

/**
 * Renders `children` from the first time `when` is true on, and keeps them mounted after, so a
 * dialog's closing and its focus return work as if it had always been there.
 */
export function OnceNeeded({ when, children }: { when: boolean; children: ReactNode }) {
  const [needed, setNeeded] = useState(when)
  if (when && !needed) setNeeded(true)
  return needed ? <Suspense fallback={null}>{children}</Suspense> : null
}

/** Fetches the later chunk when the browser is idle, so the first dialog opens without a wait. */
export function preloadLaterWhenIdle(): void {
  const idle = window.requestIdleCallback ?? ((fn: () => void) => setTimeout(fn, 200))
  idle(() => void loadLater())
}
