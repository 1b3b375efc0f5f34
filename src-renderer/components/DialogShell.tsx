import * as Dialog from '@radix-ui/react-dialog'
import type { ReactNode } from 'react'
import { useReturnFocus } from './returnFocus'

/**
 * The Radix dialog every form dialog sits in: overlay, content with its test id, Escape and the
 * overlay close it through `onClose`, and focus goes back where it was when it closes.
 */
export function DialogShell({ open, onClose, testId, wide = false, children }: { open: boolean; onClose: () => void; testId: string; wide?: boolean; children: ReactNode }) {
  const returnFocus = useReturnFocus(open)
  return (
    <Dialog.Root open={open} onOpenChange={(o) => !o && onClose()}>
      <Dialog.Portal>
        <Dialog.Overlay className="overlay" />
        <Dialog.Content className={wide ? 'dialog dialog-wide' : 'dialog'} data-testid={testId} onCloseAutoFocus={returnFocus}>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
