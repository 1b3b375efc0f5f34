import { ERROR, METHOD_RETURN, Reader, converse, methodCall } from './dbus-wire'

/**
 * Whether the default Secret Service collection (where the keyring library keeps TokenDesk's
 * entries) is locked, in plain JavaScript with its own deadline. Used only to explain a call that
 * passed its deadline: a locked collection makes the daemon wait on an unlock prompt, which looks
 * like a hang but is not one, and the user's next step differs ("unlock it" versus "start it").
 * Resolves undefined when the answer cannot be had.
 */
export function defaultCollectionLocked(address: string | undefined, timeoutMs: number): Promise<boolean | undefined> {
  return converse<boolean | undefined>(address, timeoutMs, {
    start: (send) =>
      send(
        methodCall(2, '/org/freedesktop/secrets/aliases/default', 'org.freedesktop.DBus.Properties', 'Get', 'org.freedesktop.secrets', 'ss', (w) => {
          w.str('org.freedesktop.Secret.Collection')
          w.str('Locked')
        }),
      ),
    onReply: (msg) => {
      if (msg.replySerial !== 2) return undefined
      if (msg.type === ERROR) return { value: undefined }
      if (msg.type !== METHOD_RETURN) return undefined
      return { value: new Reader(msg.body, msg.le).variantBool() }
    },
  }).catch(() => undefined)
}
