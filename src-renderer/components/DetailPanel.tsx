import { deleteOnly } from '../../src-main/core/rules/lifecycle'
import * as Dialog from '@radix-ui/react-dialog'
import { platformName } from '../../src-main/core/platform-catalog'
import { CopiesSection } from './CopiesSection'
import { FoundCopiesSection } from './FoundCopiesSection'
import { secretAction } from './secret-action'
import { Fragment, useEffect, useState } from 'react'
import type { TokenView } from '../../src-preload/contract/channels'
import { exactDateTime, relative } from '../format'
import { roleOf } from '../permissions'
import { useDesk } from '../store'
import { checkAvailability, rotatesOnPlatform, useTokenPermissions } from './actions'
import { ProblemMarker } from './ProblemMarker'
import { CloseIcon } from './Icons'
import { StatusChip } from './StatusChip'
import { useReturnFocus } from './returnFocus'
import { Expires, LastUsed } from './TimeCells'
import { SERVICE_ACCOUNT_FIELD } from '../../src-main/core/token-kinds'
import type { TokenKind } from '../../src-main/core/model'

const DESCRIBE: Record<TokenKind, string> = { personal: 'Personal access token for', provider: 'Provider token for', service: 'Service token for' }

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(t)
  }, [])
  return <span className="hint">Hides in {Math.max(0, Math.ceil((until - now) / 1000))} s</span>
}

/** A button that is disabled with its reason shown next to it, not only in a tooltip. */
function Action({ reason, onClick, children, className = 'btn' }: { reason: string | null; onClick: () => void; children: string; className?: string }) {
  return (
    <span className="action">
      <button type="button" className={className} disabled={!!reason} aria-disabled={!!reason} title={reason ?? undefined} onClick={onClick}>
        {children}
      </button>
    </span>
  )
}

function Actions({ token }: { token: TokenView }) {
  const perm = useTokenPermissions(token)
  const d = useDesk.getState
  const revoked = token.status === 'revoked'
  const reason = revoked ? perm.restore : perm.revoke
  const connections = useDesk((s) => s.connections)
  const check = checkAvailability(token, connections)
  const onPlatform = rotatesOnPlatform(token, connections)
  const [checking, setChecking] = useState(false)
  return (
    <div className="detail-actions">
      <div className="btn-row">
        {!revoked ? (
          <>
            <Action reason={null} onClick={() => secretAction(token, 'copy')}>
              Copy secret
            </Action>
            <Action reason={null} onClick={() => d().openSdk(token)}>
              Write to SDK config…
            </Action>
            {check !== 'hidden' ? (
              <Action
                reason={checking ? 'checking' : check}
                onClick={() => {
                  setChecking(true)
                  void d()
                    .checkToken(token.id)
                    .finally(() => setChecking(false))
                }}
              >
                {checking ? 'Checking…' : 'Check with platform'}
              </Action>
            ) : null}
            {onPlatform ? (
              <Action reason={perm.rotate} onClick={() => d().openRotate(token)}>
                Rotate on platform…
              </Action>
            ) : (
              <Action reason={perm.rotate} onClick={() => d().openRotate(token)}>
                Rotate…
              </Action>
            )}
            <Action reason={perm.edit} onClick={() => d().openEdit(token)}>
              Edit…
            </Action>
            {deleteOnly(token) ? (
              <Action reason={perm.delete} className="btn btn-danger-ghost" onClick={() => d().askConfirm({ action: 'delete', token })}>
                Delete permanently…
              </Action>
            ) : (
              <Action reason={perm.revoke} className="btn btn-danger-ghost" onClick={() => d().askConfirm({ action: 'revoke', token })}>
                Revoke…
              </Action>
            )}
          </>
        ) : (
          <>
            <Action reason={perm.restore} onClick={() => void d().restore(token.id)}>
              Restore
            </Action>
            <Action reason={perm.delete} className="btn btn-danger-ghost" onClick={() => d().askConfirm({ action: 'delete', token })}>
              Delete permanently…
            </Action>
          </>
        )}
      </div>
      {reason ? (
        <p className="reason" role="note">
          {reason}.
        </p>
      ) : null}
      {check !== 'hidden' && check !== null && !revoked ? (
        <p className="reason" role="note">
          To check this token, {check}.
        </p>
      ) : null}
    </div>
  )
}

function SecretRow({ token }: { token: TokenView }) {
  const revealed = useDesk((s) => (s.revealed?.id === token.id ? s.revealed : null))
  if (token.status === 'revoked') return <p className="hint">A revoked token&apos;s secret cannot be copied or revealed. Restore it first.</p>
  return (
    <div className="secret-row">
      {revealed ? (
        <>
          <code className="mono secret" aria-label="Revealed secret">
            {revealed.secret}
          </code>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => useDesk.getState().hideReveal()}>
              Hide
            </button>
            <Countdown until={revealed.hidesAt} />
          </div>
        </>
      ) : (
        <>
          <code className="mono secret masked" aria-label="Secret hidden">
            ••••••••••••••••
          </code>
          <button type="button" className="btn" onClick={() => secretAction(token, 'reveal')}>
            Reveal for 20 s
          </button>
        </>
      )}
    </div>
  )
}

/** The token detail side panel: metadata, actions and audit history. */
export function DetailPanel() {
  const selectedId = useDesk((s) => s.selectedId)
  const detail = useDesk((s) => s.detail)
  const orgs = useDesk((s) => s.orgs)
  const t = detail && detail.token.id === selectedId ? detail.token : null
  const connName = useDesk((s) => (t?.connectionId ? (s.connections.find((c) => c.id === t.connectionId)?.name ?? null) : null))
  const returnFocus = useReturnFocus(selectedId !== null)
  return (
    <Dialog.Root open={selectedId !== null} onOpenChange={(o) => !o && useDesk.getState().closeDetail()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay overlay-light" />
        <Dialog.Content className="sheet" data-testid="detail-panel" onCloseAutoFocus={returnFocus}>
          <div className="dialog-head">
            <Dialog.Title>{t ? t.name : 'Loading token…'}</Dialog.Title>
            <Dialog.Close className="icon-btn" aria-label="Close details">
              <CloseIcon />
            </Dialog.Close>
          </div>
          <Dialog.Description className="dialog-desc">
            {t ? `${DESCRIBE[t.kind]} ${platformName(t.platform)}${t.kind === 'service' ? `, acting as ${t.fields[SERVICE_ACCOUNT_FIELD] ?? '?'}` : ''}` : 'Fetching details'}
          </Dialog.Description>
          {t && detail ? (
            <>
              <div className="detail-status">
                <StatusChip status={t.status} />
              </div>
              {t.problem ? <ProblemMarker problem={t.problem} long /> : null}
              <dl className="kv">
                <dt>Owner</dt>
                <dd>{t.org ? `${t.org} (you are a ${roleOf(t.org, orgs) ?? 'non-member'})` : 'You'}</dd>
                <dt>Scopes</dt>
                <dd>
                  {t.scopes.length ? (
                    <span className="scopes wrap">
                      {t.scopes.map((s) => (
                        <span className="scope" key={s}>
                          {s}
                        </span>
                      ))}
                    </span>
                  ) : (
                    <span className="muted">No scopes</span>
                  )}
                </dd>
                <dt>Created</dt>
                <dd>
                  {exactDateTime(t.createdAt)} <span className="muted">({relative(t.createdAt)})</span>
                </dd>
                <dt>Expires</dt>
                <dd>
                  <Expires at={t.expiresAt} />
                </dd>
                <dt>Usage</dt>
                <dd>
                  <LastUsed at={t.lastUsedAt} />
                </dd>
                {t.connectionId || t.checkedAt ? (
                  <>
                    <dt>Last check</dt>
                    <dd data-testid="last-check">
                      {t.checkedAt ? (
                        <span className={`check-result check-${t.checkStatus}`}>
                          <strong>{t.checkStatus === 'works' ? '✓ Works' : '✕ Rejected'}</strong>{' '}
                          <time dateTime={new Date(t.checkedAt).toISOString()} title={exactDateTime(t.checkedAt)}>
                            {relative(t.checkedAt)}
                          </time>
                          {t.checkMessage ? <span className="sub check-message">{t.checkMessage}</span> : null}
                        </span>
                      ) : (
                        <span className="muted">Not checked yet</span>
                      )}
                    </dd>
                  </>
                ) : null}
                {t.connectionId ? (
                  <>
                    <dt>Connection</dt>
                    <dd>{connName ?? <span className="muted">disconnected</span>}</dd>
                  </>
                ) : null}
                {t.revokedAt ? (
                  <>
                    <dt>Revoked</dt>
                    <dd>{exactDateTime(t.revokedAt)}</dd>
                  </>
                ) : null}
                {Object.entries(t.fields).map(([k, v]) => (
                  <Fragment key={k}>
                    <dt>{k}</dt>
                    <dd className="mono">{v}</dd>
                  </Fragment>
                ))}
                {t.note ? (
                  <>
                    <dt>Note</dt>
                    <dd className="note">{t.note}</dd>
                  </>
                ) : null}
              </dl>
              <h3>Secret</h3>
              <SecretRow token={t} />
              <Actions token={t} />
              <h3>Copies in files</h3>
              <CopiesSection tokenId={t.id} updatedAt={detail.audit[0]?.at ?? t.createdAt} />
              <h3>Found by scan</h3>
              <FoundCopiesSection tokenId={t.id} name={t.name} updatedAt={detail.audit[0]?.at ?? t.createdAt} />
              <h3>History</h3>
              {detail.audit.length === 0 ? (
                <p className="muted">No events yet.</p>
              ) : (
                <ol className="audit">
                  {detail.audit.map((a) => (
                    <li key={a.id}>
                      <span className={`audit-action a-${a.action}`}>{a.action}</span>
                      <time dateTime={new Date(a.at).toISOString()} title={exactDateTime(a.at)}>
                        {relative(a.at)}
                      </time>
                      <span className="muted">by {a.actor}</span>
                      {a.detail ? <span className="audit-detail">{a.detail}</span> : null}
                    </li>
                  ))}
                </ol>
              )}
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
