import { ERROR, METHOD_RETURN, Reader, converse, methodCall } from './dbus-wire'

/**
 * Reads one secret from the Secret Service over D-Bus in plain JavaScript, for `tokendesk get`.
 *
 * Why not @napi-rs/keyring here: loading the addon and its synchronous D-Bus connect (with a
 * Diffie-Hellman session) cost about as much as node's own start-up, which the `get` budget
 * (1.5x bare node) cannot afford. One connection: Hello, OpenSession("plain"),
 * SearchItems({service, username}), Item.GetSecret. "plain" is the spec's unencrypted transfer
 * over the user's own session bus socket, as other clients (e.g. Python's secretstorage) use it;
 * the secret never touches disk either way. Everything that writes the keychain goes through
 * KeyringSecretStore.
 */
export function readSecretServiceItem(
  busAddress: string | undefined,
  attributes: Record<string, string>,
  timeoutMs: number,
): Promise<string | null> {
  const dest = 'org.freedesktop.secrets'
  const service = 'org.freedesktop.Secret.Service'
  let session: string | undefined
  let item: string | undefined
  const maybeGetSecret = (send: (b: Buffer) => void) => {
    if (session && item) send(methodCall(4, item, 'org.freedesktop.Secret.Item', 'GetSecret', dest, 'o', (w) => w.str(session!)))
  }
  return converse<string | null>(busAddress, timeoutMs, {
    start: (send) => {
      send(
        methodCall(2, '/org/freedesktop/secrets', service, 'OpenSession', dest, 'sv', (w) => {
          w.str('plain')
          w.sig('s')
          w.str('')
        }),
      )
      send(methodCall(3, '/org/freedesktop/secrets', service, 'SearchItems', dest, 'a{ss}', (w) => w.dict(attributes)))
    },
    onReply: (msg, send) => {
      if (msg.type === ERROR) throw new Error(`the Secret Service refused (${msg.errorName ?? 'error'}: ${msg.errorText ?? ''})`)
      if (msg.type !== METHOD_RETURN) return undefined
      const r = new Reader(msg.body, msg.le)
      if (msg.replySerial === 2) {
        r.skipVariant()
        session = r.str()
        maybeGetSecret(send)
      } else if (msg.replySerial === 3) {
        const unlocked = r.objectArray()
        const locked = r.objectArray()
        if (unlocked.length === 0) {
          if (locked.length > 0) throw new Error('it is locked')
          return { value: null }
        }
        item = unlocked[0]
        maybeGetSecret(send)
      } else if (msg.replySerial === 4) {
        // (oayays): session, parameters, value, content type
        r.align(8)
        r.str()
        r.bytes()
        return { value: r.bytes().toString('utf8') }
      }
      return undefined
    },
  })
}
