import fs from 'node:fs'

/**
 * The absolute command that runs this installation of the CLI — the Node binary and the CLI's own
 * entry file, links resolved — for a credential_process line, which the AWS SDKs run with no shell
 * and no PATH lookup of ours (the guide: absolute paths).
 */
export function selfCommand(): string[] {
  const entry = process.argv[1]
  if (!entry) return [process.execPath]
  let real = entry
  try {
    real = fs.realpathSync(entry)
  } catch {
    // as given
  }
  return [process.execPath, real]
}
