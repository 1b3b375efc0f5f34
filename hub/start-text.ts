import path from 'node:path'

/**
 * Where `npm run hub` keeps its database when --db is not given: in the git-ignored
 * `.tokendesk-dev/` of the working directory, not loose in the repository root.
 */
export const defaultHubDb = (cwd: string): string => path.join(cwd, '.tokendesk-dev', 'hub.sqlite')

/** What a restart over an existing database says: the management token is not shown again. */
export function existingDbHint(dbPath: string): string {
  return (
    `Using the existing database ${dbPath}. Its management token for demo was printed on its first start ` +
    '(the hub keeps only a hash). To get a new one, stop the hub, delete that file and start again, ' +
    'or start with --db pointing at a new file.'
  )
}
