import * as Dialog from '@radix-ui/react-dialog'
import { useState } from 'react'
import { useDesk } from '../store'
import { useReturnFocus } from './returnFocus'

/** Confirms revoke and delete; delete says plainly that it is permanent. */
export function ConfirmDialog() {
  const confirm = useDesk((s) => s.confirm)
  const [busy, setBusy] = useState(false)
  const close = () => useDesk.getState().askConfirm(null)
  const t = confirm?.token
  const isDelete = confirm?.action === 'delete'
  const returnFocus = useReturnFocus(confirm !== null)

  const run = async () => {
    if (!confirm) return
    setBusy(true)
    const d = useDesk.getState()
    const ok = isDelete ? await d.remove(confirm.token.id) : await d.revoke(confirm.token.id)
    setBusy(false)
    if (ok) close()
  }

  return (
    <Dialog.Root open={confirm !== null} onOpenChange={(o) => !o && close()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog dialog-narrow" role="alertdialog" data-testid="confirm" onCloseAutoFocus={returnFocus}>
          {t ? (
            <>
              <Dialog.Title>{isDelete ? `Delete ${t.name} permanently?` : `Revoke ${t.name}?`}</Dialog.Title>
              <Dialog.Description className="dialog-desc">
                {isDelete
                  ? 'This is permanent and cannot be undone: the secret is removed from your keychain and the token from TokenDesk, together with its history.'
                  : `TokenDesk marks ${t.name} (${t.platform}) as revoked and stops offering it. Revoke it on ${t.platform} too if it may have leaked. You can restore it later, or delete it for good.`}
              </Dialog.Description>
              <div className="dialog-actions">
                <Dialog.Close className="btn" autoFocus>
                  Cancel
                </Dialog.Close>
                <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void run()}>
                  {isDelete ? 'Delete permanently' : 'Revoke'}
                </button>
              </div>
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
