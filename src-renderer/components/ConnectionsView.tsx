import * as Dialog from '@radix-ui/react-dialog'
import { useId, useRef, useState, type FormEvent } from 'react'
import { CONNECTOR_KINDS, type ConnectorKind } from '../../src-main/core/vocabulary'
import { KINDS } from '../../src-main/core/connectors/kinds'
import { NameSchema } from '../../src-main/core/model'
import { AwsAccessKeyIdSchema } from '../../src-main/core/requests'
import type { ConnectionView } from '../../src-preload/contract/channels'
import { errorMessage, exactDateTime, relative } from '../format'
import { useDesk } from '../store'
import { DialogFooter, DialogHead, firstIssue, TextField } from './fields'
import { PlusIcon } from './Icons'
import { useReturnFocus } from './returnFocus'


const capitalize = (s: string) => s[0]!.toUpperCase() + s.slice(1)

/** What a connection can do, in words. */
function abilities(c: ConnectionView): string {
  const can: string[] = []
  if (c.capabilities.createToken) can.push('generate')
  if (c.capabilities.listTokens) can.push('sync')
  if (c.capabilities.checkToken) can.push('check')
  if (c.capabilities.revokeToken) can.push('revoke')
  return can.length ? can.join(', ') : 'nothing yet'
}

function LastSync({ c }: { c: ConnectionView }) {
  if (c.lastSyncError) {
    return (
      <span className="two-line">
        <span className="problem">Last sync failed</span>
        <span className="sub problem sync-error">{c.lastSyncError}</span>
      </span>
    )
  }
  if (c.lastSyncAt === null) return <span className="muted">{c.capabilities.listTokens ? 'Not synced yet' : 'No token list (check only)'}</span>
  return (
    <span className="two-line" title={exactDateTime(c.lastSyncAt)}>
      <span>Synced</span>
      <span className="sub">{relative(c.lastSyncAt)}</span>
    </span>
  )
}

/** Platform connections: list, connect, sync (one or all) and disconnect. */
export function ConnectionsView() {
  const connections = useDesk((s) => s.connections)
  const [syncing, setSyncing] = useState<string | null>(null)
  const d = useDesk.getState
  const sync = async (id?: string) => {
    setSyncing(id ?? '*')
    await d().sync(id)
    setSyncing(null)
  }
  return (
    <div className="page page-wide" data-testid="connections-view">
      <section className="card" aria-labelledby="connections-title">
        <div className="card-head">
          <h2 id="connections-title">Platform connections</h2>
          <div className="btn-row">
            {connections.length > 0 ? (
              <button type="button" className="btn" disabled={syncing !== null} onClick={() => void sync()}>
                {syncing === '*' ? 'Syncing…' : 'Sync all'}
              </button>
            ) : null}
            <button type="button" className="btn btn-primary" onClick={() => d().openConnect()}>
              <PlusIcon /> Connect a platform
            </button>
          </div>
        </div>
        <p className="hint">
          A connection lets TokenDesk generate, check, revoke and sync your personal tokens on a platform. Its management token is kept in your OS
          keychain, never in TokenDesk&apos;s database.
        </p>
        {connections.length === 0 ? (
          <p className="empty">No platforms connected yet. Connect one to generate tokens directly from TokenDesk.</p>
        ) : (
          <table className="table connections">
            <thead>
              <tr>
                <th scope="col">Connection</th>
                <th scope="col">Platform URL</th>
                <th scope="col">Account</th>
                <th scope="col">Tokens</th>
                <th scope="col">Last sync</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {connections.map((c) => (
                <tr key={c.id} data-connection-id={c.id}>
                  <td>
                    <span className="two-line">
                      <span className="conn-name">{c.name}</span>
                      <span className="sub">
                        {KINDS[c.kind].label} · can {abilities(c)}
                      </span>
                    </span>
                  </td>
                  <td className="mono url">{c.baseUrl}</td>
                  <td>{c.account ?? <span className="muted">—</span>}</td>
                  <td>{c.tokenCount}</td>
                  <td>
                    <LastSync c={c} />
                  </td>
                  <td>
                    <div className="btn-row nowrap">
                      {c.capabilities.listTokens ? (
                        <button type="button" className="btn btn-small" disabled={syncing !== null} aria-label={`Sync ${c.name}`} onClick={() => void sync(c.id)}>
                          {syncing === c.id ? 'Syncing…' : 'Sync'}
                        </button>
                      ) : null}
                      <button
                        type="button"
                        className="btn btn-small btn-danger-ghost"
                        aria-label={`Disconnect ${c.name}`}
                        onClick={() => d().askConfirm({ action: 'disconnect', connection: c })}
                      >
                        Disconnect…
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}

export function ConnectDialog() {
  const open = useDesk((s) => s.connectDialog)
  const returnFocus = useReturnFocus(open)
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !o && useDesk.getState().closeConnect()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" data-testid="connect-dialog" onCloseAutoFocus={returnFocus}>
          {open ? <ConnectForm /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}

function ConnectForm() {
  const id = useId()
  const [kind, setKind] = useState<ConnectorKind>('tokendesk-hub')
  const [baseUrl, setBaseUrl] = useState('')
  const [accessKeyId, setAccessKeyId] = useState('')
  const info = KINDS[kind]
  const needsKeyId = kind === 'aws-iam'
  const [name, setName] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // The management token stays in the input element only; it is read once on submit.
  const tokenRef = useRef<HTMLInputElement>(null)
  const [tokenError, setTokenError] = useState<string | null>(null)
  const needsToken = info.managementCredential !== null
  // A platform with one public API (IBM Cloud) needs no URL; one given replaces it.
  const url = baseUrl.trim() || info.defaultBaseUrl || ''

  const urlError = submitted && url === '' ? 'the platform URL is required' : null
  // The core's rule (requests.ts), in the dialog's words.
  const keyIdWrong = needsKeyId && firstIssue(AwsAccessKeyIdSchema, accessKeyId.trim()) !== null
  const keyIdError = submitted && keyIdWrong ? 'the access key id starts with AKIA (capital letters and digits)' : null
  const nameError = name.trim() === '' ? null : firstIssue(NameSchema, name.trim())

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setFormError(null)
    const token = tokenRef.current?.value ?? ''
    const tErr = needsToken && token === '' ? `paste the ${info.managementCredential} of your ${info.label} account` : null
    setTokenError(tErr)
    if (url === '' || nameError || tErr || keyIdWrong) return
    setBusy(true)
    try {
      const c = await useDesk.getState().connect({
        kind,
        baseUrl: url,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(token ? { managementToken: token } : {}),
        ...(needsKeyId ? { accessKeyId: accessKeyId.trim() } : {}),
      })
      if (tokenRef.current) tokenRef.current.value = ''
      const d = useDesk.getState()
      d.closeConnect()
      d.toast({
        tone: 'success',
        title: `Connected ${c.name}`,
        description:
          (c.account ? `Signed in as ${c.account}.` : 'The connection can check tokens.') +
          (c.importedOrgs.length ? ` Imported ${c.importedOrgs.length} ${c.importedOrgs.length === 1 ? 'organization' : 'organizations'}: ${c.importedOrgs.map((o) => `${o.name} (${o.role})`).join(', ')}.` : ''),
      })
    } catch (err) {
      setFormError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <DialogHead title="Connect a platform" />
      <Dialog.Description className="dialog-desc">
        TokenDesk checks the {info.managementCredential ?? 'connection'} with the platform first; nothing is stored if the platform refuses it.
        {info.managementCredential ? ` The ${info.managementCredential} then goes to your OS keychain.` : ''}
      </Dialog.Description>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Platform</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as ConnectorKind)}>
            {CONNECTOR_KINDS.map((k) => (
              <option key={k} value={k}>
                {KINDS[k].label} ({k})
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-name`}
          label="Name (optional)"
          value={name}
          autoComplete="off"
          spellCheck={false}
          placeholder={kind}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
          alertError
        />
        <TextField
          id={`${id}-url`}
          wide
          label={info.defaultBaseUrl ? 'Platform URL (optional)' : 'Platform URL'}
          value={baseUrl}
          type="url"
          autoComplete="off"
          spellCheck={false}
          inputClassName="mono"
          placeholder={info.defaultBaseUrl ?? 'https://your-instance.example.com'}
          onChange={(e) => setBaseUrl(e.target.value)}
          error={urlError}
          hint={
            info.defaultBaseUrl
              ? `Leave empty for ${info.defaultBaseUrl}. https:// is required; plain http only for 127.0.0.1 and localhost.`
              : 'https:// is required; plain http only for 127.0.0.1 and localhost.'
          }
        />
        {needsKeyId ? (
          <TextField
            id={`${id}-keyid`}
            wide
            label="Access key ID"
            value={accessKeyId}
            autoComplete="off"
            spellCheck={false}
            inputClassName="mono"
            placeholder="AKIA…"
            onChange={(e) => setAccessKeyId(e.target.value)}
            error={keyIdError}
            hint="An access key of your IAM user (IAM → Users → Security credentials). The keys TokenDesk creates belong to the same user."
          />
        ) : null}
        <div className="field span-2">
          <label htmlFor={`${id}-token`}>{needsToken ? capitalize(info.managementCredential!) : 'Management token (not needed)'}</label>
          <input
            id={`${id}-token`}
            ref={tokenRef}
            type="password"
            autoComplete="off"
            spellCheck={false}
            className="mono"
            disabled={!needsToken}
            placeholder={needsToken ? `Paste the ${info.managementCredential}` : ''}
            aria-invalid={!!tokenError}
            aria-describedby={`${id}-token-hint${tokenError ? ` ${id}-token-err` : ''}`}
            onChange={() => tokenError && setTokenError(null)}
          />
          <p id={`${id}-token-hint`} className="hint">
            {needsToken
              ? kind === 'ibm-cloud'
                ? 'An API key of your IBM Cloud user (Manage → Access (IAM) → API keys); the keys TokenDesk creates are yours, in the same account. It is never shown again.'
                : kind === 'aws-iam'
                  ? 'The secret of that access key; the user needs the iam:*AccessKey* permissions on itself. It is never shown again.'
                  : 'A token of your account that may list and create tokens. It is never shown again.'
              : `${info.label} connections only check tokens you added; no management token is needed.`}
          </p>
          {tokenError ? (
            <p id={`${id}-token-err`} className="error">
              {tokenError}
            </p>
          ) : null}
        </div>
      </div>
      <DialogFooter formError={formError} busy={busy}>
        {busy ? 'Connecting…' : 'Connect'}
      </DialogFooter>
    </form>
  )
}
