import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultHubDb, existingDbHint } from './start-text'

describe('npm run hub: where its database goes, and what a restart says', () => {
  it('keeps the database in the git-ignored .tokendesk-dev/, not loose in the repository', () => {
    const root = path.resolve(__dirname, '..')
    const db = defaultHubDb(root)
    expect(db).toBe(path.join(root, '.tokendesk-dev', 'hub.sqlite'))
    // git itself says the file is ignored (exit 0 from check-ignore), and so is the old default.
    for (const f of [db, path.join(root, 'tokendesk-hub.sqlite')]) {
      expect(execFileSync('git', ['check-ignore', '-q', f], { cwd: root, stdio: 'pipe' }).length).toBe(0)
    }
  })

  it('tells how to get a new management token after a restart', () => {
    expect(existingDbHint('/x/hub.sqlite')).toMatch(/^Using the existing database \/x\/hub\.sqlite\. .*To get a new one, stop the hub, delete that file and start again/)
  })
})
