import { ERROR, METHOD_RETURN, Reader, converse, methodCall } from './dbus-wire'
import { DEST, PEER, PROPERTIES, SERVICE, SERVICE_PATH, lockedProperty } from './secret-service-connection'

/**
 * Whether the default Secret Service collection (where the keyring library keeps TokenDesk's
 * entries) is locked, in plain JavaScript with its own deadline. Used to explain a call that
 * passed its deadline (a locked collection makes the daemon wait on an unlock prompt, which looks
 * like a hang but is not one) and to check an empty answer of the library against the lock.
 * Resolves undefined when the answer cannot be had.
 *
 * Three requests, each sent when the one before is answered: Ping, ReadAlias("default"), then
 * the Locked property of the collection it names. Why not Properties.Get on /aliases/default at
 * once: gnome-keyring-daemon registers a new connection as its client in a callback of its own,
 * and a request it handles before that sees no client — a property Get then aborts the daemon
 * (GLib: "invoke_get_property_in_idle_cb: assertion failed"; 2 and 7 aborts in two runs of 6,000
 * checks from two processes), which restarts locked for every program of the user; ReadAlias
 * answers "/" (10 in 6,000). The Ping is answered by D-Bus's own code in the daemon, without the
 * client; after it, neither in 6,000 checks in each run of bench/keyring-first-requests.bench.ts
 * (see secret-service-connection.ts for what it does not prevent).
 */
export function defaultCollectionLocked(address: string | undefined, timeoutMs: number): Promise<boolean | undefined> {
  return converse<boolean | undefined>(address, timeoutMs, {
    start: (send) => send(methodCall(2, SERVICE_PATH, PEER, 'Ping', DEST)),
    onReply: (msg, send) => {
      if (msg.type === ERROR) return { value: undefined }
      if (msg.type !== METHOD_RETURN) return undefined
      switch (msg.replySerial) {
        case 2:
          send(methodCall(3, SERVICE_PATH, SERVICE, 'ReadAlias', DEST, 's', (w) => w.str('default')))
          return undefined
        case 3: {
          const collection = new Reader(msg.body, msg.le).str()
          if (collection === '/') return { value: undefined } // no default collection
          send(methodCall(4, collection, PROPERTIES, 'Get', DEST, 'ss', lockedProperty))
          return undefined
        }
        case 4:
          return { value: new Reader(msg.body, msg.le).variantBool() }
        default:
          return undefined
      }
    },
  }).catch(() => undefined)
}
