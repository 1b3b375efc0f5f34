/**
 * Every channel of the bridge contract, each a function that fails the test when called: the one
 * stub the dispatcher's spec (as `Handlers`) and the renderer store's spec (as the bridge) start
 * from. Written out, not computed, so each use site's type checks it is complete: a new channel
 * fails both specs' typecheck until it is added here.
 */
const never = (): never => {
  throw new Error('this channel must not be called here')
}

export const everyChannel = () => ({
  tokens: { list: never, show: never, expiring: never, add: never, checkNew: never, revoke: never, restore: never, delete: never, reveal: never, copy: never, generate: never, check: never, edit: never, rotate: never, rotateOnPlatform: never },
  connections: { list: never, connect: never, disconnect: never, sync: never },
  orgs: { list: never, set: never },
  settings: { get: never, update: never },
  reminders: { snooze: never, due: never },
  placements: { list: never, update: never, remove: never, toReferences: never },
  imports: { scan: never, apply: never },
  doctor: { orphans: never, adopt: never, purge: never },
  backup: { suggestPath: never, create: never, restore: never },
  desktop: { pending: never, openCreatePage: never },
  sdkConfig: { formats: never, preview: never, write: never },
  scan: { run: never, cancel: never, found: never },
})
