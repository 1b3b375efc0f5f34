import type { Org } from '../../../src-preload/contract/channels'
import { denyReason } from '../../permissions'
import { attemptWith, failWith } from '../fail'
import type { AppActions, SliceMaker } from '../types'

const NOTICE_TITLES = {
  'clipboard-not-cleared': 'The clipboard was not cleared',
  'notifications-failed': 'Notifications are not shown',
  'orphaned-secrets': 'Secrets without a token',
} as const

/**
 * Refreshes asked for within this window are one: an action refreshes when it returns and its
 * change event (or a CLI run's) arrives a moment later; both are the same refresh.
 */
export const REFRESH_COALESCE_MS = 40

/** Start-up, the side lists main keeps (attention, organizations, settings, reminders), refresh. */
export const makeAppActions: SliceMaker<AppActions> = (set, get, api) => {
  const fail = failWith(get)
  const attempt = attemptWith(get)
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  return {
    async init() {
      const t = api()
      // The first page of the list does not wait for settings and organizations.
      get().startList()
      const [settings, orgs] = await Promise.all([
        t.settings.get({}).catch((e) => (fail('Could not load settings', e), null)),
        t.orgs.list({}).catch((e) => (fail('Could not load organizations', e), [] as Org[])),
      ])
      set({ settings, orgs, ready: true })
      void get().loadExpiring()
      void get().loadConnections()
      void get().loadReminders()
      void get().takePending()
    },

    async takePending() {
      const pending = await api()
        .desktop.pending({})
        .catch(() => null)
      if (!pending) return
      for (const n of pending.notices) get().toast({ tone: 'error', title: NOTICE_TITLES[n.kind], description: n.message })
      if (pending.openTokenId) {
        await get().openDetail(pending.openTokenId)
        // A reminder's notification: its Rotate dialog, when the token can be rotated by this user.
        const t = get().detail?.token
        if (pending.rotate && t && t.id === pending.openTokenId && t.status !== 'revoked' && denyReason(t.org, get().orgs, 'rotate', t.kind) === null) get().openRotate(t)
      }
    },

    refreshAll() {
      if (refreshTimer !== undefined) return
      refreshTimer = setTimeout(() => {
        refreshTimer = undefined
        get().refreshList()
        void get().loadExpiring()
        void get().loadReminders()
        const id = get().selectedId
        if (id) void get().openDetail(id)
      }, REFRESH_COALESCE_MS)
    },

    async loadExpiring() {
      try {
        set({ attention: await api().tokens.expiring({}) })
      } catch (e) {
        fail('Could not load expiring tokens', e)
      }
    },

    async loadOrgs() {
      try {
        set({ orgs: await api().orgs.list({}) })
      } catch (e) {
        fail('Could not load organizations', e)
      }
    },

    setOrg(name, role) {
      return attempt('Could not save the organization', async () => {
        const org = await api().orgs.set({ name, role })
        await get().loadOrgs()
        get().toast({ tone: 'success', title: 'Organization saved', description: `You are a ${org.role} of ${org.name}.` })
      })
    },

    updateSettings(patch) {
      return attempt('Could not save settings', async () => {
        const settings = await api().settings.update(patch)
        set({ settings })
        get().toast({ tone: 'success', title: 'Settings saved' })
        get().refreshAll()
      })
    },

    async loadReminders() {
      try {
        const { items, total } = await api().reminders.due({})
        set({ reminders: items, remindersTotal: total })
      } catch {
        /* reminders are a convenience; the expiry banner still shows what needs attention */
      }
    },

    snooze(key, choice) {
      return attempt('Could not snooze the reminder', async () => {
        await api().reminders.snooze({ key, choice })
        set((s) => ({ reminders: s.reminders.filter((r) => r.key !== key), remindersTotal: Math.max(0, s.remindersTotal - 1) }))
        void get().loadReminders()
      })
    },
  }
}
