import { useCallback, useState } from 'react'

/** A set of keys the user toggles (the checklists keep the unticked ones: everything starts ticked). */
export function useToggleSet() {
  const [keys, setKeys] = useState<ReadonlySet<string>>(new Set())
  const toggle = useCallback(
    (key: string) =>
      setKeys((s) => {
        const next = new Set(s)
        if (next.has(key)) next.delete(key)
        else next.add(key)
        return next
      }),
    [],
  )
  const reset = useCallback(() => setKeys(new Set()), [])
  return { has: (key: string) => keys.has(key), toggle, reset }
}
