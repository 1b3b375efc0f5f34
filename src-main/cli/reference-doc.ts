import type { CommandSpec } from './command'

/**
 * docs/cli.md, built from the CLI's own help: the top-level help and each command's `Usage:` text
 * exactly as `tokendesk help COMMAND` prints them (main.ts). Pure, so test/unit/cli-doc.test.ts can
 * compare the committed file with it and fail when the help changed without the doc
 * (`npm run docs:cli` rewrites it).
 */
export function cliReferenceDoc(commands: Record<string, CommandSpec>, topHelp: string): string {
  const shown = Object.entries(commands)
    .filter(([name]) => !name.startsWith('__'))
    .sort(([a], [b]) => a.localeCompare(b))
  const index = shown.map(([name, c]) => `| [\`${name}\`](#${name}) | ${c.summary.replace(/\|/g, '\\|')} |`)
  const sections = shown.map(([name, c]) => `## ${name}\n\n${c.summary.charAt(0).toUpperCase()}${c.summary.slice(1)}.\n\n${fence(`Usage: ${c.usage}`)}\n`)
  return `# CLI reference

<!-- Generated from the CLI's own help (src-main/cli/commands.ts) by \`npm run docs:cli\`; edit the
     help text, not this file. test/unit/cli-doc.test.ts fails when the two differ. -->

Every \`tokendesk\` command, as \`tokendesk help COMMAND\` prints it. How the commands fit together —
references, \`run\`, imports, rotation — is in the [user guide](user-guide.md#the-tokendesk-cli);
the README's [first task](../README.md#five-minutes-with-tokendesk) uses the common ones.

${fence(topHelp.trimEnd())}

| Command | What it does |
| --- | --- |
${index.join('\n')}

${sections.join('\n')}`
}

/** A code fence longer than any run of backticks inside the text. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const ticks = '`'.repeat(longest + 1)
  return `${ticks}text\n${text}\n${ticks}`
}
