/**
 * `npm run hub` — start the TokenDesk reference hub on 127.0.0.1.
 *
 *   npm run hub -- [--port 8787] [--db FILE]   (default .tokendesk-dev/hub.sqlite, git-ignored)
 *
 * On the first start (empty database) it seeds:
 *   - user "demo", owner of org "quantum-lab", and prints ONE management token for demo to
 *     stdout. It is shown only this once (the hub stores only its SHA-256 hash), so copy it then;
 *     to get a new one, delete the database file and start again.
 *   - user "ada", a plain member of "quantum-lab" (no token printed).
 * Try it:  curl -H "Authorization: Bearer <token>" http://127.0.0.1:8787/api/v1/me
 * The API is described in hub/openapi.yaml. The request log goes to stderr and never contains
 * secrets or Authorization headers. Stop with Ctrl-C.
 */
import { parseArgs } from 'node:util'
import fs from 'node:fs'
import path from 'node:path'
import { startHub } from './server'
import { defaultHubDb, existingDbHint } from './start-text'

const DEFAULT_PORT = 8787

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  })
  if (values.help) {
    process.stdout.write('usage: npm run hub -- [--port 8787] [--db FILE]  (default .tokendesk-dev/hub.sqlite)\n')
    return
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535, got "${values.port}"`)
  }
  const dbPath = values.db ?? defaultHubDb(process.cwd())
  fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true })
  const hub = await startHub({ port, dbPath, seed: true })
  process.stderr.write(`TokenDesk hub listening on ${hub.url} (database ${dbPath})\n`)
  if (hub.seeded) {
    process.stderr.write(
      `Seeded user "${hub.seeded.user}" (owner of quantum-lab) and "ada" (member). ` +
        'Management token for demo, shown only this once:\n',
    )
    process.stdout.write(`${hub.seeded.managementToken}\n`)
  } else {
    process.stderr.write(`${existingDbHint(dbPath)}\n`)
  }
  const stop = () => void hub.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  process.stderr.write(`tokendesk hub: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
