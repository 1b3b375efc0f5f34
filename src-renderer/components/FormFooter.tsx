import * as Dialog from '@radix-ui/react-dialog'

/** The end of a dialog's form: its error (announced), Cancel, and the submit button. */
export function FormFooter({ error, busy, disabled, label, busyLabel }: { error: string | null; busy: boolean; disabled: boolean; label: string; busyLabel: string }) {
  return (
    <>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="dialog-actions">
        <Dialog.Close className="btn" type="button">
          Cancel
        </Dialog.Close>
        <button type="submit" className="btn btn-primary" disabled={disabled || busy}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  )
}
