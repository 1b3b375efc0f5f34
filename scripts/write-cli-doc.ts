// Rewrites docs/cli.md from the CLI's own help text (src-main/cli/reference-doc.ts): `npm run docs:cli`.
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { COMMANDS, helpText } from '../src-main/cli/commands'
import { cliReferenceDoc } from '../src-main/cli/reference-doc'

const file = path.join(__dirname, '..', 'docs', 'cli.md')
writeFileSync(file, cliReferenceDoc(COMMANDS, helpText()))
console.log(`wrote ${path.relative(process.cwd(), file)}`)
