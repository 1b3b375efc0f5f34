import { attemptWith, failWith } from '../fail'
import type { SliceMaker, TokenActions } from '../types'

/** A token's lifecycle from the window; each action says in its toast what happened. */
export const makeTokenActions: SliceMaker<TokenActions> = (set, get, api) => {
  const fail = failWith(get)
  const attempt = attemptWith(get)
  return {
    async openDetail(id) {
      if (get().revealed && get().revealed!.id !== id) get().hideReveal()
      set({ selectedId: id })
      try {
        const detail = await api().tokens.show({ id })
        if (get().selectedId === id) set({ detail })
      } catch (e) {
        if (get().selectedId === id) set({ selectedId: null, detail: null })
        fail('Could not open the token', e)
      }
    },

    closeDetail() {
      get().hideReveal()
      set({ selectedId: null, detail: null })
    },

    async addToken(req) {
      const token = await api().tokens.add(req)
      get().refreshAll()
      return token
    },

    async rotateToken(id, secret) {
      const t = await api().tokens.rotate({ id, secret })
      get().refreshAll()
      return t
    },

    async rotateOnPlatform(id, grace) {
      const r = await api().tokens.rotateOnPlatform({ id, grace })
      get().refreshAll()
      return r
    },

    async editToken(req) {
      const r = await api().tokens.edit(req)
      if (r.changes.length > 0) {
        get().toast({ tone: 'success', title: `${r.token.name} updated`, description: r.changes.join('; ') })
        get().refreshAll()
      }
      return r
    },

    async generate(req) {
      const r = await api().tokens.generate(req)
      get().refreshAll()
      void get().loadConnections()
      return r
    },

    async checkToken(id) {
      try {
        const r = await api().tokens.check({ id })
        const works = r.status === 'works'
        get().toast({ tone: works ? 'success' : 'error', title: works ? 'The token works' : 'The platform rejected the token', description: r.message })
        get().refreshAll()
        return r
      } catch (e) {
        fail('Could not check the token', e)
        get().refreshAll()
        return null
      }
    },

    revoke(id) {
      return attempt('Could not revoke the token', async () => {
        const t = await api().tokens.revoke({ id })
        get().toast({ tone: 'success', title: 'Token revoked', description: `${t.name} is revoked. You can restore it, or delete it for good.` })
        get().refreshAll()
      })
    },

    restore(id) {
      return attempt('Could not restore the token', async () => {
        const t = await api().tokens.restore({ id })
        get().toast({ tone: 'success', title: 'Token restored', description: `${t.name} is ${t.status} again.` })
        get().refreshAll()
      })
    },

    remove(id) {
      return attempt('Could not delete the token', async () => {
        await api().tokens.delete({ id })
        if (get().selectedId === id) get().closeDetail()
        get().toast({ tone: 'success', title: 'Token deleted', description: 'The secret and its metadata were removed.' })
        get().refreshAll()
      })
    },

    async copy(id) {
      try {
        const { clearsAfterSeconds } = await api().tokens.copy({ id })
        get().toast({ tone: 'success', title: 'Copied to the clipboard', description: `The clipboard is cleared in ${clearsAfterSeconds} seconds.` })
        get().refreshList()
      } catch (e) {
        fail('Could not copy the secret', e)
      }
    },

    async reveal(id) {
      try {
        const { secret } = await api().tokens.reveal({ id })
        get().showRevealed(id, secret)
        if (get().selectedId === id) void get().openDetail(id)
        get().refreshList()
      } catch (e) {
        fail('Could not reveal the secret', e)
      }
    },
  }
}
