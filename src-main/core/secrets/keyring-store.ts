import { pingSecretService } from './dbus-ping'
import { KeychainBroker, nodeBrokerSpawner, type SpawnBroker } from './keychain-broker'
import type { BrokerOp } from './keychain-broker-protocol'
import { defaultCollectionLocked } from './secret-service-locked'
import { SecretServiceReader } from './secret-service-reader'
import { SecretServiceWriter } from './secret-service-writer'
import { KeychainUnavailableError, keychainUnavailable, type SecretStore } from './secret-store'
import { DEFAULT_KEYCHAIN_SERVICE, keychainServiceFor, type VaultIdentity } from './namespace'
import { sessionBusAddress } from './session-bus'

export { DEFAULT_KEYCHAIN_SERVICE }
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 4000

export interface KeyringStoreOptions {
  /** Keychain service name; `TOKENDESK_KEYCHAIN_SERVICE` overrides it so tests never touch a user's entries. */
  service?: string
  /** A keychain that does not answer must not hang the app or the CLI. */
  timeoutMs?: number
  /**
   * Starts the process that makes the native calls (default: a Node child, see
   * keychain-broker.ts); the Electron shell passes one built on utilityProcess.
   */
  spawnBroker?: SpawnBroker
}

declare const __TOKENDESK_TEST_HOOKS__: boolean | undefined

/**
 * Linux writes, removals and listings through TokenDesk's own D-Bus client — except, in the
 * tests' build of the CLI only, when TOKENDESK_TEST_KEYCHAIN_VIA_LIBRARY=1 sends them through the
 * keyring library and its broker as on macOS and Windows, so the broker's own guarantees (a killed
 * CLI takes it along) are still tested on Linux. The release build has no such switch.
 */
function ownWritesOnLinux(): boolean {
  if (process.platform !== 'linux') return false
  const hooks = typeof __TOKENDESK_TEST_HOOKS__ !== 'undefined' && __TOKENDESK_TEST_HOOKS__
  return !(hooks && process.env.TOKENDESK_TEST_KEYCHAIN_VIA_LIBRARY === '1')
}

/** How long a successful Secret Service check is trusted before the next call checks again. */
const RECHECK_MS = 30_000
export const FAILED_RECHECK_MS = 5_000

/**
 * The OS keychain: Secret Service on Linux, Keychain on macOS, Credential Manager on Windows.
 * On macOS and Windows every call goes through @napi-rs/keyring (in the broker process). On
 * Linux, TokenDesk's own D-Bus client does the work while the collection is unlocked — reads
 * (secret-service-reader.ts), writes, removals and listings (secret-service-writer.ts), making
 * the same items the library makes — and the library only what needs the collection unlocked,
 * since it can ask the daemon to; it is pinned to Secret Service there, because its default
 * silently falls back to the kernel keyring, which forgets secrets at logout.
 */
export class KeyringSecretStore implements SecretStore {
  readonly description: string
  service: string
  /** Given by the caller (options or TOKENDESK_KEYCHAIN_SERVICE): a folder's identity does not change it. */
  private readonly pinned: boolean
  private readonly timeoutMs: number
  private readonly broker: KeychainBroker
  /** Linux reads: one kept D-Bus connection (secret-service-reader.ts). */
  private readonly reader = new SecretServiceReader(() => sessionBusAddress())
  /** Linux writes, removals and listings: another (secret-service-writer.ts); a locked collection goes to the library. */
  private readonly writer = new SecretServiceWriter(() => sessionBusAddress())
  private health: { at: number; error?: KeychainUnavailableError } | undefined

  constructor(opts: KeyringStoreOptions = {}) {
    // A systemd user session may not export DBUS_SESSION_BUS_ADDRESS; the keyring library's
    // D-Bus (in the broker process) then refuses ("X11 autolaunch … set your
    // DBUS_SESSION_BUS_ADDRESS"). The address libdbus itself would find ($XDG_RUNTIME_DIR/bus)
    // is put where the broker inherits it.
    if (process.platform === 'linux' && !process.env.DBUS_SESSION_BUS_ADDRESS) {
      const found = sessionBusAddress()
      if (found) process.env.DBUS_SESSION_BUS_ADDRESS = found
    }
    this.pinned = opts.service !== undefined || !!process.env.TOKENDESK_KEYCHAIN_SERVICE
    this.service = opts.service ?? process.env.TOKENDESK_KEYCHAIN_SERVICE ?? DEFAULT_KEYCHAIN_SERVICE
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS
    this.broker = new KeychainBroker(opts.spawnBroker ?? nodeBrokerSpawner())
    this.description =
      process.platform === 'darwin' ? 'macOS Keychain' : process.platform === 'win32' ? 'Windows Credential Manager' : 'Secret Service'
  }

  /** The data folder this store serves (openVault): its entries live under that folder's service name (namespace.ts). */
  bindToFolder(identity: VaultIdentity | null): void {
    if (!this.pinned) this.service = keychainServiceFor(identity, {})
  }

  set(ref: string, secret: string): Promise<void> {
    if (ownWritesOnLinux()) return this.setOnLinux(ref, secret)
    return this.setThroughLibrary(ref, secret)
  }

  private setThroughLibrary(ref: string, secret: string): Promise<void> {
    return this.call('store the secret', { op: 'set', service: this.service, account: ref, secret })
      .then(() => undefined)
      .catch(rethrow(this.description, { lockedMeansNothingWritten: true }))
  }

  /** The item the library would make, over the writer's connection; a locked collection (or none) goes to the library. */
  private async setOnLinux(ref: string, secret: string): Promise<void> {
    const progress = { sent: false }
    const done = await this.onLinux(
      'store the secret',
      (t) => this.writer.write({ service: this.service, username: ref }, `keyring:${ref}@${this.service}`, secret, t, progress),
      () => !progress.sent,
    )
    if (!('written' in done)) await this.setThroughLibrary(ref, secret)
  }

  /**
   * One request of TokenDesk's own D-Bus client, with the library path's rules: a keychain that
   * failed a moment ago is not asked again yet; a deadline is explained (locked, or not
   * answering) and remembered; any failure is the store's "not available" error, marked
   * nothingSent when `nothingSent()` says the request failed before it could change anything.
   */
  private async onLinux<T>(what: string, request: (timeoutMs: number) => Promise<T>, nothingSent: () => boolean = () => false): Promise<T> {
    this.throwIfFailedRecently()
    try {
      return await request(this.timeoutMs)
    } catch (e) {
      let why = describeKeyringError(e)
      if (why.startsWith('it did not answer')) {
        why = await this.whyNoAnswer(what)
        this.rememberFailure(why)
      }
      throw keychainUnavailable(this.description, why, nothingSent())
    }
  }

  get(ref: string): Promise<string | null> {
    if (process.platform === 'linux') return this.readOnLinux(ref)
    return this.getThroughLibrary(ref)
  }

  private getThroughLibrary(ref: string): Promise<string | null> {
    return this.call('read the secret', { op: 'get', service: this.service, account: ref })
      .then(async (v) => (typeof v === 'string' ? v : (await this.refuseIfLocked('read the secret'), null)))
      .catch(rethrow(this.description))
  }

  /**
   * The item the library would read (the same service and account attributes), over the kept
   * connection. Only locked items match: the library's path, which asks the daemon to unlock
   * (a prompt on a desktop) and otherwise says it is locked. No item: checked against the lock
   * as the library's answer is.
   */
  private async readOnLinux(ref: string): Promise<string | null> {
    const found = await this.onLinux('read the secret', (t) => this.reader.read({ service: this.service, username: ref }, t))
    if ('value' in found) return found.value
    if ('locked' in found) return this.getThroughLibrary(ref)
    await this.refuseIfLocked('read the secret')
    return null
  }

  delete(ref: string): Promise<boolean> {
    if (ownWritesOnLinux()) return this.deleteOnLinux(ref)
    return this.deleteThroughLibrary(ref)
  }

  private deleteThroughLibrary(ref: string): Promise<boolean> {
    return this.call('delete the secret', { op: 'delete', service: this.service, account: ref })
      .then(async (v) => v === true || (await this.refuseIfLocked('delete the secret'), false))
      .catch(rethrow(this.description))
  }

  /** Over the writer's connection; items only in a locked collection go to the library, nothing at all is checked against the lock. */
  private async deleteOnLinux(ref: string): Promise<boolean> {
    const done = await this.onLinux('delete the secret', (t) => this.writer.remove({ service: this.service, username: ref }, t))
    if ('locked' in done) return this.deleteThroughLibrary(ref)
    if (done.removed > 0) return true
    await this.refuseIfLocked('delete the secret')
    return false
  }

  /** The accounts under this service, never their secrets (through the library, the broker drops the passwords it returns). */
  refs(): Promise<string[]> {
    if (ownWritesOnLinux()) return this.refsOnLinux()
    return this.refsThroughLibrary()
  }

  /** Over the writer's connection, checked against the lock as the library's answer is (a locked daemon may list nothing). */
  private async refsOnLinux(): Promise<string[]> {
    const done = await this.onLinux('list its entries', (t) => this.writer.accounts({ service: this.service }, t))
    if ('locked' in done) return this.refsThroughLibrary()
    await this.refuseIfLocked('list its entries')
    return done.accounts
  }

  private refsThroughLibrary(): Promise<string[]> {
    return this.call('list its entries', { op: 'accounts', service: this.service })
      .then(async (v) => {
        await this.refuseIfLocked('list its entries')
        return Array.isArray(v) ? v.filter((a): a is string => typeof a === 'string') : []
      })
      .catch(rethrow(this.description))
  }

  /**
   * A locked Secret Service collection hides its items: the library then answers "no such entry"
   * for a read or a delete and an empty list for a listing, without an error (seen with
   * gnome-keyring after its daemon restarted, locked). Taken at its word that would tell the user
   * to add a secret again that is still there, and let a delete or a recovery drop the token's
   * row while its secret stays behind. So an empty answer is checked against the lock — one more
   * D-Bus call, on that path only (and on every listing, which is rare) — and a locked keychain
   * is an error that changes nothing.
   */
  private async refuseIfLocked(what: string): Promise<void> {
    if (process.platform !== 'linux') return
    const locked = await defaultCollectionLocked(sessionBusAddress(), Math.min(1000, this.timeoutMs))
    if (locked) throw keychainUnavailable(this.description, `it is locked, so it could not ${what}`, true)
  }

  /**
   * After a deadline passed: the next call in the next few seconds (the cleanup after a failed
   * write) fails at once instead of waiting out a second deadline; nothing is sent to the keychain for it.
   */
  private rememberFailure(why: string): void {
    this.health = { at: Date.now(), error: keychainUnavailable(this.description, `it failed a moment ago, so it was not asked again (${why})`, true) }
  }

  /** A failure within FAILED_RECHECK_MS stands for this call too. */
  private throwIfFailedRecently(): void {
    const h = this.health
    if (h?.error && Date.now() - h.at < FAILED_RECHECK_MS) throw h.error
  }

  /**
   * On Linux, checks that the Secret Service answers before the native constructor (which blocks
   * the event loop on a hung bus) runs. A success is trusted for RECHECK_MS; a failure for
   * FAILED_RECHECK_MS, so the cleanup that follows a failed write fails at once instead of waiting
   * out a second deadline. Such errors are marked nothingSent: no request reached the keychain.
   */
  private async ensureReachable(): Promise<void> {
    this.throwIfFailedRecently()
    const h = this.health
    if (h && !h.error && Date.now() - h.at < RECHECK_MS) return
    if (process.platform !== 'linux') return
    try {
      await pingSecretService(sessionBusAddress(), this.timeoutMs)
      this.health = { at: Date.now() }
    } catch (e) {
      const error = keychainUnavailable(this.description, describeKeyringError(e), true)
      this.health = { at: Date.now(), error }
      throw error
    }
  }

  /**
   * One native call in the broker, raced against the deadline. At the deadline the broker's
   * process is killed: the call may never return (a daemon waiting on an unlock prompt nobody
   * sees), and only a separate process can be abandoned without keeping this one alive.
   */
  private async call(what: string, op: BrokerOp): Promise<unknown> {
    await this.ensureReachable()
    let timer: NodeJS.Timeout | undefined
    let settled = false
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void this.whyNoAnswer(what).then((why) => {
          if (settled) return // it answered while we looked: that answer stands
          reject(keychainUnavailable(this.description, why))
          this.broker.abandon('deadline passed')
          this.rememberFailure(why)
        })
      }, this.timeoutMs)
    })
    try {
      return await Promise.race([this.broker.request(op), timeout])
    } finally {
      settled = true
      clearTimeout(timer)
    }
  }

  /** A locked collection waits on an unlock prompt (which may be on screen); say so rather than "did not answer". */
  private async whyNoAnswer(what: string): Promise<string> {
    const waited = `it did not answer within ${this.timeoutMs / 1000} s when asked to ${what}`
    if (process.platform !== 'linux') return waited
    const locked = await defaultCollectionLocked(sessionBusAddress(), Math.min(1000, this.timeoutMs))
    return locked ? `it is locked (${waited}; an unlock prompt may be waiting)` : waited
  }

  /** Ends the broker process (the app at quit; the CLI does not need to: an idle broker never holds it). */
  close(): void {
    this.broker.abandon('closed')
    this.reader.close()
    this.writer.close()
  }
}

/**
 * lockedMeansNothingWritten: the library unlocks the collection before it creates an item, so a
 * write refused as locked wrote nothing. Saying so lets a failed add drop its pending row at once,
 * where a check for a stray entry could not answer (a locked collection cannot be searched).
 */
function rethrow(description: string, opts: { lockedMeansNothingWritten?: boolean } = {}) {
  return async (e: unknown): Promise<never> => {
    if (e instanceof Error && e.name === 'TokenDeskError') throw e
    let why = describeKeyringError(e)
    // The library's "locked" is checked against the collection itself: a daemon that is stopped
    // (SIGSTOP) or hung answers nothing, and "locked" — "unlock it" — would send the user the wrong way.
    if (why.startsWith('it is locked') && process.platform === 'linux') {
      why = confirmLocked(why, await defaultCollectionLocked(sessionBusAddress(), 1000))
    }
    throw keychainUnavailable(description, why, opts.lockedMeansNothingWritten === true && why.startsWith('it is locked'))
  }
}

/**
 * What to say when the library reported the keychain locked, given what the collection itself
 * answers about its lock: true keeps "locked"; no answer at all means the daemon is not answering
 * (stopped or hung), which is the truth to tell; false (unlocked now) keeps the library's words.
 */
export function confirmLocked(libraryWhy: string, collectionLocked: boolean | undefined): string {
  if (collectionLocked === undefined) return 'it is not answering (its daemon is stopped or hung)'
  return libraryWhy
}
/**
 * The library's messages name the platform failure (no D-Bus, locked, no such service); they
 * never contain the password, but we keep only the first line and bound its length anyway.
 */
function describeKeyringError(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e)
  const first = (msg.split('\n')[0] ?? '').slice(0, 160)
  if (/locked/i.test(msg)) return 'it is locked'
  if (/unlock prompt/i.test(msg)) return 'it is locked, and no unlock prompt could be shown'
  if (/did not answer|no session bus|no Secret Service|session bus/i.test(msg)) return first
  if (/dbus|d-bus|session bus|org\.freedesktop|no such|not provided|connection/i.test(msg)) {
    return `no Secret Service answered on the session bus (${first})`
  }
  return first || 'unknown error'
}
