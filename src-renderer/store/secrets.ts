import type { DeskState, SecretsSlice, SliceMaker } from './types'

export const REVEAL_MS = 20_000

/** The two places a secret may sit in the renderer; each has its way out. */
export const makeSecretsSlice: SliceMaker<SecretsSlice> = (set, get) => {
  let revealTimer: ReturnType<typeof setTimeout> | undefined
  return {
    secretOnce: null,
    revealed: null,

    showSecretOnce: (s) => set({ secretOnce: s }),
    closeSecretOnce: () => set({ secretOnce: null }),

    showRevealed(id, secret) {
      clearTimeout(revealTimer)
      set({ revealed: { id, secret, hidesAt: Date.now() + REVEAL_MS } })
      revealTimer = setTimeout(() => get().hideReveal(), REVEAL_MS)
    },

    hideReveal() {
      clearTimeout(revealTimer)
      if (get().revealed) set({ revealed: null })
    },
  }
}

/** Whether the store currently holds any secret (for tests: never the secret itself). */
export const holdsSecret = (s: Pick<DeskState, 'secretOnce' | 'revealed'>) => s.secretOnce !== null || s.revealed !== null
