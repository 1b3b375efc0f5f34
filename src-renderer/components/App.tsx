import * as Tabs from '@radix-ui/react-tabs'
import * as Toast from '@radix-ui/react-toast'
import { useEffect, type ComponentType, type ReactNode } from 'react'
import { KINDS, makesKind } from '../../src-main/core/connectors/kinds'
import { KIND_RULES } from '../../src-main/core/token-kinds'
import { currentListView, useDesk, type Desk, type ListView, type View } from '../store'
import { AttentionArea } from './AttentionArea'
import { FilterBar } from './FilterBar'
import { PlusIcon } from './Icons'
import { later, OnceNeeded, preloadLaterWhenIdle } from './lazy'
import { Toasts } from './Toasts'
import { TokenList } from './TokenList'
import { desk } from '../bridge'

// Not on the first screen: their code arrives with the later chunk (lazy.tsx).
const AddTokenDialog = later('AddTokenDialog')
const ConfirmDialog = later('ConfirmDialog')
const ConnectDialog = later('ConnectDialog')
const ConnectionsView = later('ConnectionsView')
const DetailPanel = later('DetailPanel')
const GenerateDialog = later('GenerateDialog')
const ImportDialog = later('ImportDialog')
const ScanDialog = later('ScanDialog')
const OrgsView = later('OrgsView')
const SdkConfigDialog = later('SdkConfigDialog')
const EditTokenDialog = later('EditTokenDialog')
const RotateDialog = later('RotateDialog')
const SecretOnceDialog = later('SecretOnceDialog')
const SettingsView = later('SettingsView')

function EmptyState() {
  const kind = useDesk(currentListView)
  const total = useDesk((s) => s.total)
  const kindTotal = useDesk((s) => s.kindTotal)
  const orgs = useDesk((s) => s.orgs)
  if (total !== 0) return null
  if (kindTotal === 0) {
    return (
      <div className="empty-state" data-testid="empty-state">
        <h2>{EMPTY[kind].title}</h2>
        <p>{EMPTY[kind].body}</p>
        <div className="btn-row center">
          <button type="button" className="btn btn-primary" onClick={() => useDesk.getState().openAdd({ kind })}>
            Add a token you already have
          </button>
          <button type="button" className="btn" onClick={() => useDesk.getState().openImport()}>
            Import tokens from this computer
          </button>
          {KIND_RULES[kind].org !== 'none' && orgs.length === 0 ? (
            <button type="button" className="btn" onClick={() => useDesk.getState().setView('orgs')}>
              Add an organization
            </button>
          ) : null}
        </div>
        <GenerateEntry variant="empty" kind={kind} />
      </div>
    )
  }
  return (
    <div className="empty-state">
      <h2>No tokens match these filters</h2>
      <button type="button" className="btn" onClick={() => useDesk.getState().clearFilters()}>
        Clear filters
      </button>
    </div>
  )
}

const EMPTY: Record<ListView, { title: string; body: string }> = {
  personal: { title: 'No tokens yet', body: 'No tokens yet — add a token you already have, or connect a platform.' },
  provider: {
    title: 'No provider tokens yet',
    body: 'Add a token you already have for IBM Quantum, IonQ, AWS Braket, Azure Quantum or another provider — for yourself or for an organization you manage.',
  },
  service: {
    title: 'No service tokens yet',
    body: "A service token is an organization's token for one of its service accounts (a pipeline, CI, a catalog integration). Its owners and maintainers add and manage it; every member may use it.",
  },
}

/** The platforms that generate tokens of each list's kind, for the hint (connectors/kinds.ts). */
const MINTERS: Record<ListView, string> = {
  personal: 'TokenDesk hub or Qualytics',
  provider: Object.values(KINDS)
    .filter((k) => k.mints.kind === 'provider')
    .map((k) => k.label)
    .join(' or '),
  service: Object.values(KINDS)
    .filter((k) => k.serviceAccountField !== undefined)
    .map((k) => k.label)
    .join(' or '),
}

/**
 * Generate a token on a connected platform: a button when a connection can create tokens of this
 * list's kind (an IBM Cloud connection makes provider tokens), otherwise a hint to connect one.
 */
function GenerateEntry({ variant, kind }: { variant: 'toolbar' | 'empty'; kind: ListView }) {
  const first = useDesk((s) => s.connections.find((c) => c.capabilities.createToken && makesKind(c.kind, kind))?.id ?? null)
  const d = useDesk.getState
  if (first !== null) {
    return (
      <button type="button" className={variant === 'empty' ? 'btn' : 'btn btn-primary'} onClick={() => d().openGenerate(first, kind === 'service')}>
        <PlusIcon /> Generate token
      </button>
    )
  }
  return (
    <p className="hint generate-hint">
      To generate {kind === 'personal' ? 'tokens' : `${KIND_RULES[kind].noun}s`} directly,{' '}
      <button type="button" className="link" onClick={() => d().setView('connections')}>
        connect a platform
      </button>{' '}
      ({MINTERS[kind]}).
    </p>
  )
}

function ListToolbar() {
  const kind = useDesk(currentListView)
  const kindTotal = useDesk((s) => s.kindTotal)
  const canGenerate = useDesk((s) => s.connections.some((c) => c.capabilities.createToken && makesKind(c.kind, kind)))
  if (kindTotal === 0) return null
  return (
    <div className={canGenerate ? 'list-toolbar' : 'list-toolbar is-hint'}>
      <GenerateEntry variant="toolbar" kind={kind} />
    </div>
  )
}

function RoleNotice() {
  const kind = useDesk(currentListView)
  const org = useDesk((s) => s.filters[kind].org)
  const role = useDesk((s) => s.orgs.find((o) => o.name === org)?.role)
  if (!role || KIND_RULES[kind].org === 'none') return null
  const noun = `${KIND_RULES[kind].noun}s`
  return (
    <p className={`role-notice${role === 'member' ? ' is-member' : ''}`} role="note">
      You are {role === 'owner' ? 'an owner' : `a ${role}`} of <strong>{org}</strong>.{' '}
      {role === 'member'
        ? `You can use its ${noun}, but only an owner or maintainer can add, rotate, revoke, restore or delete them.`
        : `You can add, rotate, revoke, restore and delete its ${noun}.`}
    </p>
  )
}

function ListPage() {
  return (
    <div className="list-page">
      <div className="filter-row">
        <FilterBar />
        <ListToolbar />
      </div>
      <RoleNotice />
      <div className="list-wrap">
        <TokenList />
        <EmptyState />
      </div>
    </div>
  )
}

/** The dialogs and the detail panel, each with what says it is open. */
const DIALOGS: readonly (readonly [string, (s: Desk) => boolean, ComponentType])[] = [
  ['add', (s) => s.addDialog.open, AddTokenDialog],
  ['generate', (s) => s.generateDialog.open, GenerateDialog],
  ['connect', (s) => s.connectDialog, ConnectDialog],
  ['sdk', (s) => s.sdkDialog !== null, SdkConfigDialog],
  ['import', (s) => s.importDialog, ImportDialog],
  ['scan', (s) => s.scanDialog !== null, ScanDialog],
  ['edit', (s) => s.editDialog !== null, EditTokenDialog],
  ['rotate', (s) => s.rotateDialog !== null, RotateDialog],
  ['secret-once', (s) => s.secretOnce !== null, SecretOnceDialog],
  ['confirm', (s) => s.confirm !== null, ConfirmDialog],
  ['detail', (s) => s.selectedId !== null, DetailPanel],
]

/** A dialog is mounted from the first time it opens (and its code loaded then, if not yet). */
function LazyDialog({ isOpen, Dialog }: { isOpen: (s: Desk) => boolean; Dialog: ComponentType }) {
  const open = useDesk(isOpen)
  return (
    <OnceNeeded when={open}>
      <Dialog />
    </OnceNeeded>
  )
}

/**
 * The app's frame, apart from App so the arrival of settings (ready, theme) and of the first page
 * re-renders only this: `children` are App's elements, unchanged, so React skips them.
 */
function Frame({ children }: { children: ReactNode }) {
  const ready = useDesk((s) => s.ready)
  const listed = useDesk((s) => s.total !== null)
  const theme = useDesk((s) => s.settings?.theme ?? 'system')

  // Once the first page is on screen, the rest of the UI's code is fetched in idle time.
  useEffect(() => {
    if (listed) preloadLaterWhenIdle()
  }, [listed])

  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])

  return (
    <div className="app" data-ready={ready}>
      {children}
    </div>
  )
}

export function App() {
  const view = useDesk((s) => s.view)

  useEffect(() => {
    const offChanged = desk.on('tokensChanged', () => useDesk.getState().refreshAll())
    const offOpen = desk.on('desktopPending', () => void useDesk.getState().takePending())
    const offReminders = desk.on('remindersChanged', () => void useDesk.getState().loadReminders())
    const offSettings = desk.on('settingsChanged', () => void useDesk.getState().loadReminders())
    // A connection added or removed elsewhere (the CLI, another window) shows up here too.
    const offConnections = desk.on('connectionsChanged', () => void useDesk.getState().loadConnections())
    return () => {
      offChanged()
      offOpen()
      offReminders()
      offSettings()
      offConnections()
    }
  }, [])

  return (
    <Toast.Provider swipeDirection="right" label="Notification">
      <Frame>
        <header className="topbar">
          <h1 className="brand">
            <span aria-hidden="true" className="logo">
              ◆
            </span>
            TokenDesk
          </h1>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => useDesk.getState().openImport()}>
              Import from this computer
            </button>
            <button type="button" className="btn" onClick={() => useDesk.getState().openScan({ all: true })}>
              Find copies…
            </button>
            <button type="button" className="btn btn-primary" onClick={() => useDesk.getState().openAdd()}>
              <PlusIcon /> Add existing token
            </button>
          </div>
        </header>
        <main className="main">
          <AttentionArea />
          <Tabs.Root className="tabs" value={view} onValueChange={(v) => useDesk.getState().setView(v as View)}>
            <Tabs.List className="tab-list" aria-label="Sections">
              <Tabs.Trigger className="tab" value="personal">
                Personal tokens
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="provider">
                Provider tokens
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="service">
                Service tokens
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="connections">
                Connections
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="orgs">
                Organizations
              </Tabs.Trigger>
              <Tabs.Trigger className="tab" value="settings">
                Settings
              </Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content className="tab-panel" value="personal">
              {view === 'personal' ? <ListPage /> : null}
            </Tabs.Content>
            <Tabs.Content className="tab-panel" value="provider">
              {view === 'provider' ? <ListPage /> : null}
            </Tabs.Content>
            <Tabs.Content className="tab-panel" value="service">
              {view === 'service' ? <ListPage /> : null}
            </Tabs.Content>
            <Tabs.Content className="tab-panel scroll" value="connections">
              <OnceNeeded when={view === 'connections'}>
                <ConnectionsView />
              </OnceNeeded>
            </Tabs.Content>
            <Tabs.Content className="tab-panel scroll" value="orgs">
              <OnceNeeded when={view === 'orgs'}>
                <OrgsView />
              </OnceNeeded>
            </Tabs.Content>
            <Tabs.Content className="tab-panel scroll" value="settings">
              <OnceNeeded when={view === 'settings'}>
                <SettingsView />
              </OnceNeeded>
            </Tabs.Content>
          </Tabs.Root>
        </main>
      </Frame>
      {DIALOGS.map(([key, isOpen, Dialog]) => (
        <LazyDialog key={key} isOpen={isOpen} Dialog={Dialog} />
      ))}
      <Toasts />
    </Toast.Provider>
  )
}
