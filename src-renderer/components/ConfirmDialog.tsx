import { deleteOnly } from '../../src-main/core/rules/lifecycle'
import * as Dialog from '@radix-ui/react-dialog'
import { platformName } from '../../src-main/core/platform-catalog'
import { DELETED_ON_PLATFORM } from '../../src-main/core/vocabulary'
import { KINDS } from '../../src-main/core/connectors/kinds'
import { useState } from 'react'
import { useDesk } from '../store'
import { CopyChecklist, copyKey, useCopyChecklist } from './CopyChecklist'
import { useReturnFocus } from './returnFocus'
import { desk } from '../bridge'
import { errorMessage } from '../format'
import { runSecretAction } from './secret-action'

/** Confirms revoke, delete and disconnect; delete says plainly that it is permanent. */
export function ConfirmDialog() {
  const confirm = useDesk((s) => s.confirm)
  const connections = useDesk((s) => s.connections)
  const [busy, setBusy] = useState(false)
  const close = () => useDesk.getState().askConfirm(null)
  const returnFocus = useReturnFocus(confirm !== null)
  // Delete offers to take the token out of the files that hold its secret (all ticked).
  const copies = useCopyChecklist(confirm?.action === 'delete' ? confirm.token.id : null)

  const run = async () => {
    if (!confirm) return
    setBusy(true)
    const d = useDesk.getState()
    if (confirm.action === 'use-expired') {
      close()
      await runSecretAction(confirm.token.id, confirm.use)
      setBusy(false)
      return
    }
    if (confirm.action === 'delete' && copies.chosen.length > 0) {
      // The files first, while the token still says which entries are its own.
      try {
        await desk.placements.remove({ id: confirm.token.id, only: copies.chosen.map(copyKey) })
      } catch (e) {
        d.toast({ tone: 'error', title: 'Nothing was deleted: the files could not be changed', description: errorMessage(e) })
        setBusy(false)
        return
      }
    }
    const ok =
      confirm.action === 'disconnect'
        ? await d.disconnect(confirm.connection.id)
        : confirm.action === 'delete'
          ? await d.remove(confirm.token.id)
          : await d.revoke(confirm.token.id)
    setBusy(false)
    if (ok) close()
  }

  let title = ''
  let desc = ''
  let button = ''
  if (confirm?.action === 'disconnect') {
    const c = confirm.connection
    title = `Disconnect ${c.name}?`
    desc =
      `TokenDesk removes the management token of ${c.name} (${c.kind} at ${c.baseUrl}) from your keychain. ` +
      (c.tokenCount > 0
        ? `Its ${c.tokenCount} ${c.tokenCount === 1 ? 'token stays' : 'tokens stay'} in TokenDesk, unlinked: revoking or deleting them no longer reaches the platform. `
        : '') +
      'Nothing is changed on the platform.'
    button = 'Disconnect'
  } else if (confirm?.action === 'use-expired') {
    const t = confirm.token
    title = `${t.name} has expired`
    desc =
      `It expired on ${t.expiresAt ? new Date(t.expiresAt).toISOString().slice(0, 10) : 'an earlier date'}, so ${platformName(t.platform)} will most likely refuse it. ` +
      `${confirm.use === 'copy' ? 'Copy' : 'Reveal'} its secret anyway? Rotate it to get a working one.`
    button = confirm.use === 'copy' ? 'Copy anyway' : 'Reveal anyway'
  } else if (confirm) {
    const t = confirm.token
    const linked = !!t.connectionId
    // Where the platform call goes: the platform, or the account service that manages its keys
    // (an IBM Quantum token lives in IBM Cloud).
    const conn = connections.find((c) => c.id === t.connectionId)
    const on = conn && conn.kind !== t.platform ? KINDS[conn.kind].label : platformName(t.platform)
    if (confirm.action === 'delete' && deleteOnly(t)) {
      // A delete-only platform (AceCloud AI Hub): one confirmed step that says exactly what it is.
      title = `Delete ${t.name} permanently?`
      desc =
        `${platformName(t.platform)} has no revoke: deleting a token is permanent, and any API request using it will immediately fail. ` +
        `TokenDesk removes the secret from your keychain and the token from TokenDesk, with its history; delete it on ${platformName(t.platform)} too.`
      button = 'Delete permanently'
    } else if (confirm.action === 'delete') {
      title = `Delete ${t.name} permanently?`
      desc =
        'This is permanent and cannot be undone: the secret is removed from your keychain and the token from TokenDesk, together with its history.' +
        (linked && t.problem !== DELETED_ON_PLATFORM ? ` It is deleted on ${on} first.` : '')
      button = 'Delete permanently'
    } else {
      title = `Revoke ${t.name}?`
      desc = linked
        ? `TokenDesk revokes ${t.name} on ${on} first, then marks it as revoked here. You can restore it later, or delete it for good.`
        : `TokenDesk marks ${t.name} (${platformName(t.platform)}) as revoked and stops offering it. Revoke it on ${platformName(t.platform)} too if it may have leaked. You can restore it later, or delete it for good.`
      button = 'Revoke'
    }
  }

  return (
    <Dialog.Root open={confirm !== null} onOpenChange={(o) => !o && close()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog dialog-narrow" role="alertdialog" data-testid="confirm" onCloseAutoFocus={returnFocus}>
          {confirm ? (
            <>
              <Dialog.Title>{title}</Dialog.Title>
              <Dialog.Description className="dialog-desc">{desc}</Dialog.Description>
              {confirm.action === 'delete' ? <CopyChecklist legend="Also remove it from these files" state={copies} testId="delete-copies" /> : null}
              <div className="dialog-actions">
                <Dialog.Close className="btn" autoFocus>
                  Cancel
                </Dialog.Close>
                <button type="button" className={confirm.action === 'use-expired' ? 'btn btn-primary' : 'btn btn-danger'} disabled={busy} onClick={() => void run()}>
                  {button}
                </button>
              </div>
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
