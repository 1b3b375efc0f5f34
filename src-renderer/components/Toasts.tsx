import * as Toast from '@radix-ui/react-toast'
import { useDesk } from '../store'

/** Success and failure messages; failures show the core's message as it is. */
export function Toasts() {
  const toasts = useDesk((s) => s.toasts)
  return (
    <>
      {toasts.map((t) => (
        <Toast.Root
          key={t.id}
          className={`toast toast-${t.tone}`}
          type={t.tone === 'error' ? 'foreground' : 'background'}
          duration={t.tone === 'error' ? 10_000 : 5_000}
          onOpenChange={(o) => !o && useDesk.getState().dismissToast(t.id)}
          data-tone={t.tone}
          // Escape closes the dialog the user is in, not a toast that happened to appear above it.
          onEscapeKeyDown={(e) => {
            if (useDesk.getState().closeTopDialog()) e.preventDefault()
          }}
        >
          <Toast.Title className="toast-title">{t.title}</Toast.Title>
          {t.description ? <Toast.Description className="toast-desc">{t.description}</Toast.Description> : null}
          <Toast.Close className="icon-btn toast-close" aria-label="Dismiss">
            ×
          </Toast.Close>
        </Toast.Root>
      ))}
      <Toast.Viewport className="toast-viewport" />
    </>
  )
}
