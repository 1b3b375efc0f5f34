import * as Dialog from '@radix-ui/react-dialog'
import { useDesk } from '../store'
import { WarnIcon } from './Icons'
import { useReturnFocus } from './returnFocus'

const TITLE = { added: 'Token successfully added', generated: 'Token successfully generated' } as const

/**
 * Shows a new token's secret exactly once. The secret lives in the store's `secretOnce` only while
 * this dialog is open; closing it clears the field, so the secret leaves both state and DOM.
 * The `generated` variant is for tokens a platform connection creates.
 */
export function SecretOnceDialog() {
  const once = useDesk((s) => s.secretOnce)
  const returnFocus = useReturnFocus(once !== null)
  return (
    <Dialog.Root open={once !== null} onOpenChange={(o) => !o && useDesk.getState().closeSecretOnce()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className="dialog" data-testid="secret-once" onInteractOutside={(e) => e.preventDefault()} onCloseAutoFocus={returnFocus}>
          {once ? (
            <>
              <Dialog.Title>{TITLE[once.variant]}</Dialog.Title>
              <Dialog.Description className="warning-box">
                <WarnIcon />
                <span>Make sure to copy it now — you won&apos;t be able to see it again.</span>
              </Dialog.Description>
              <dl className="kv">
                <dt>Name</dt>
                <dd>{once.name}</dd>
                <dt>{once.variant === 'generated' ? 'Platform' : 'Platform / provider'}</dt>
                <dd>{once.platform}</dd>
              </dl>
              <div className="secret-box">
                <code className="mono secret" aria-label="Secret">
                  {once.secret}
                </code>
                <button type="button" className="btn btn-primary" onClick={() => void useDesk.getState().copy(once.id)}>
                  Copy
                </button>
              </div>
              <p className="hint">Copy places the secret on the clipboard from the app itself and clears it after the delay set in Settings.</p>
              <div className="dialog-actions">
                <Dialog.Close className="btn">Done</Dialog.Close>
              </div>
            </>
          ) : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
