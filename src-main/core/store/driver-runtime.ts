/**
 * better-sqlite3 13 is a Node-API addon built for Node-API 10 (its binding.gyp sets
 * NAPI_VERSION=10). A runtime with an older Node-API does not refuse it: it crashes with a
 * segmentation fault on the first open (measured here on Node 22.12.0 and 22.13.1; 22.14.0, the
 * first 22.x with Node-API 10, works). So TokenDesk checks before opening and says what to do.
 */
export const REQUIRED_NODE_API = 10

/** A message when this runtime cannot run the SQLite driver, else null. */
export function driverRuntimeProblem(versions: { napi?: string; node: string; electron?: string }): string | null {
  const napi = Number(versions.napi ?? 0)
  if (napi >= REQUIRED_NODE_API) return null
  const runtime = versions.electron ? `Electron ${versions.electron}` : `Node.js ${versions.node}`
  return (
    `TokenDesk's SQLite driver needs Node-API ${REQUIRED_NODE_API} (Node.js 22.14 or newer, 24 LTS recommended); ` +
    `this is ${runtime} with Node-API ${versions.napi ?? 'unknown'}. Update Node.js and run the command again.`
  )
}
