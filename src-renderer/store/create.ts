import { create } from 'zustand'
import { makeAppActions } from './actions/app'
import { makeConnectionActions } from './actions/connections'
import { makeTokenActions } from './actions/tokens'
import { makeDialogsSlice } from './dialogs'
import { makeListSlice } from './list'
import { makeSecretsSlice } from './secrets'
import { makeToastsSlice } from './toasts'
import type { Desk, DeskApi, WorkspaceSlice } from './types'

/** What main holds, before the first load. */
const emptyWorkspace = (): WorkspaceSlice => ({
  ready: false,
  attention: { items: [], expired: 0, expiring: 0 },
  orgs: [],
  settings: null,
  selectedId: null,
  detail: null,
  connections: [],
  reminders: [],
  remindersTotal: 0,
})

/**
 * The renderer's one store, made of slices (state with its own transitions: list, dialogs,
 * secrets, toasts, workspace) and action modules (bridge calls with the words their toasts say:
 * app, tokens, connections) — GitHub Desktop's stores/dispatcher split, inside one zustand store
 * so a component still subscribes with one selector. `api` is the bridge; specs pass a fake.
 */
export function createDeskStore(api: () => DeskApi) {
  return create<Desk>()((set, get) => ({
    ...emptyWorkspace(),
    ...makeListSlice(set, get, api),
    ...makeDialogsSlice(set, get, api),
    ...makeSecretsSlice(set, get, api),
    ...makeToastsSlice(set, get, api),
    ...makeAppActions(set, get, api),
    ...makeTokenActions(set, get, api),
    ...makeConnectionActions(set, get, api),
  }))
}
