/**
 * The floor of `tokendesk get`: a Node program that reads one secret from the Secret Service and
 * prints it, with TokenDesk's own reader (core/secrets/secret-service-reader.ts) and nothing else —
 * no database, no CLI. bench/vault.bench.ts bundles it and times it beside `get`; whatever `get`
 * takes beyond it is the database (find the token, record the use) and the CLI.
 *
 *   node bare-read.cjs SERVICE ACCOUNT
 */
import fs from 'node:fs'
import { SecretServiceReader } from '../../src-main/core/secrets/secret-service-reader'
import { sessionBusAddress } from '../../src-main/core/secrets/session-bus'

const [service, username] = process.argv.slice(2)
new SecretServiceReader(() => sessionBusAddress())
  .read({ service: service!, username: username! }, 4000)
  .then((found) => {
    if (!('value' in found)) throw new Error(`no readable item (${Object.keys(found).join()})`)
    fs.writeSync(1, found.value)
  })
  .catch((e: unknown) => {
    process.stderr.write(`bare-read: ${e instanceof Error ? e.message : String(e)}\n`)
    process.exitCode = 1
  })
