import type { SliceMaker, ToastsSlice } from './types'

/** Toasts on screen at once: the newest three (an older one gives way). */
export const MAX_TOASTS = 3

export const makeToastsSlice: SliceMaker<ToastsSlice> = (set) => {
  let toastSeq = 0
  return {
    toasts: [],
    toast: (t) => set((s) => ({ toasts: [...s.toasts.slice(-(MAX_TOASTS - 1)), { ...t, id: ++toastSeq }] })),
    dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  }
}
